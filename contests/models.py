"""Contests of a cohort: rounds and their published formula, the rubric, entries frozen from submissions,
judges and their assignments, conflicts of interest, scoresheets, peer votes, award levels and awards.

The statistics (raw and adjusted results, agreement, ranking) live in ``scoring.py``, the judge assignment
in ``assignment.py`` and the charts in ``charts.py``: plain functions with no ORM in them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort, Membership
from submissions.models import Submission, SubmissionRevision
from teams.models import Team


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

    @property
    def max_total(self) -> Decimal:
        return sum((c.points for c in self.criteria.all()), Decimal(0))


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

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


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


class PeerVote(models.Model):
    """One participant's vote for one entry in a peer round (never for their own team)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes", verbose_name=_("round"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes", verbose_name=_("entry"))
    voter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("voter"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("peer vote")
        verbose_name_plural = _("peer votes")
        constraints = [models.UniqueConstraint(fields=["round", "voter", "entry"], name="peer_vote_once_per_entry")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.entry_id}"


class AwardLevel(models.Model):
    """An award of the contest with its quota (대상 1, 최우수 1, 우수 2, 장려 3) or a special award."""

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="award_levels", verbose_name=_("contest")
    )
    name = models.CharField(_("award"), max_length=100)
    quota = models.PositiveSmallIntegerField(_("quota"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    is_special = models.BooleanField(_("special award"), default=False)

    class Meta:
        verbose_name = _("award level")
        verbose_name_plural = _("award levels")
        ordering = ["contest", "is_special", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="award_level_name_unique")]

    def __str__(self) -> str:
        return self.name


class Award(models.Model):
    """An entry's award: one per entry."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards", verbose_name=_("contest"))
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="award", verbose_name=_("entry"))
    level = models.ForeignKey(AwardLevel, on_delete=models.CASCADE, related_name="awards", verbose_name=_("award"))
    citation = models.CharField(_("citation"), max_length=300, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["contest", "level__is_special", "level__order", "entry__number"]

    def __str__(self) -> str:
        return f"{self.level} · {self.entry}"
