"""Scoresheets, their scores and the history of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contest import Criterion
from .judging import JudgeAssignment


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    VOID = "void", _("Void")


class ScoreSheet(models.Model):
    """A judge's scores for one assigned entry. Saves carry `version` (optimistic locking)."""

    assignment = models.OneToOneField(
        JudgeAssignment, on_delete=models.CASCADE, related_name="sheet", verbose_name=_("assignment")
    )
    status = models.CharField(_("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    private_note = models.TextField(_("note to the organizers (not shown to the team)"), blank=True)
    version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.CharField(max_length=300, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scoresheet")
        verbose_name_plural = _("scoresheets")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return str(self.assignment)


class Score(models.Model):
    """The points one judge gave one criterion of one entry, and the judge's comment on it."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scoresheet"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("points"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    comment_hidden = models.BooleanField(_("comment withheld from the team"), default=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class ScoreChange(models.Model):
    """Every change of a score or comment: who, when, the old and the new value."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="changes")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    field = models.CharField(max_length=20, default="value")  # value, comment, note, status
    old = models.CharField(max_length=2000, blank=True)
    new = models.CharField(max_length=2000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["sheet", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.sheet_id} {self.field}: {self.old} → {self.new}"
