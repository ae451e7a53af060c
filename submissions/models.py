"""A team's prototype submission, its revisions and files, and the prompts it developed (the casebook)."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort
from teams.models import Team

# The text fields of a submission, in the order the form and the revision snapshot show them.
SUBMISSION_FIELDS = (
    "title",
    "summary",
    "background",
    "description",
    "beneficiaries",
    "expected_effect",
    "ai_tools",
    "demo_url",
    "source_url",
)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Submission(models.Model):
    """The team's prototype: one per team (and so per cohort). Saves carry `version` (optimistic locking)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="submission", verbose_name=_("team"))
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("cohort")
    )  # the team's cohort, kept here for the cohort-wide queries
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    background = models.TextField(_("problem and background"), blank=True)
    description = models.TextField(_("what the prototype does"), blank=True)
    beneficiaries = models.TextField(_("citizens or staff served"), blank=True)
    expected_effect = models.TextField(_("expected effect"), blank=True)
    ai_tools = models.TextField(_("AI tools and models used"), blank=True)
    demo_url = models.URLField(_("demo URL"), max_length=500, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["cohort", "team__name"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return self.title or str(self.team)

    def clean(self):
        super().clean()
        if self.team_id and self.cohort_id and self.team.cohort_id != self.cohort_id:
            raise ValidationError(_("The submission must belong to its team's cohort."))

    @property
    def is_submitted(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED

    def field_values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SUBMISSION_FIELDS}


class SubmissionVersion(models.Model):
    """The fields as each save left them (the last few per submission), so a refused stale save can show
    what changed since the version the editor started from, and by whom."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    fields = models.JSONField(default=dict)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "-number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="submission_version_unique")]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"


class AttachmentKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    DOCUMENT = "document", _("Document")
    SCREENSHOT = "screenshot", _("Screenshot")
    VIDEO = "video", _("Demo video")
    SOURCE = "source", _("Source code (ZIP)")


# Kinds of which a submission holds one current file: a new upload replaces the old one.
SINGLE_KINDS = frozenset({AttachmentKind.SLIDES, AttachmentKind.VIDEO, AttachmentKind.SOURCE})


def attachment_path(instance: Attachment, filename: str) -> str:
    """A path with a random part and no user-written text (the original name lives in the database)."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"submissions/{instance.submission.cohort_id}/{instance.submission_id}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """An uploaded file. Replacing or removing it keeps the row (and the file) for the revisions that had it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)  # replaced or removed: no longer current
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "kind", "created_at", "id"]
        indexes = [models.Index(fields=["submission", "removed_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_current(self) -> bool:
        return self.removed_at is None

    def snapshot(self) -> dict:
        return {"id": self.pk, "name": self.original_name, "sha256": self.sha256, "size": self.size, "kind": self.kind}


class SubmissionRevision(models.Model):
    """A full snapshot taken at each submit: the fields and the attachments with their checksums."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(default=dict)
    attachments = models.ManyToManyField(Attachment, related_name="revisions", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["submission", "-number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="submission_revision_unique")]

    def __str__(self) -> str:
        return f"{self.submission} #{self.number}"


class Prompt(models.Model):
    """A prompt the team developed: the heart of the casebook."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="prompts")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    text = models.TextField(_("prompt"))
    tool = models.CharField(_("model or tool"), max_length=100, blank=True)
    example_input = models.TextField(_("example input"), blank=True)
    example_output = models.TextField(_("example output"), blank=True)
    tips = models.TextField(_("tips"), blank=True)
    tags = models.CharField(_("tags"), max_length=400, blank=True)  # ",민원,요약," (wrapped for exact matching)
    pii_findings = models.JSONField(default=list, blank=True)
    pii_flagged = models.BooleanField(_("personal data found"), default=False)
    consent_to_publish = models.BooleanField(_("the team consents to publishing"), default=False)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    for_casebook = models.BooleanField(_("for the casebook"), default=False)
    casebook_category = models.CharField(_("casebook category"), max_length=50, blank=True)
    casebook_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    casebook_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        ordering = ["submission", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_casebook=False) | Q(consent_to_publish=True, pii_flagged=False),
                name="prompt_casebook_needs_consent_and_no_pii",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]


class SubmissionSettings(models.Model):
    """A cohort's submission rules, created on demand: the deadline, the gallery switch, size overrides."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="submission_settings")
    deadline = models.DateTimeField(_("submission deadline"), null=True, blank=True)
    gallery_open = models.BooleanField(_("gallery open to all members"), default=False)
    max_bytes = models.PositiveBigIntegerField(_("largest file (except video), bytes"), null=True, blank=True)
    video_max_bytes = models.PositiveBigIntegerField(_("largest video, bytes"), null=True, blank=True)
    quota_bytes = models.PositiveBigIntegerField(_("total per submission, bytes"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("submission settings")
        verbose_name_plural = _("submission settings")

    def __str__(self) -> str:
        return str(self.cohort)


class DeadlineExtension(models.Model):
    """An organizer lets one team keep editing past the deadline, until a given time."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="deadline_extension", verbose_name=_("team")
    )
    until = models.DateTimeField(_("until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["until"]

    def __str__(self) -> str:
        return f"{self.team} → {self.until:%Y-%m-%d %H:%M}"
