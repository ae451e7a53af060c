"""Every state change of submissions: saving (with optimistic locking), submitting (a revision),
files, prompts, the casebook, the deadline and its reminders. Called by views, tasks and the demo alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.mail import personal_email
from learninggroup.models import Cohort, Membership, Role, User
from notifications.models import Delivery
from notifications.registry import Skip
from notifications.services import Outgoing, deliveries_enqueue, deliveries_send
from teams.models import Team

from .deadlines import DeadlineState, due_offset
from .diffing import FieldDiff, fields_diff
from .models import (
    SINGLE_KINDS,
    SUBMISSION_FIELDS,
    Attachment,
    AttachmentKind,
    DeadlineExtension,
    Prompt,
    Submission,
    SubmissionRevision,
    SubmissionSettings,
    SubmissionStatus,
    SubmissionVersion,
)
from .names import extension_of, sanitize_filename
from .pii import scan_fields
from .selectors import team_extension
from .sniffing import sniff
from .uploads import UploadLimits, megabytes

VERSIONS_KEPT = 50
REQUIRED_TO_SUBMIT = ("title", "summary", "background", "description")
PROMPT_FIELDS = ("title", "purpose", "text", "tool", "example_input", "example_output", "tips")
PII_FIELDS = ("title", "purpose", "text", "example_input", "example_output", "tips")
MAX_TAGS = 10
MAX_TAG_LENGTH = 30
REMINDER_KIND = "submissions.deadline"  # a kind of notifications.Delivery, registered in apps.py
REMINDER_DAYS = (3, 1)


class SubmissionError(Exception):
    """A rule refused the change; the message is for the person."""


class EditingClosed(SubmissionError):
    pass


class UploadRefused(SubmissionError):
    pass


@dataclass
class StaleVersion(SubmissionError):
    """The save was based on an older version than the one stored: nothing was written."""

    current: Submission | Prompt
    changes: list[FieldDiff]
    editors: list[str]
    base_known: bool = True

    def __str__(self) -> str:
        return _("Someone saved a newer version while you were editing.")


@dataclass
class SaveResult:
    submission: Submission
    changed: bool


@dataclass
class ReminderRun:
    sent: int = 0
    already: int = 0
    teams: list[int] = field(default_factory=list)


def _text(value) -> str:
    """Browsers send text areas with CRLF line ends; store LF so an unchanged field stays unchanged."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


# Settings, limits and the deadline -----------------------------------------------------------


def settings_get_or_create(*, cohort: Cohort) -> SubmissionSettings:
    try:
        with transaction.atomic():
            return SubmissionSettings.objects.get_or_create(cohort=cohort)[0]
    except IntegrityError:
        return SubmissionSettings.objects.get(cohort=cohort)


def upload_limits(*, cohort_settings: SubmissionSettings | None) -> UploadLimits:
    return UploadLimits.from_settings(cohort_settings)


def deadline_for(*, team: Team, now: dt.datetime | None = None) -> DeadlineState:
    cohort_settings = SubmissionSettings.objects.filter(cohort_id=team.cohort_id).first()
    extension = DeadlineExtension.objects.filter(team=team).first()
    return DeadlineState(
        deadline=cohort_settings.deadline if cohort_settings else None,
        extended_until=extension.until if extension else None,
        now=now or timezone.now(),
    )


def _ensure_open(team: Team, now: dt.datetime | None) -> None:
    state = deadline_for(team=team, now=now)
    if not state.is_open:
        raise EditingClosed(
            _("The submission deadline (%(deadline)s) has passed; the submission can no longer be changed.")
            % {"deadline": timezone.localtime(state.effective, team.cohort.zone).strftime("%Y-%m-%d %H:%M")}
        )


@transaction.atomic
def settings_update(
    *,
    cohort: Cohort,
    actor: User | None,
    deadline: dt.datetime | None,
    gallery_open: bool,
    max_bytes: int | None = None,
    video_max_bytes: int | None = None,
    quota_bytes: int | None = None,
) -> SubmissionSettings:
    cohort_settings = settings_get_or_create(cohort=cohort)
    cohort_settings = SubmissionSettings.objects.select_for_update(of=("self",)).get(pk=cohort_settings.pk)
    cohort_settings.deadline = deadline
    cohort_settings.gallery_open = gallery_open
    cohort_settings.max_bytes = max_bytes
    cohort_settings.video_max_bytes = video_max_bytes
    cohort_settings.quota_bytes = quota_bytes
    cohort_settings.updated_by = actor
    cohort_settings.full_clean()
    cohort_settings.save()
    return cohort_settings


@transaction.atomic
def extension_grant(*, team: Team, until: dt.datetime, actor: User | None) -> DeadlineExtension:
    """Let the team edit until `until` (replacing an earlier extension of the team)."""
    if until <= timezone.now():
        raise SubmissionError(_("An extension must end in the future."))
    extension, _created = DeadlineExtension.objects.update_or_create(
        team=team, defaults={"until": until, "granted_by": actor}
    )
    return extension


@transaction.atomic
def extension_revoke(*, extension: DeadlineExtension) -> None:
    extension.delete()


# The submission ------------------------------------------------------------------------------


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
    posted = {name: _text(fields.get(name, getattr(locked, name))) for name in SUBMISSION_FIELDS}
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
        raise SubmissionError(_("Fill in these fields before submitting: %(fields)s.") % {"fields": labels})
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


# Attachments ---------------------------------------------------------------------------------


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


# Prompts -------------------------------------------------------------------------------------


def normalize_tags(text: str) -> str:
    """ "#민원, 요약  챗봇" → ",민원,요약 챗봇," (wrapped in commas so a tag is matched exactly)."""
    tags: list[str] = []
    for raw in re.split(r"[,#\n;]+", text or ""):
        tag = re.sub(r"\s+", " ", raw).strip().lower()[:MAX_TAG_LENGTH].strip()
        if tag and tag not in tags:
            tags.append(tag)
    tags = tags[:MAX_TAGS]
    return "," + ",".join(tags) + "," if tags else ""


@transaction.atomic
def prompt_save(
    *,
    submission: Submission,
    data: dict,
    actor: User,
    prompt: Prompt | None = None,
    base_version: int = 0,
    now: dt.datetime | None = None,
) -> Prompt:
    """Create or update a prompt. It is scanned for personal data on every save; a prompt with findings,
    or without the team's consent, leaves the casebook."""
    now = now or timezone.now()
    locked_submission = Submission.objects.select_related("team__cohort").get(pk=submission.pk)
    _ensure_open(locked_submission.team, now)
    values = {name: _text(data.get(name, "")) for name in PROMPT_FIELDS}
    values["tags"] = normalize_tags(data.get("tags", ""))
    consent = bool(data.get("consent_to_publish"))
    if prompt is None:
        prompt = Prompt(submission=locked_submission, created_by=actor)
    else:
        prompt = Prompt.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=prompt.pk)
        current = {name: getattr(prompt, name) for name in (*PROMPT_FIELDS, "tags")}
        if current == values and prompt.consent_to_publish == consent:
            return prompt
        if prompt.version != base_version:
            raise StaleVersion(
                current=prompt,
                changes=fields_diff(values, current, (*PROMPT_FIELDS, "tags")),
                editors=[prompt.updated_by.name] if prompt.updated_by else [],
                base_known=False,
            )
    for name, value in values.items():
        setattr(prompt, name, value)
    prompt.pii_findings = scan_fields({name: values[name] for name in PII_FIELDS})
    prompt.pii_flagged = bool(prompt.pii_findings)
    if consent and not prompt.consent_to_publish:
        prompt.consent_by, prompt.consent_at = actor, now
    elif not consent:
        prompt.consent_by, prompt.consent_at = None, None
    prompt.consent_to_publish = consent
    if prompt.pii_flagged or not consent:
        prompt.for_casebook = False
        prompt.casebook_by, prompt.casebook_at = None, None
    prompt.version += 1
    prompt.updated_by = actor
    prompt.full_clean(exclude=["submission", "created_by", "updated_by", "consent_by", "casebook_by"])
    prompt.save()
    return prompt


@transaction.atomic
def prompt_delete(*, prompt: Prompt, actor: User, now: dt.datetime | None = None) -> None:
    locked = Prompt.objects.select_for_update(of=("self",)).select_related("submission__team__cohort").get(pk=prompt.pk)
    _ensure_open(locked.submission.team, now)
    locked.delete()


@transaction.atomic
def prompt_set_casebook(
    *, prompt: Prompt, for_casebook: bool, category: str, actor: User, now: dt.datetime | None = None
) -> Prompt:
    """An organizer marks a prompt for the casebook (only one the team consented to publish and in which
    no personal data was found) and files it under a category; or takes it out again."""
    locked = Prompt.objects.select_for_update(of=("self",)).get(pk=prompt.pk)
    category = re.sub(r"\s+", " ", category or "").strip()[:50]
    if for_casebook:
        if not locked.consent_to_publish:
            raise SubmissionError(_("The team has not consented to publishing this prompt."))
        if locked.pii_flagged:
            raise SubmissionError(_("Personal data was found in this prompt; the team must remove it first."))
        if not category:
            raise SubmissionError(_("Choose a casebook category."))
        locked.casebook_by, locked.casebook_at = actor, now or timezone.now()
    else:
        locked.casebook_by, locked.casebook_at = None, None
    locked.for_casebook = for_casebook
    locked.casebook_category = category
    locked.full_clean(exclude=["submission", "created_by", "updated_by", "consent_by", "casebook_by"])
    locked.save(update_fields=["for_casebook", "casebook_category", "casebook_by", "casebook_at"])
    return locked


# Deadline reminders (the shared deliveries of notifications) ---------------------------------


def _deadline_recipients(*, team: Team):
    return (
        Membership.objects.active()
        .filter(team_membership__team=team, role=Role.PARTICIPANT)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def deadline_reminder_key(*, team_id: int, user_id: int, days: int, deadline: dt.datetime) -> str:
    return f"{REMINDER_KIND}:{team_id}:{user_id}:{days}:{deadline.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _reminder_mail(*, user: User, team: Team, deadline: dt.datetime, days: int) -> EmailMessage:
    context = {
        "user": user,
        "team": team,
        "cohort": team.cohort,
        "deadline": deadline,
        "days": days,
        "url": settings.SITE_URL + reverse("submission_edit", kwargs={"pk": team.cohort_id, "team_pk": team.pk}),
    }
    return personal_email("submissions/emails/deadline", context, user=user, zone=team.cohort.zone)


def build_deadline_reminder(delivery, cache: dict) -> EmailMessage:
    """The builder of the deadline kind: skipped when the team submitted or its deadline moved since."""
    if delivery.object_id not in cache:
        team = (
            Team.objects.select_related("cohort", "cohort__organization", "deadline_extension", "submission")
            .filter(pk=delivery.object_id)
            .first()
        )
        deadline = None
        if team is not None:
            settings_row = SubmissionSettings.objects.filter(cohort_id=team.cohort_id).first()
            extension = team_extension(team)
            deadline = DeadlineState(
                settings_row.deadline if settings_row else None, extension.until if extension else None, timezone.now()
            ).effective
        cache[delivery.object_id] = (team, deadline)
    team, deadline = cache[delivery.object_id]
    if team is None or deadline is None or deadline.isoformat() != delivery.params.get("event_at"):
        raise Skip
    try:
        submitted = team.submission.status == SubmissionStatus.SUBMITTED
    except Submission.DoesNotExist:
        submitted = False
    if submitted:
        raise Skip
    return _reminder_mail(user=delivery.recipient, team=team, deadline=deadline, days=delivery.params["days"])


def deadline_reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    """D-3 and D-1 reminders to the members of every team that has not submitted, each mail at least once.

    Queued as shared deliveries (notifications) keyed by kind, team, person, day offset and deadline, then
    sent; a moved deadline is a new event and is reminded of again. Safe to run twice at once (beat firing
    twice, a retried task); a mail that cannot be sent is recorded as failed and the others go on.
    """
    now = now or timezone.now()
    result = ReminderRun()
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS))
    cohorts = SubmissionSettings.objects.filter(deadline__isnull=False).select_related("cohort")
    teams = (
        Team.objects.filter(cohort__in=[s.cohort_id for s in cohorts])
        .exclude(submission__status=SubmissionStatus.SUBMITTED)
        .select_related("cohort", "deadline_extension")
        .order_by("pk")
    )
    deadlines = {s.cohort_id: s.deadline for s in cohorts}
    for team in teams:
        extension = team_extension(team)
        effective = DeadlineState(deadlines[team.cohort_id], extension.until if extension else None, now).effective
        if effective is None or effective > horizon:
            continue
        days = due_offset(deadline=effective, now=now, offsets_days=REMINDER_DAYS)
        if days is None:
            continue
        items = [
            Outgoing(
                key=deadline_reminder_key(team_id=team.pk, user_id=m.user_id, days=days, deadline=effective),
                recipient_id=m.user_id,
                cohort_id=team.cohort_id,
                object_id=team.pk,
                params={"days": days, "event_at": effective.isoformat()},
            )
            for m in _deadline_recipients(team=team)
        ]
        result.already += len(items) - deliveries_enqueue(kind=REMINDER_KIND, items=items)
    sent = deliveries_send(kinds=[REMINDER_KIND])
    result.sent = sent.sent
    result.teams = sorted(set(Delivery.objects.filter(pk__in=sent.sent_ids).values_list("object_id", flat=True)))
    return result
