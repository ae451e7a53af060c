"""Editing the team's submission: saving with optimistic locking, and submitting (a revision)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import User
from teams.models import Team

from ..diffing import fields_diff
from ..models import SUBMISSION_FIELDS, Submission, SubmissionRevision, SubmissionStatus, SubmissionVersion
from .common import StaleVersion, SubmissionError, _ensure_open, _text

VERSIONS_KEPT = 50
REQUIRED_TO_SUBMIT = ("title", "summary", "background", "description")


@dataclass
class SaveResult:
    submission: Submission
    changed: bool


def submission_for_team(*, team: Team) -> Submission:
    """The team's submission, created (empty, a draft) the first time someone opens it."""
    existing = Submission.objects.filter(team=team).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Submission.objects.create(team=team, cohort_id=team.cohort_id)
    except IntegrityError:
        return Submission.objects.get(team=team)


def _stale(locked: Submission, *, base_version: int, posted: dict[str, str]) -> StaleVersion:
    versions = list(
        SubmissionVersion.objects.filter(submission=locked, number__gte=base_version)
        .select_related("saved_by")
        .order_by("number")
    )
    base = next((v for v in versions if v.number == base_version), None)
    current = locked.field_values()
    editors = []
    for version in versions:
        if version.number > base_version and version.saved_by and version.saved_by.name not in editors:
            editors.append(version.saved_by.name)
    if not editors and locked.updated_by:
        editors = [locked.updated_by.name]
    if base_version == 0:
        base_fields, known = dict.fromkeys(SUBMISSION_FIELDS, ""), True
    elif base is not None:
        base_fields, known = base.fields, True
    else:
        base_fields, known = posted, False  # too old to know: show where the stored text differs from yours
    return StaleVersion(
        current=locked, changes=fields_diff(base_fields, current, SUBMISSION_FIELDS), editors=editors, base_known=known
    )


@transaction.atomic
def submission_save(
    *, submission: Submission, fields: dict, base_version: int, actor: User, now: dt.datetime | None = None
) -> SaveResult:
    """Save the team's edits if they are based on the stored version; a save of unchanged text changes
    nothing. Raises StaleVersion (with what changed and by whom) or EditingClosed."""
    now = now or timezone.now()
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("team__cohort", "updated_by")
        .get(pk=submission.pk)
    )
    _ensure_open(locked.team, now)
    posted = {
        name: _text(fields.get(name, getattr(locked, name)), model=Submission, name=name) for name in SUBMISSION_FIELDS
    }
    if posted == locked.field_values():
        return SaveResult(locked, changed=False)
    if locked.version != base_version:
        raise _stale(locked, base_version=base_version, posted=posted)
    for name, value in posted.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["team", "cohort", "updated_by", "submitted_by"])
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    SubmissionVersion.objects.create(
        submission=locked, number=locked.version, fields=posted, saved_by=actor, saved_at=now
    )
    SubmissionVersion.objects.filter(submission=locked, number__lte=locked.version - VERSIONS_KEPT).delete()
    return SaveResult(locked, changed=True)


def missing_to_submit(values: dict[str, str]) -> list[str]:
    return [name for name in REQUIRED_TO_SUBMIT if not (values.get(name) or "").strip()]


@transaction.atomic
def submission_submit(
    *, submission: Submission, fields: dict, base_version: int, actor: User, now: dt.datetime | None = None
) -> SubmissionRevision:
    """Save the edits and submit: the submission becomes `submitted` and a revision keeps a full snapshot
    (fields, attachments with their checksums, prompts). Submitting again makes the next revision."""
    now = now or timezone.now()
    locked = submission_save(submission=submission, fields=fields, base_version=base_version, actor=actor, now=now)
    submission = locked.submission
    missing = missing_to_submit(submission.field_values())
    if missing:
        labels = ", ".join(str(Submission._meta.get_field(name).verbose_name) for name in missing)
        raise SubmissionError(
            _("Fill in these fields before submitting: %(fields)s.") % {"fields": labels}, code="incomplete"
        )
    attachments = list(submission.attachments.filter(removed_at__isnull=True).order_by("kind", "created_at", "pk"))
    prompts = list(submission.prompts.order_by("created_at", "pk"))
    number = (submission.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = SubmissionRevision.objects.create(
        submission=submission,
        number=number,
        created_by=actor,
        created_at=now,
        snapshot={
            "version": submission.version,
            "fields": submission.field_values(),
            "attachments": [attachment.snapshot() for attachment in attachments],
            "prompts": [
                {name: getattr(prompt, name) for name in ("title", "purpose", "text", "tool")} for prompt in prompts
            ],
        },
    )
    revision.attachments.set(attachments)
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = actor
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return revision
