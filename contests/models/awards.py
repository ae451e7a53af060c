"""Peer votes, award levels and awards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Membership

from .contest import Contest, Round
from .entries import Entry


class PeerVote(models.Model):
    """One participant's vote for one entry in a peer round (never for their own team)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes", verbose_name=_("round"))
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes", verbose_name=_("entry"))
    # None once the cohort's personal data is destroyed: the vote still counts, nobody knows whose it was.
    voter = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("voter")
    )
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
