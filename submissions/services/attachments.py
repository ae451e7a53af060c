"""A submission's files: checked (size, kind, content sniffed) and stored, replaced, removed."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import User

from ..models import SINGLE_KINDS, Attachment, AttachmentKind, Submission
from ..names import extension_of, sanitize_filename
from ..sniffing import sniff
from ..uploads import UploadLimits, megabytes
from .common import UploadRefused, _ensure_open


def hash_file(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _kind_labels() -> dict:
    return {value: str(label) for value, label in AttachmentKind.choices}


@transaction.atomic
def attachment_add(
    *, submission: Submission, kind: str, upload, actor: User, limits: UploadLimits, now: dt.datetime | None = None
) -> Attachment:
    """Check and store one uploaded file (streamed: a temporary upload is moved, not read into memory).

    Slides, the video and the source ZIP are one per submission: a new one replaces the old, which stays
    for the revisions that had it. Raises UploadRefused with the reason, or EditingClosed.
    """
    now = now or timezone.now()
    locked = Submission.objects.select_for_update(of=("self",)).select_related("team__cohort").get(pk=submission.pk)
    _ensure_open(locked.team, now)
    name = sanitize_filename(upload.name)
    extension = extension_of(name)
    size = upload.size
    if kind not in AttachmentKind.values:
        raise UploadRefused(_("Choose what kind of file this is."))
    limit = limits.for_kind(kind)
    if size > limit:
        raise UploadRefused(
            _("The file is too large: at most %(limit)s MB for this kind of file.") % {"limit": megabytes(limit)}
        )
    verdict = sniff(upload, extension=extension, kind=kind, size=size, limits=limits.zip)
    if not verdict.ok:
        raise UploadRefused(verdict.message(_kind_labels()))

    current = list(locked.attachments.filter(removed_at__isnull=True))
    replaced = [a for a in current if kind in SINGLE_KINDS and a.kind == kind]
    kept = [a for a in current if a not in replaced]
    if len(kept) >= limits.max_files:
        raise UploadRefused(_("A submission holds at most %(count)d files.") % {"count": limits.max_files})
    used = sum(a.size for a in kept)
    if used + size > limits.quota_bytes:
        raise UploadRefused(
            _("The submission's files may take %(quota)s MB in all; %(used)s MB are used.")
            % {"quota": megabytes(limits.quota_bytes), "used": megabytes(used)}
        )

    attachment = Attachment(
        submission=locked,
        kind=kind,
        original_name=name,
        size=size,
        sha256=getattr(upload, "sha256", None) or hash_file(upload),
        content_type=verdict.content_type,
        uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    stored = attachment.file.name
    try:
        attachment.full_clean(exclude=["submission", "uploaded_by", "file"])
        attachment.save()
        for old in replaced:
            _retire(old, actor=actor, now=now)
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


def _retire(attachment: Attachment, *, actor: User | None, now: dt.datetime) -> None:
    """No longer current. Kept (row and file) when a revision has it; otherwise deleted for good."""
    if attachment.revisions.exists():
        attachment.removed_at = now
        attachment.removed_by = actor
        attachment.save(update_fields=["removed_at", "removed_by"])
        return
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    locked = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("submission__team__cohort")
        .get(pk=attachment.pk)
    )
    _ensure_open(locked.submission.team, now)
    if locked.removed_at is None:
        _retire(locked, actor=actor, now=now)
