"""A contest, its rounds with the published formula, and the rubric's criteria."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort


class ContestKind(models.TextChoices):
    INTERNAL = "internal", _("Internal AI contest")
    MINISTRY = "ministry", _("Government Innovation Contest (Ministry of the Interior and Safety)")
    CASEBOOK = "casebook", _("Prompt casebook selection")
    OTHER = "other", _("Other")


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for entries")
    JUDGING = "judging", _("Judging")
    CLOSED = "closed", _("Judging closed")
    PUBLISHED = "published", _("Results published")


# The order a contest moves through; a step back is allowed only from judging/closed to the one before.
STATUS_ORDER = [s.value for s in ContestStatus]


class TieBreak(models.TextChoices):
    CRITERIA = "criteria", _("Higher score on the criteria, in rubric order")
    SUBMITTED = "submitted", _("Earlier submission")
    SHARED = "shared", _("Shared place (the award is shared)")


DEFAULT_TIE_BREAK = [TieBreak.CRITERIA.value, TieBreak.SUBMITTED.value, TieBreak.SHARED.value]


def default_tie_break() -> list[str]:
    return list(DEFAULT_TIE_BREAK)


class Contest(models.Model):
    """One contest of a cohort (the internal AI contest, the Ministry's Government Innovation Contest, …)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="contests", verbose_name=_("cohort"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContestKind.choices, default=ContestKind.INTERNAL)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ContestStatus.choices, default=ContestStatus.DRAFT)
    entry_deadline = models.DateTimeField(_("entry deadline"), null=True, blank=True)
    judging_opens_at = models.DateTimeField(_("judging opens"), null=True, blank=True)
    judging_closes_at = models.DateTimeField(_("judging closes"), null=True, blank=True)
    # The published formula: the judges' part and the peer vote's part of the final score (sum 100).
    judges_weight = models.PositiveSmallIntegerField(
        _("judges' share (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    peer_weight = models.PositiveSmallIntegerField(
        _("peer vote share (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    tie_break = models.JSONField(_("tie-break ladder"), default=default_tie_break)
    # Assignment: judges per entry (None: every judge scores every entry) and the most entries per judge.
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    max_load = models.PositiveIntegerField(_("most entries per judge"), null=True, blank=True)
    share_comments = models.BooleanField(_("show the judges' comments to the teams (without names)"), default=False)
    formula_published_at = models.DateTimeField(_("formula published"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["cohort", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="contest_name_unique_in_cohort"),
            models.CheckConstraint(
                condition=Q(judges_weight__lte=100) & Q(peer_weight__lte=100), name="contest_weights_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.judges_weight + self.peer_weight != 100:
            raise ValidationError({"peer_weight": _("The judges' and the peer vote's shares must add up to 100.")})
        if self.judging_opens_at and self.judging_closes_at and self.judging_opens_at >= self.judging_closes_at:
            raise ValidationError({"judging_closes_at": _("Judging must close after it opens.")})
        ladder = self.tie_break or []
        if any(step not in TieBreak.values for step in ladder) or len(set(ladder)) != len(ladder):
            raise ValidationError({"tie_break": _("Unknown or repeated tie-break step.")})

    @property
    def is_published(self) -> bool:
        return self.status == ContestStatus.PUBLISHED

    @property
    def judging_started(self) -> bool:
        return STATUS_ORDER.index(self.status) >= STATUS_ORDER.index(ContestStatus.JUDGING)

    def window_open(self, now=None) -> bool:
        """Judges may change scores: the contest is judging and the window (if set) includes now."""
        now = now or timezone.now()
        if self.status != ContestStatus.JUDGING:
            return False
        if self.judging_opens_at and now < self.judging_opens_at:
            return False
        return not (self.judging_closes_at and now >= self.judging_closes_at)


class RoundKind(models.TextChoices):
    WRITTEN = "written", _("Written review (서면 심사)")
    PRESENTATION = "presentation", _("Presentation (발표 심사)")
    PEER = "peer", _("Peer vote (동료 투표)")


class Round(models.Model):
    """A stage of judging. Judged rounds share the judges' part of the formula by `weight`; a peer round is
    the peer vote's part. A round may carry in a previous round's score (`carry_from`, `carry_weight` %)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("contest"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices, default=RoundKind.WRITTEN)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    weight = models.PositiveSmallIntegerField(
        _("weight in the judges' part (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    carry_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("carry in from")
    )
    carry_weight = models.PositiveSmallIntegerField(
        _("carried-in share (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    votes_per_person = models.PositiveSmallIntegerField(
        _("votes per participant"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    panel_frozen_at = models.DateTimeField(_("panel frozen"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["contest", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "order"], name="round_order_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_peer(self) -> bool:
        return self.kind == RoundKind.PEER


class Criterion(models.Model):
    """A rubric line: the question a judge answers, its points (배점), the step, and what levels look like."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round"))
    name = models.CharField(_("criterion"), max_length=100)
    question = models.CharField(_("question for the judge"), max_length=300, blank=True)
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    step = models.DecimalField(_("score step"), max_digits=3, decimal_places=1, default=Decimal(1))
    # [{"points": 5, "text": "…"}, …] from low to high
    levels = models.JSONField(_("level descriptors"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.points})"

    def clean(self):
        super().clean()
        if self.step not in (Decimal("0.5"), Decimal(1)):
            raise ValidationError({"step": _("The step is 1 or 0.5.")})
        if self.points is not None and self.step and (self.points / self.step) % 1:
            raise ValidationError({"points": _("The points must be a multiple of the step.")})
