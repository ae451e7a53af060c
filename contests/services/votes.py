"""The peer vote: a participant's votes (never for their own team, one per entry) and closing the round."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learninggroup.models import Membership, Role
from teams.models import TeamMembership

from ..models import ContestStatus, Entry, PeerVote, Round
from .common import VoteRefused


def _voter_team_id(voter: Membership) -> int | None:
    return TeamMembership.objects.filter(membership=voter).values_list("team_id", flat=True).first()


@transaction.atomic
def peer_vote_cast(*, rnd: Round, voter: Membership, entry: Entry, now: dt.datetime | None = None) -> PeerVote:
    """A participant's vote: never for their own team, one per entry, at most the round's number of votes."""
    now = now or timezone.now()
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if not rnd.is_peer:
        raise VoteRefused(_("This round has no peer vote."))
    contest = rnd.contest
    if contest.status != ContestStatus.JUDGING or rnd.closed_at is not None:
        raise VoteRefused(_("The peer vote is not open."), code="closed")
    if voter.cohort_id != contest.cohort_id or voter.role != Role.PARTICIPANT or not voter.is_active:
        raise VoteRefused(_("Only participants of the cohort vote."), code="not_participant")
    if entry.contest_id != contest.pk or not entry.is_active or entry.is_calibration:
        raise VoteRefused(_("This entry cannot be voted for."), code="entry")
    if _voter_team_id(voter) == entry.team_id:
        raise VoteRefused(_("You cannot vote for your own team."), code="own_team")
    Membership.objects.select_for_update().filter(pk=voter.pk).first()  # one vote at a time per person
    if PeerVote.objects.filter(round=rnd, voter=voter, entry=entry).exists():
        raise VoteRefused(_("You already voted for this entry."), code="twice")
    if PeerVote.objects.filter(round=rnd, voter=voter).count() >= rnd.votes_per_person:
        raise VoteRefused(
            _("You have used all %(n)s of your votes.") % {"n": rnd.votes_per_person}, code="no_votes_left"
        )
    try:
        with transaction.atomic():
            return PeerVote.objects.create(round=rnd, voter=voter, entry=entry, created_at=now)
    except IntegrityError:
        raise VoteRefused(_("You already voted for this entry."), code="twice") from None


@transaction.atomic
def peer_vote_withdraw(*, rnd: Round, voter: Membership, entry: Entry) -> None:
    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    if rnd.contest.status != ContestStatus.JUDGING or rnd.closed_at is not None:
        raise VoteRefused(_("The peer vote is not open."), code="closed")
    PeerVote.objects.filter(round=rnd, voter=voter, entry=entry).delete()


@transaction.atomic
def round_close(*, rnd: Round, now: dt.datetime | None = None) -> Round:
    rnd.closed_at = now or timezone.now()
    rnd.save(update_fields=["closed_at"])
    return rnd
