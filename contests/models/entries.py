"""Entries frozen from submissions, and the Ministry's entry form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission, SubmissionRevision
from teams.models import Team

from .contest import Contest


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Entered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced by a newer nomination")


class Entry(models.Model):
    """A nominated submission, frozen at the revision it was nominated from."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries", verbose_name=_("contest"))
    # Deleting a team (or its submission) deletes its entries with their scores: nothing is kept of a team
    # that no longer exists. A revision is never deleted on its own.
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="contest_entries", verbose_name=_("submission")
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="contest_entries", verbose_name=_("team"))
    revision = models.ForeignKey(
        SubmissionRevision, on_delete=models.CASCADE, related_name="contest_entries", verbose_name=_("revision")
    )
    number = models.PositiveIntegerField(_("entry number"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.ACTIVE)
    is_calibration = models.BooleanField(_("calibration entry (scored, not ranked)"), default=False)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="entry_number_unique"),
            models.UniqueConstraint(
                fields=["contest", "submission"],
                condition=Q(status="active"),
                name="entry_one_active_per_submission",
            ),
        ]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status == EntryStatus.ACTIVE

    @property
    def snapshot_fields(self) -> dict:
        return (self.revision.snapshot or {}).get("fields", {})


# The Ministry's entry form (참가신청서 and 원고), in the order the form shows them.
ENTRY_FORM_FIELDS = (
    "case_name",
    "field",
    "organization_name",
    "department",
    "participants",
    "contact_phone",
    "contact_email",
    "period",
    "summary",
    "background",
    "content",
    "ai_usage",
    "security_measures",
    "results_before",
    "results_after",
    "spread",
    "plans",
)


class EntryForm(models.Model):
    """The Ministry's entry form for one entry, prefilled from the submission; the team and the organizers edit
    it until the entry deadline. Saves carry `version` (optimistic locking)."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="form", verbose_name=_("entry"))
    # 참가신청서
    case_name = models.CharField(_("case name (사례명)"), max_length=200, blank=True)
    field = models.CharField(_("field (분야)"), max_length=100, blank=True)
    organization_name = models.CharField(_("institution (기관명)"), max_length=200, blank=True)
    department = models.CharField(_("department (부서)"), max_length=100, blank=True)
    participants = models.TextField(_("participants: name, position, department, one a line (참여자)"), blank=True)
    contact_phone = models.CharField(_("contact's office phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact's work e-mail"), blank=True)
    period = models.CharField(_("period (추진기간)"), max_length=100, blank=True)
    # 원고
    summary = models.TextField(_("case summary (사례 요약)"), blank=True)
    background = models.TextField(_("background (추진배경)"), blank=True)
    content = models.TextField(_("what was done (추진내용)"), blank=True)
    ai_usage = models.TextField(_("AI tools, prompts and data used"), blank=True)
    security_measures = models.TextField(_("security and privacy measures"), blank=True)
    results_before = models.TextField(_("results: before (추진성과 전)"), blank=True)
    results_after = models.TextField(_("results: after (추진성과 후)"), blank=True)
    spread = models.TextField(_("spread to others (확산가능성)"), blank=True)
    plans = models.TextField(_("next steps (향후계획)"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("entry form")
        verbose_name_plural = _("entry forms")

    def __str__(self) -> str:
        return self.case_name or str(self.entry)

    def field_values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ENTRY_FORM_FIELDS}

    @property
    def participant_rows(self) -> list[list[str]]:
        """참여자 as rows of (name, position, department)."""
        rows = []
        for line in self.participants.splitlines():
            parts = [p.strip() for p in line.split(",")]
            if any(parts):
                rows.append([*parts, "", "", ""][:3])
        return rows
