"""Teams of 3–4 participants inside a cohort."""

from django.db import models
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
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "membership__user__name"]

    def __str__(self) -> str:
        return f"{self.team} · {self.membership.user.name}"
