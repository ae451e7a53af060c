"""Entries (nominate, withdraw, calibration, the Ministry entry form), panels, assignment and conflicts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.errors import DomainError
from learninggroup.models import Membership, Role
from submissions.models import Submission

from .. import selectors, services
from ..forms import EntryFormForm
from ..models import ENTRY_FORM_FIELDS, Conflict, ContestKind, ContestStatus, EntryForm
from .common import _contest, _entry, _fail, _round


@login_required
@require_POST
def entry_nominate(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    ids = [int(v) for v in request.POST.getlist("submission") if v.isdigit()]
    nominated = 0
    for submission in Submission.objects.filter(cohort=cohort, pk__in=ids).order_by("team__name"):
        try:
            services.entry_nominate(contest=contest, submission=submission, actor=request.user)
            nominated += 1
        except DomainError as error:
            messages.error(request, f"{submission}: {error}")
    if nominated:
        messages.success(request, _("%(n)s entries nominated.") % {"n": nominated})
    return redirect(reverse("contest_detail", args=[cohort.pk, contest.pk]) + "#entries")


@login_required
@require_POST
def entry_withdraw(request, pk: int, contest_pk: int, entry_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    entry = _entry(contest, entry_pk)
    try:
        services.entry_withdraw(entry=entry, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The entry was withdrawn; its scoresheets stay on record."))
    return redirect(reverse("contest_detail", args=[cohort.pk, contest.pk]) + "#entries")


@login_required
@require_POST
def entry_calibration(request, pk: int, contest_pk: int, entry_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    entry = _entry(contest, entry_pk)
    services.entry_set_calibration(entry=entry, is_calibration=request.POST.get("on") == "1")
    return redirect(reverse("contest_detail", args=[cohort.pk, contest.pk]) + "#entries")


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request, pk: int, contest_pk: int, entry_pk: int):
    """The Ministry's entry form (참가신청서 and 원고): the team and the organizers edit it until the deadline."""
    cohort, contest = _contest(request, pk, contest_pk)
    entry = _entry(contest, entry_pk)
    if not request.user.has_perm("contests.edit_entry_form", entry):
        raise Http404
    record = EntryForm.objects.filter(entry=entry).first()
    if record is None or contest.kind != ContestKind.MINISTRY:
        raise Http404
    form = EntryFormForm(request.POST or None, instance=record, initial={"version": record.version})
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_form_save(
                form=record,
                fields={name: form.cleaned_data[name] for name in ENTRY_FORM_FIELDS},
                base_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except (DomainError, ValidationError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        else:
            messages.success(request, _("The entry form was saved."))
            return redirect("entry_form", cohort.pk, contest.pk, entry.pk)
    open_ = not (contest.entry_deadline and contest.entry_deadline <= timezone.now())
    return render(
        request,
        "contests/entry_form.html",
        {"cohort": cohort, "contest": contest, "entry": entry, "form": form, "problem": problem, "open": open_},
    )


# Panels, assignment and conflicts ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_panel(request, pk: int, contest_pk: int, round_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    rnd = _round(contest, round_pk)
    if rnd.is_peer:
        raise Http404
    if request.method == "POST":
        judge = Membership.objects.filter(cohort=cohort, role=Role.JUDGE, pk=request.POST.get("judge") or 0).first()
        try:
            if judge is None:
                raise services.ContestError(_("Choose a judge of this cohort."))
            if request.POST.get("action") == "remove":
                services.panel_remove(rnd=rnd, judge=judge)
            else:
                services.panel_add(rnd=rnd, judge=judge, is_shadow=request.POST.get("shadow") == "1")
        except DomainError as error:
            _fail(request, error)
        return redirect("round_panel", cohort.pk, contest.pk, rnd.pk)
    overview = selectors.contest_overview(contest=contest)
    assignments = selectors.round_assignments(rnd=rnd)
    on_panel = {p.judge_id for p in overview.panel.get(rnd.pk, [])}
    by_entry: dict[int, list] = {}
    for assignment in assignments:
        by_entry.setdefault(assignment.entry_id, []).append(assignment)
    entries = [e for e in overview.entries if e.is_active]
    return render(
        request,
        "contests/round_panel.html",
        {
            "cohort": cohort,
            "contest": contest,
            "round": rnd,
            "panel": overview.panel.get(rnd.pk, []),
            "available": [j for j in overview.judges if j.pk not in on_panel],
            "entry_rows": [(e, by_entry.get(e.pk, [])) for e in entries],
            "report": request.session.pop(f"assignment-report-{rnd.pk}", None),
            "conflicts_active": overview.conflicts_active,
            "judging_ended": contest.status in (ContestStatus.CLOSED, ContestStatus.PUBLISHED),
        },
    )


@login_required
@require_POST
def round_assign(request, pk: int, contest_pk: int, round_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    rnd = _round(contest, round_pk)
    try:
        report = services.assignment_run(rnd=rnd, actor=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        request.session[f"assignment-report-{rnd.pk}"] = {
            "created": report.created,
            "kept": report.kept,
            "connected": report.connected,
            "components": report.components,
            "problems": report.problems,
        }
    return redirect("round_panel", cohort.pk, contest.pk, rnd.pk)


@login_required
@require_GET
def conflict_list(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    return render(
        request,
        "contests/conflict_list.html",
        {"cohort": cohort, "contest": contest, "conflicts": selectors.conflict_list(contest=contest)},
    )


@login_required
@require_POST
def conflict_override(request, pk: int, contest_pk: int, conflict_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    conflict = Conflict.objects.filter(contest=contest, pk=conflict_pk).first()
    if conflict is None:
        raise Http404
    try:
        if request.POST.get("action") == "restore":
            services.conflict_restore(conflict=conflict)
        else:
            services.conflict_override(conflict=conflict, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("conflict_list", cohort.pk, contest.pk)
