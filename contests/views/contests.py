"""The contest list, creation, the overview, settings, the status flow, rounds and the rubric."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.access import cohort_for
from learninggroup.errors import DomainError
from learninggroup.models import Role
from learninggroup.rules import cohort_roles

from .. import selectors, services
from ..forms import AwardLevelForm, ContestCreateForm, ContestSettingsForm, RoundWeightForm
from ..models import ContestStatus, Round, RoundKind
from .common import _contest, _fail, _round


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
    earlier = list(Round.objects.filter(contest=contest, order__lt=rnd.order).exclude(kind=RoundKind.PEER))
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
