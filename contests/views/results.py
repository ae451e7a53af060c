"""Results, awards, the team's feedback and the peer vote."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.errors import DomainError

from .. import selectors, services
from ..forms import AwardLevelForm
from ..models import AwardLevel, ContestStatus, Entry
from .common import _contest, _entry, _fail


@contextmanager
def _cycle_collector_paused():
    """The results page makes some 100,000 short-lived objects (rows, tuples, floats, strings) and none that
    refer to each other in a cycle: reference counting frees every one of them. Meanwhile Python's cycle
    collector would walk every object of the process several times (half the page's CPU time at 1,000
    entries), so it waits until the page is built."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@login_required
@require_GET
def contest_results(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    with _cycle_collector_paused():
        results = selectors.contest_results(contest=contest, order_by=request.GET.get("by"))
        return render(request, "contests/results.html", {"cohort": cohort, "contest": contest, "results": results})


@login_required
@require_POST
def award_assign(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    back = redirect(reverse("contest_results", args=[cohort.pk, contest.pk]) + "#awards")
    entry_id = request.POST.get("entry") or ""
    if not entry_id.isdigit():
        messages.error(request, _("Choose an entry."))
        return back
    entry = _entry(contest, int(entry_id))
    level_id = request.POST.get("level") or ""
    try:
        if level_id == "":
            services.award_remove(entry=entry)
        else:
            level = AwardLevel.objects.filter(contest=contest, pk=int(level_id) if level_id.isdigit() else 0).first()
            if level is None:
                raise Http404
            services.award_assign(entry=entry, level=level, actor=request.user)
    except DomainError as error:
        _fail(request, error)
    return back


@login_required
@require_POST
def award_level_add(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    form = AwardLevelForm(request.POST)
    if form.is_valid():
        try:
            services.award_level_save(contest=contest, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Name the award and give its quota."))
    return redirect(reverse("contest_detail", args=[cohort.pk, contest.pk]) + "#awards")


@login_required
@require_GET
def entry_feedback(request, pk: int, contest_pk: int, entry_pk: int):
    cohort, contest = _contest(request, pk, contest_pk)
    entry = _entry(contest, entry_pk)
    if not request.user.has_perm("contests.view_feedback", entry):
        raise Http404
    feedback = selectors.entry_feedback(entry=entry)
    return render(request, "contests/feedback.html", {"cohort": cohort, "contest": contest, "feedback": feedback})


@login_required
@require_http_methods(["GET", "POST"])
def peer_vote(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk)
    if not request.user.has_perm("contests.vote", cohort):
        raise PermissionDenied
    rnd = selectors.peer_round(contest=contest)
    if rnd is None:
        raise Http404
    rnd.contest = contest
    voter = selectors.participant_membership(cohort=cohort, user=request.user)
    if request.method == "POST":
        entry = Entry.objects.filter(contest=contest, pk=request.POST.get("entry") or 0).first()
        try:
            if entry is None:
                raise services.VoteRefused(_("This entry cannot be voted for."))
            if request.POST.get("action") == "withdraw":
                services.peer_vote_withdraw(rnd=rnd, voter=voter, entry=entry)
            else:
                services.peer_vote_cast(rnd=rnd, voter=voter, entry=entry)
                messages.success(request, _("Your vote was counted."))
        except DomainError as error:
            _fail(request, error)
        return redirect("peer_vote", cohort.pk, contest.pk)
    return render(
        request,
        "contests/peer_vote.html",
        {
            "cohort": cohort,
            "contest": contest,
            "ballot": selectors.ballot(rnd=rnd, voter=voter),
            "open": contest.status == ContestStatus.JUDGING and rnd.closed_at is None,
        },
    )
