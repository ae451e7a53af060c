"""The judge's desk and scoresheet: confirm or recuse, autosave, submit, the organizer's reopen, files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learninggroup.access import cohort_for
from learninggroup.errors import DomainError
from submissions.serving import attachment_response

from .. import selectors, services
from ..forms import RecuseForm
from ..models import ScoreSheet, SheetStatus
from .common import _contest, _fail


@login_required
@require_GET
def judge_desk(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.judge_contest")
    desk = selectors.judge_desk(contest=contest, user=request.user)
    return render(request, "contests/judge_desk.html", {"cohort": cohort, "contest": contest, "desk": desk})


def _assignment(request, pk: int, assignment_pk: int, *, organizer_may: bool = False):
    """The assignment, if it is the viewer's (no conflict) — else 404, so nobody learns of entries that are not
    theirs. With `organizer_may`, the contest's organizers may open it too."""
    cohort = cohort_for(request, pk, "contests.view_contests")
    assignment = selectors.assignment_for_judge(cohort=cohort, pk=assignment_pk)
    if assignment is None:
        raise Http404
    if request.user.has_perm("contests.score", assignment):
        return cohort, assignment, False
    if organizer_may and request.user.has_perm("contests.manage_assignment", assignment):
        return cohort, assignment, True
    raise Http404


def _sheet_context(cohort, assignment, as_organizer: bool, **extra) -> dict:
    page = selectors.sheet_page(assignment=assignment)
    desk = selectors.judge_desk(contest=assignment.round.contest, user=assignment.judge.user)
    contest = assignment.round.contest
    sheet = page.sheet
    editable = (
        not as_organizer
        and assignment.no_conflict_confirmed_at is not None
        and contest.window_open()
        and (sheet is None or sheet.status == SheetStatus.DRAFT)
    )
    rows = []
    for criterion in page.criteria:
        score = page.scores.get(criterion.pk)
        rows.append({"criterion": criterion, "score": score})
    return {
        "cohort": cohort,
        "contest": contest,
        "assignment": assignment,
        "entry": assignment.entry,
        "fields": assignment.entry.snapshot_fields,
        "page": page,
        "rows": rows,
        "sheet": sheet,
        "version": sheet.version if sheet else 0,
        "desk": desk,
        "editable": editable,
        "as_organizer": as_organizer,
        "recuse_form": RecuseForm(),
        "window_open": contest.window_open(),
        **extra,
    }


@login_required
@require_GET
def sheet(request, pk: int, assignment_pk: int):
    cohort, assignment, as_organizer = _assignment(request, pk, assignment_pk, organizer_may=True)
    return render(request, "contests/sheet.html", _sheet_context(cohort, assignment, as_organizer))


@login_required
@require_POST
def sheet_confirm(request, pk: int, assignment_pk: int):
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    services.assignment_confirm_no_conflict(assignment=assignment, actor=request.user)
    return redirect("sheet", cohort.pk, assignment.pk)


@login_required
@require_POST
def sheet_recuse(request, pk: int, assignment_pk: int):
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    form = RecuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of conflict and give a reason."))
        return redirect("sheet", cohort.pk, assignment.pk)
    contest = assignment.round.contest
    try:
        services.assignment_recuse(assignment=assignment, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        _fail(request, error)
        return redirect("sheet", cohort.pk, assignment.pk)
    messages.success(request, _("You recused from this entry. The organizers can see your reason."))
    return redirect("judge_desk", cohort.pk, contest.pk)


def _posted_scores(request) -> tuple[dict, dict]:
    """The posted `score-<criterion id>` and `comment-<criterion id>` fields by criterion id (the service checks
    that each criterion is one of the round's)."""
    values, comments = {}, {}
    for name, value in request.POST.items():
        kind, _dash, number = name.partition("-")
        if number.isdigit() and kind in ("score", "comment"):
            (values if kind == "score" else comments)[int(number)] = value
    return values, comments


def _version(request) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return -1


def _save_posted(request, assignment, *, always: bool) -> services.SheetSave | None:
    """Save the scores, comments and note the scoresheet form posted, based on the version it was loaded at.
    Unless `always`, a post with none of them saves nothing (None)."""
    values, comments = _posted_scores(request)
    note = request.POST.get("note") if "note" in request.POST else None
    if not always and not values and not comments and note is None:
        return None
    return services.sheet_save(
        assignment=assignment,
        values=values,
        comments=comments,
        note=note,
        base_version=_version(request),
        actor=request.user,
    )


@login_required
@require_POST
def sheet_autosave(request, pk: int, assignment_pk: int):
    """htmx posts the scoresheet on every change; answers the status line (and the new version)."""
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    context = {"cohort": cohort, "assignment": assignment}
    try:
        result = _save_posted(request, assignment, always=True)
        context["saved"] = result.sheet
    except services.StaleSheet as stale:
        context["stale"] = stale
    except DomainError as error:
        context["problem"] = str(error)
    if request.htmx:
        return render(request, "contests/sheet.html#autosave-status", context)
    if "saved" in context:
        messages.success(request, _("Saved."))
    else:
        messages.error(request, context.get("problem") or str(context.get("stale")))
    return redirect("sheet", cohort.pk, assignment.pk)


@login_required
@require_POST
def sheet_submit(request, pk: int, assignment_pk: int):
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    try:
        _save_posted(request, assignment, always=False)
        services.sheet_submit(assignment=assignment, actor=request.user)
    except DomainError as error:
        _fail(request, error)
        return redirect("sheet", cohort.pk, assignment.pk)
    messages.success(request, _("Scoresheet submitted. Thank you."))
    desk = selectors.judge_desk(contest=assignment.round.contest, user=request.user)
    following = next((row.assignment for row in desk.rows if row.status != SheetStatus.SUBMITTED), None)
    if following is not None:
        return redirect("sheet", cohort.pk, following.pk)
    return redirect("judge_desk", cohort.pk, assignment.round.contest_id)


@login_required
@require_POST
def sheet_reopen(request, pk: int, assignment_pk: int):
    cohort = cohort_for(request, pk, "contests.view_contests")
    assignment = selectors.assignment_for_judge(cohort=cohort, pk=assignment_pk)
    if assignment is None or not request.user.has_perm("contests.view_contest", assignment.round.contest):
        raise Http404
    if not request.user.has_perm("contests.manage_assignment", assignment):
        raise PermissionDenied
    record = ScoreSheet.objects.filter(assignment=assignment).first()
    try:
        if record is None:
            raise services.ContestError(_("Only a submitted scoresheet can be reopened."))
        services.sheet_reopen(sheet=record, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The scoresheet is open again for its judge."))
    return redirect("round_panel", cohort.pk, assignment.round.contest_id, assignment.round_id)


@login_required
@require_GET
def sheet_attachment(request, pk: int, assignment_pk: int, attachment_pk: int):
    """A file of the frozen revision, for the assigned judge (after confirming no conflict) or an organizer."""
    _cohort, assignment, as_organizer = _assignment(request, pk, assignment_pk, organizer_may=True)
    if not as_organizer and assignment.no_conflict_confirmed_at is None:
        raise PermissionDenied
    attachment = assignment.entry.revision.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment_response(attachment)
