"""Teams of 3–4 participants inside a cohort, the wishes they are formed from, and the formation's state."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort, Membership


class Team(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="teams", verbose_name=_("cohort"))
    name = models.CharField(_("team name"), max_length=100)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    idea = models.TextField(_("short idea"), blank=True)
    leader = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader"),
    )
    # The facilitator of the cohort who looks after the team. Contests treat them as having a conflict of
    # interest with the team's entries.
    facilitator = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_teams",
        verbose_name=_("facilitator"),
    )
    # Raised by every change of the team's own fields: an edit made from a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["cohort", "name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="team_name_unique_in_cohort")]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A participant's place in a team. A membership belongs to one cohort, so being unique here
    means a participant is in at most one team of their cohort; the database enforces it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team"))
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="team_membership", verbose_name=_("participant")
    )
    # Raised by every move: a move made from a stale page is refused instead of undoing someone else's.
    version = models.PositiveIntegerField(default=1, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "membership__user__name"]

    def __str__(self) -> str:
        return f"{self.team} · {self.membership.user.name}"


class Topic(models.Model):
    """One of the cohort's project topics that teams choose from (민원 분류 챗봇, …)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="topics", verbose_name=_("cohort"))
    name = models.CharField(_("topic"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["cohort", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="topic_name_unique_in_cohort")]

    def __str__(self) -> str:
        return self.name


class TeamPreference(models.Model):
    """A participant's wishes for team formation: a topic and up to two colleagues."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="team_preference", verbose_name=_("participant")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("topic wish")
    )
    colleague1 = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first colleague"),
    )
    colleague2 = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second colleague"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team preference")
        verbose_name_plural = _("team preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(colleague1__isnull=True) | ~Q(colleague1=F("membership")), name="preference_not_self_1"
            ),
            models.CheckConstraint(
                condition=Q(colleague2__isnull=True) | ~Q(colleague2=F("membership")), name="preference_not_self_2"
            ),
            models.CheckConstraint(
                condition=Q(colleague1__isnull=True) | Q(colleague2__isnull=True) | ~Q(colleague1=F("colleague2")),
                name="preference_two_different_colleagues",
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)

    @property
    def colleague_ids(self) -> list[int]:
        return [pk for pk in (self.colleague1_id, self.colleague2_id) if pk]


class FormationStatus(models.TextChoices):
    DRAFT = "draft", _("Forming teams")
    FINALIZED = "finalized", _("Teams finalized")


class TeamFormation(models.Model):
    """Where the cohort's team formation stands; created on first use."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="team_formation", verbose_name=_("cohort")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FormationStatus.choices, default=FormationStatus.DRAFT
    )
    seed = models.PositiveIntegerField(_("seed of the last automatic formation"), null=True, blank=True)
    report = models.JSONField(_("scores of the last automatic formation"), default=dict, blank=True)
    formed_at = models.DateTimeField(null=True, blank=True)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("team formation")
        verbose_name_plural = _("team formations")

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_status_display()}"

    @property
    def is_finalized(self) -> bool:
        return self.status == FormationStatus.FINALIZED


class ChangeKind(models.TextChoices):
    ADD = "add", _("Added to a team")
    MOVE = "move", _("Moved to another team")
    REMOVE = "remove", _("Removed from a team")


class TeamChangeLog(models.Model):
    """One change of a participant's team after the formation was finalized."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+", verbose_name=_("cohort"))
    kind = models.CharField(_("change"), max_length=10, choices=ChangeKind.choices)
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    from_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("from team")
    )
    to_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("to team")
    )
    # The names as they were, so the log still reads right after a team is renamed or deleted.
    from_team_name = models.CharField(max_length=100, blank=True)
    to_team_name = models.CharField(max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("team change")
        verbose_name_plural = _("team changes")
        ordering = ["cohort", "-at", "-id"]
        indexes = [models.Index(fields=["cohort", "-at"])]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.from_team_name or '—'} → {self.to_team_name or '—'}"
