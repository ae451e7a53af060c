"""What every contest page does first: find the cohort, the contest, the round or the entry (404 outside)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from learninggroup.access import cohort_for

from .. import selectors
from ..models import Entry, Round


def _contest(request, pk: int, contest_pk: int, perm: str = "contests.view_contest"):
    """The cohort and the contest: 404 outside the cohort or for a contest the viewer may not know, 403
    without the permission."""
    cohort = cohort_for(request, pk, "contests.view_contests")
    contest = selectors.contest_in_cohort(cohort=cohort, pk=contest_pk)
    if contest is None or not request.user.has_perm("contests.view_contest", contest):
        raise Http404
    if perm != "contests.view_contest" and not request.user.has_perm(perm, contest):
        raise PermissionDenied
    return cohort, contest


def _round(contest, round_pk: int) -> Round:
    rnd = Round.objects.filter(contest=contest, pk=round_pk).first()
    if rnd is None:
        raise Http404
    rnd.contest = contest
    return rnd


def _entry(contest, entry_pk: int) -> Entry:
    entry = Entry.objects.filter(contest=contest, pk=entry_pk).select_related("team", "revision").first()
    if entry is None:
        raise Http404
    entry.contest = contest
    return entry


def _fail(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, str(error))
