from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from learninggroup import plugins
from learninggroup.access import cohort_for
from learninggroup.audit.log import access_logged
from learninggroup.models import Membership

from . import selectors, services
from .forms import MoveForm, PreferenceForm, TeamCreateForm, TeamForm, TopicForm
from .models import Team, Topic

FINALIZE_PROBLEMS_SHOWN = 15


def _to_formation(request, cohort):
    url = reverse("team_formation", args=[cohort.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return _("Check the form.")


def _percent(rate) -> int | None:
    """An attendance rate (the sessions app gives 0–100) as a whole percentage."""
    if rate is None:
        return None
    return round(float(rate))


# Everyone in the cohort ----------------------------------------------------------------------


@login_required
@require_GET
@access_logged("view", "team_list")
def team_list(request, pk: int):
    cohort = cohort_for(request, pk, "teams.view_teams")
    formation = selectors.formation_state(cohort=cohort)
    visible = formation.is_finalized or request.user.has_perm("teams.view_draft_teams", cohort)
    teams = selectors.team_list(cohort=cohort) if visible else []
    mine = next((team.pk for team in teams for m in team.member_list if m.membership.user_id == request.user.pk), None)
    return render(
        request,
        "teams/team_list.html",
        {
            "cohort": cohort,
            "formation": formation,
            "teams": teams,
            "visible": visible,
            "my_team_id": mine,
            "can_form": request.user.has_perm("teams.form_teams", cohort),
            "can_wish": request.user.has_perm("teams.state_preferences", cohort),
            "can_manage_topics": request.user.has_perm("teams.manage_topics", cohort),
        },
    )


@login_required
@require_GET
@access_logged("view", "team_members")
def team_detail(request, pk: int, team_pk: int):
    cohort = cohort_for(request, pk, "teams.view_teams")
    team = selectors.team_detail(cohort=cohort, team_pk=team_pk)
    if team is None:
        raise Http404
    formation = selectors.formation_state(cohort=cohort)
    if not (formation.is_finalized or request.user.has_perm("teams.view_draft_teams", cohort)):
        raise Http404  # draft teams are shown to the cohort only once they are final
    private = request.user.has_perm("teams.view_team_private", team)
    attendance = selectors.team_attendance(cohort=cohort, team=team) if private else None
    notes = selectors.team_notes(team=team) if private else None
    panels = plugins.render_cards(
        plugins.team_panels(team=team, user=request.user, private=private),
        request=request,
        base={"cohort": cohort, "team": team},
    )
    rows = []
    for m in team.member_list:
        summary = (attendance or {}).get(m.membership_id)
        rows.append(
            {
                "membership": m.membership,
                "is_leader": m.membership_id == team.leader_id,
                "attendance": summary,
                "attendance_rate": _percent(summary.get("rate")) if summary else None,
            }
        )
    return render(
        request,
        "teams/team_detail.html",
        {
            "cohort": cohort,
            "team": team,
            "rows": rows,
            "formation": formation,
            "private": private,
            "notes": notes,
            "panels": panels,
            "can_edit": request.user.has_perm("teams.form_teams", cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_preferences(request, pk: int):
    cohort = cohort_for(request, pk, "teams.state_preferences")
    membership = selectors.participant_membership(cohort=cohort, user=request.user)
    if membership is None:
        raise Http404
    formation = selectors.formation_state(cohort=cohort)
    current = selectors.preference_for(membership=membership)
    initial = (
        {"topic": current.topic_id, "colleague1": current.colleague1_id, "colleague2": current.colleague2_id}
        if current
        else {}
    )
    form = PreferenceForm(
        request.POST or None,
        initial=initial,
        topics=selectors.topic_list(cohort=cohort),
        colleagues=selectors.colleague_choices(cohort=cohort, exclude=membership),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.preference_set(
                    membership=membership, topic=form.cleaned_data["topic"], colleagues=form.colleagues
                )
            except services.TeamError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your wishes were saved. Thank you."))
                return redirect("team_preferences", cohort.pk)
        status = 400
    return render(
        request,
        "teams/preferences.html",
        {"cohort": cohort, "form": form, "formation": formation, "current": current},
        status=status,
    )


# Topics --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request, pk: int):
    cohort = cohort_for(request, pk, "teams.manage_topics")
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                topic = services.topic_add(cohort=cohort, name=form.cleaned_data["name"])
            except services.TeamError as exc:
                form.add_error("name", exc.message)
            else:
                messages.success(request, _("The topic %(name)s was added.") % {"name": topic.name})
                return redirect("topic_list", cohort.pk)
        status = 400
    return render(
        request,
        "teams/topics.html",
        {"cohort": cohort, "form": form, "topics": selectors.topic_list(cohort=cohort)},
        status=status,
    )


@login_required
@require_POST
def topic_delete(request, pk: int, topic_pk: int):
    cohort = cohort_for(request, pk, "teams.manage_topics")
    topic = get_object_or_404(Topic, pk=topic_pk, cohort=cohort)
    services.topic_remove(topic=topic)
    messages.success(request, _("The topic %(name)s was removed.") % {"name": topic.name})
    url = reverse("topic_list", args=[cohort.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# Forming (facilitators) ----------------------------------------------------------------------


@login_required
@require_GET
@access_logged("view", "team_formation")
def team_formation(request, pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    context = selectors.formation_board(cohort=cohort)
    context.update(cohort=cohort, create_form=TeamCreateForm())
    template = "teams/formation.html"
    if request.htmx and request.htmx.target == "formation-board":
        template += "#formation-board"
    return render(request, template, context)


@login_required
@require_POST
def team_move(request, pk: int):
    """Move, add or remove one participant; with htmx, answer the changed cards out of band."""
    cohort = cohort_for(request, pk, "teams.form_teams")
    form = MoveForm(request.POST, cohort=cohort)
    error = success = None
    affected: set[int] = set()
    if not form.is_valid():
        error = _first_error(form)
    else:
        membership: Membership = form.cleaned_data["membership"]
        from_team_id = form.cleaned_data["from_team"]
        to_team: Team | None = form.cleaned_data["to_team"]
        affected.update(t for t in (from_team_id, to_team.pk if to_team else None) if t)
        try:
            new_leader = services.team_member_place(
                membership=membership,
                from_team_id=from_team_id,
                to_team=to_team,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.TeamError as exc:
            error = exc.message
            now_in = selectors.team_id_of(membership=membership)  # show where the person really is now
            if now_in:
                affected.add(now_in)
        else:
            success = (
                _("%(name)s is now in %(team)s.") % {"name": membership.user.name, "team": to_team.name}
                if to_team
                else _("%(name)s is now in no team.") % {"name": membership.user.name}
            )
            if new_leader is not None:
                success += " " + _(
                    "%(leader)s now leads the team %(name)s left; you can choose another leader on the team's page."
                ) % {
                    "name": membership.user.name,
                    "leader": new_leader.user.name,
                }
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, success)
        return redirect("team_formation", cohort.pk)
    waiting = list(selectors.unassigned(cohort=cohort))
    return render(
        request,
        "teams/formation.html#move-result",
        {
            "cohort": cohort,
            "formation": selectors.formation_state(cohort=cohort),
            "changed_teams": selectors.teams_by_id(cohort=cohort, ids=sorted(affected)),
            "team_options": selectors.team_options(cohort=cohort),
            "unassigned": waiting,
            "summary": selectors.formation_summary(cohort=cohort, unassigned_count=len(waiting)),
            "error": error,
            "success": success,
        },
    )


@login_required
@require_POST
def team_auto_form(request, pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    try:
        proposal = services.teams_auto_form(cohort=cohort, actor=request.user)
    except services.TeamError as exc:
        messages.error(request, exc.message)
    else:
        score = proposal.score
        people = sum(len(team.members) for team in proposal.teams)
        messages.success(
            request,
            _("%(teams)d teams were formed from %(people)d participants. Check the proposal, adjust it, then finalize.")
            % {"teams": len(proposal.teams), "people": people},
        )
        if score.department_clashes:
            messages.warning(
                request,
                _("%(count)d placements share a department with a teammate (at least %(least)d cannot be avoided).")
                % {"count": score.department_clashes, "least": score.department_clashes_unavoidable},
            )
    return _to_formation(request, cohort)


@login_required
@require_POST
def team_finalize(request, pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    try:
        services.formation_finalize(cohort=cohort, actor=request.user)
    except services.FinalizeError as exc:
        messages.error(request, _("The teams cannot be finalized yet:"))
        for problem in exc.problems[:FINALIZE_PROBLEMS_SHOWN]:
            messages.error(request, problem)
        hidden = len(exc.problems) - FINALIZE_PROBLEMS_SHOWN
        if hidden > 0:
            messages.error(request, _("… and %(count)d more.") % {"count": hidden})
    except services.TeamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The teams are finalized and visible to everyone in the cohort. Later changes are logged."),
        )
    return _to_formation(request, cohort)


@login_required
@require_POST
def team_create(request, pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    form = TeamCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            team = services.team_create(cohort=cohort, **form.cleaned_data)
        except services.TeamError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The team %(name)s was created.") % {"name": team.name})
    return _to_formation(request, cohort)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int, team_pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    team = selectors.team_detail(cohort=cohort, team_pk=team_pk)
    if team is None:
        raise Http404
    members = selectors.team_member_choices(team=team)
    facilitators = selectors.facilitator_choices(cohort=cohort)
    initial = {
        "version": team.version,
        "name": team.name,
        "topic": team.topic,
        "idea": team.idea,
        "leader": team.leader_id,
        "facilitator": team.facilitator_id,
    }
    form = TeamForm(request.POST or None, initial=initial, members=members, facilitators=facilitators)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.team_update(
                    team=team,
                    expected_version=form.cleaned_data["version"],
                    name=form.cleaned_data["name"],
                    topic=form.cleaned_data["topic"],
                    idea=form.cleaned_data["idea"],
                    leader=form.cleaned_data["leader"],
                    facilitator=form.cleaned_data["facilitator"],
                )
            except services.TeamError as exc:
                if form.cleaned_data["version"] != team.version:  # someone else saved first: show what is there now
                    current = {**initial, "leader": team.leader_id or "", "facilitator": team.facilitator_id or ""}
                    form = TeamForm(current, members=members, facilitators=facilitators)
                    form.is_valid()
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The team's information was saved."))
                return redirect("team_detail", cohort.pk, team.pk)
        status = 400
    return render(
        request,
        "teams/team_form.html",
        {"cohort": cohort, "team": team, "form": form, "topics": selectors.topic_list(cohort=cohort)},
        status=status,
    )


@login_required
@require_POST
def team_delete(request, pk: int, team_pk: int):
    cohort = cohort_for(request, pk, "teams.form_teams")
    team = get_object_or_404(Team, pk=team_pk, cohort=cohort)
    try:
        services.team_delete(team=team)
    except services.TeamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The team %(name)s was deleted.") % {"name": team.name})
    return _to_formation(request, cohort)
