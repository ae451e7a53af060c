"""Panels, judges' assignments and conflicts of interest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Membership

from .contest import Contest, Round
from .entries import Entry


class PanelJudge(models.Model):
    """A judge on a round's panel. A shadow judge scores like the others but is left out of the results."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel", verbose_name=_("round"))
    judge = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("judge"))
    is_shadow = models.BooleanField(_("shadow judge (recorded, not counted)"), default=False)
    added_at = models.DateTimeField(default=timezone.now)
    added_after_freeze = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("panel judge")
        verbose_name_plural = _("panel judges")
        ordering = ["round", "judge__user__name"]
        constraints = [models.UniqueConstraint(fields=["round", "judge"], name="panel_judge_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.judge.user.name}"


class JudgeAssignment(models.Model):
    """A judge is to score an entry in a round. Before seeing its content the judge confirms no conflict."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("entry"))
    judge = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("judge"))
    is_shadow = models.BooleanField(default=False)
    no_conflict_confirmed_at = models.DateTimeField(_("no conflict confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["round", "entry__number", "judge__user__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["round", "judge"])]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.judge.user.name}"


class ConflictKind(models.TextChoices):
    TEAM_MEMBER = "team_member", _("Member of the team")
    FACILITATOR = "facilitator", _("Facilitated the team")
    DEPARTMENT = "department", _("Same department as a team member")
    PERSONAL = "personal", _("Personal relationship")
    ADVISED = "advised", _("Advised or helped the team")
    OTHER = "other", _("Other")


DECLARABLE_KINDS = (ConflictKind.PERSONAL, ConflictKind.ADVISED, ConflictKind.DEPARTMENT, ConflictKind.OTHER)


class ConflictSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Detected automatically")
    RECUSAL = "recusal", _("Declared by the judge")
    ORGANIZER = "organizer", _("Added by an organizer")


class Conflict(models.Model):
    """A conflict of interest between a judge and an entry: detected, declared (recusal) or added. An
    organizer may override one with a reason; the row stays, so everything is on record."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("contest"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("entry"))
    judge = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("judge"))
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=ConflictSource.choices)
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    overridden_at = models.DateTimeField(null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["contest", "entry__number", "judge__user__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge", "kind", "source"], name="conflict_unique"),
        ]
        indexes = [models.Index(fields=["contest", "judge"])]

    def __str__(self) -> str:
        return f"{self.entry} × {self.judge.user.name}: {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.overridden_at is None
