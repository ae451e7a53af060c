"""Contest pages: thin views that parse, check the permission, call a service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.access import cohort_for
from learninggroup.errors import DomainError
from learninggroup.models import Membership, Role
from learninggroup.rules import cohort_roles
from submissions.models import Submission

from . import selectors, services
from .forms import (
    AwardLevelForm,
    ContestCreateForm,
    ContestSettingsForm,
    EntryFormForm,
    RecuseForm,
    RoundWeightForm,
)
from .models import (
    ENTRY_FORM_FIELDS,
    AwardLevel,
    Conflict,
    ContestKind,
    ContestStatus,
    Entry,
    EntryForm,
    Round,
    ScoreSheet,
    SheetStatus,
)


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


# Contest list, creation, overview -------------------------------------------------------------------------


@login_required
@require_GET
def contest_list(request, pk: int):
    cohort = cohort_for(request, pk, "contests.view_contests")
    organizer = request.user.has_perm("contests.create_contest", cohort)
    return render(
        request,
        "contests/contest_list.html",
        {
            "cohort": cohort,
            "contests": selectors.contest_list(cohort=cohort, organizer=organizer),
            "can_create": organizer,
            "winners": selectors.published_winners(cohort=cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request, pk: int):
    cohort = cohort_for(request, pk, "contests.create_contest")
    form = ContestCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(cohort=cohort, actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The contest was created from the template of its kind. Check the rubric."))
            return redirect("contest_detail", cohort.pk, contest.pk)
    return render(request, "contests/contest_create.html", {"cohort": cohort, "form": form})


@login_required
@require_GET
def contest_detail(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk)
    roles = cohort_roles(request.user, cohort)
    rounds = selectors.rounds_with_criteria(contest=contest)
    context = {
        "cohort": cohort,
        "contest": contest,
        "rounds": rounds,
        "formula": selectors.formula_text(contest=contest, rounds=rounds),
        "is_organizer": Role.ORGANIZER in roles,
        "is_judge": Role.JUDGE in roles,
        "is_participant": Role.PARTICIPANT in roles,
        "statuses": ContestStatus,
        "my_entries": selectors.team_entries(contest=contest, user=request.user),
        "winners": selectors.winners(contest=contest) if contest.is_published else [],
        "peer_round": selectors.peer_round(contest=contest),
    }
    if Role.ORGANIZER in roles:
        context["overview"] = selectors.contest_overview(contest=contest)
        context["next_statuses"] = [
            (status, ContestStatus(status).label) for status in services.ALLOWED_MOVES.get(contest.status, ())
        ]
        context["next_statuses"].sort(key=lambda s: services.status_index(s[0]))
        context["award_form"] = AwardLevelForm()
    return render(request, "contests/contest_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contest_settings(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    form = ContestSettingsForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.contest_update(contest=contest, fields=fields, actor=request.user)
        except (DomainError, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("contest_detail", cohort.pk, contest.pk)
    return render(
        request,
        "contests/contest_settings.html",
        {"cohort": cohort, "contest": contest, "form": form, "locked": contest.judging_started},
    )


@login_required
@require_POST
def contest_status(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    try:
        contest = services.contest_set_status(
            contest=contest, status=request.POST.get("status", ""), actor=request.user
        )
    except (DomainError, ValueError) as error:
        _fail(request, error)
    else:
        messages.success(request, _("The contest is now: %(status)s.") % {"status": contest.get_status_display()})
    return redirect("contest_detail", cohort.pk, contest.pk)


# Rounds and rubric --------------------------------------------------------------------------------------


def _rubric_rows(post) -> list[dict]:
    """The rubric editor posts parallel lists: criterion id, name, question, points, step, levels text."""
    rows = []
    ids = post.getlist("criterion_id")
    names = post.getlist("name")
    questions = post.getlist("question")
    points = post.getlist("points")
    steps = post.getlist("step")
    levels = post.getlist("levels")
    for index, name in enumerate(names):
        if not name.strip():
            continue
        level_rows = []
        for line in (levels[index] if index < len(levels) else "").splitlines():
            value, _sep, text = line.partition(":")
            try:
                level_rows.append({"points": float(value.strip()), "text": text.strip()})
            except ValueError:
                continue
        try:
            row_id = int(ids[index]) if index < len(ids) and ids[index] else None
        except ValueError:
            row_id = None
        rows.append(
            {
                "id": row_id,
                "name": name,
                "question": questions[index] if index < len(questions) else "",
                "points": points[index] if index < len(points) else "",
                "step": steps[index] if index < len(steps) else "1",
                "levels": level_rows,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int, contest_pk: int, round_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
    rnd = _round(contest, round_pk)
    earlier = list(Round.objects.filter(contest=contest, order__lt=rnd.order).exclude(kind="peer"))
    form = RoundWeightForm(
        request.POST if request.method == "POST" and "weight" in request.POST else None,
        earlier=earlier,
        initial={
            "weight": rnd.weight,
            "carry_from": rnd.carry_from_id,
            "carry_weight": rnd.carry_weight,
            "votes_per_person": rnd.votes_per_person,
        },
    )
    problem = None
    if request.method == "POST":
        try:
            if form.is_bound:
                if not form.is_valid():
                    raise ValidationError(_("Check the weights."))
                data = form.cleaned_data
                services.round_update(
                    rnd=rnd,
                    weight=data["weight"],
                    carry_from=next((r for r in earlier if r.pk == data["carry_from"]), None),
                    carry_weight=data["carry_weight"] or 0,
                    votes_per_person=data["votes_per_person"] or rnd.votes_per_person,
                )
            if not rnd.is_peer and "name" in request.POST:
                services.rubric_save(rnd=rnd, rows=_rubric_rows(request.POST))
        except (DomainError, ValidationError, ValueError, ArithmeticError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("contest_detail", cohort.pk, contest.pk)
    criteria = list(rnd.criteria.order_by("order", "id"))
    return render(
        request,
        "contests/round_edit.html",
        {
            "cohort": cohort,
            "contest": contest,
            "round": rnd,
            "form": form,
            "criteria": criteria,
            "blank_rows": range(2),
            "problem": problem,
            "locked": contest.judging_started,
        },
    )


# Entries -----------------------------------------------------------------------------------------------


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


# Judges ---------------------------------------------------------------------------------------------------


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


def _posted_scores(request, criteria) -> tuple[dict, dict]:
    values, comments = {}, {}
    for criterion in criteria:
        if f"score-{criterion.pk}" in request.POST:
            values[criterion.pk] = request.POST.get(f"score-{criterion.pk}", "")
        if f"comment-{criterion.pk}" in request.POST:
            comments[criterion.pk] = request.POST.get(f"comment-{criterion.pk}", "")
    return values, comments


def _version(request) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return -1


@login_required
@require_POST
def sheet_autosave(request, pk: int, assignment_pk: int):
    """htmx posts the scoresheet on every change; answers the status line (and the new version)."""
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    criteria = list(assignment.round.criteria.all())
    values, comments = _posted_scores(request, criteria)
    context = {"cohort": cohort, "assignment": assignment}
    try:
        result = services.sheet_save(
            assignment=assignment,
            values=values,
            comments=comments,
            note=request.POST.get("note") if "note" in request.POST else None,
            base_version=_version(request),
            actor=request.user,
        )
        context["saved"] = result.sheet
    except services.StaleSheet as stale:
        context["stale"] = stale
    except DomainError as error:
        context["problem"] = str(error)
    status = 200
    if request.htmx:
        return render(request, "contests/sheet.html#autosave-status", context, status=status)
    if "saved" in context:
        messages.success(request, _("Saved."))
    else:
        messages.error(request, context.get("problem") or str(context.get("stale")))
    return redirect("sheet", cohort.pk, assignment.pk)


@login_required
@require_POST
def sheet_submit(request, pk: int, assignment_pk: int):
    cohort, assignment, _org = _assignment(request, pk, assignment_pk)
    criteria = list(assignment.round.criteria.all())
    values, comments = _posted_scores(request, criteria)
    try:
        if values or comments or "note" in request.POST:
            services.sheet_save(
                assignment=assignment,
                values=values,
                comments=comments,
                note=request.POST.get("note") if "note" in request.POST else None,
                base_version=_version(request),
                actor=request.user,
            )
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
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404
    response = FileResponse(
        _LazyFile(attachment.file.storage, attachment.file.name), content_type=attachment.content_type
    )
    response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = content_disposition_header(True, attachment.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class _LazyFile:
    """A stored file, opened when the response is first read and closed by it."""

    def __init__(self, storage, name: str):
        self.storage, self.name, self._file = storage, name, None

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = self.storage.open(self.name, "rb")
        return self._file.read(size)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


# Results, awards, feedback, votes ------------------------------------------------------------------------


@login_required
@require_GET
def contest_results(request, pk: int, contest_pk: int):
    cohort, contest = _contest(request, pk, contest_pk, "contests.manage_contest")
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
