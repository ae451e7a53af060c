"""The sessions list and detail, the planner, single sessions, changes, cancellations and settings."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from learninggroup.access import cohort_for
from learninggroup.errors import DomainError

from .. import selectors, services
from ..forms import (
    NoteForm,
    PlannerForm,
    SessionCancelForm,
    SessionEditForm,
    SessionForm,
    SessionMoveForm,
    SessionSettingsForm,
)
from ..markup import render_markdown
from ..planner import PlanError, korean_holidays, plan_sessions


@login_required
@require_GET
def session_list(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    staff = request.user.has_perm("learning_sessions.change_session", cohort)
    participant = request.user.has_perm("learning_sessions.check_in", cohort)
    sessions = list(selectors.session_list(cohort=cohort))
    mine = selectors.attendance_of_user(cohort=cohort, user=request.user) if participant else {}
    joined_at = selectors.joined_at_of_user(cohort=cohort, user=request.user) if participant else None
    before_joining = {s.pk for s in sessions if not selectors.expected_at(joined_at, s.ends_at)}
    return render(
        request,
        "sessions/session_list.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "mine": mine,
            "before_joining": before_joining,
            "staff": staff,
            "participant": participant,
            "now": timezone.now(),
        },
    )


@login_required
@require_GET
def session_detail(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    staff = request.user.has_perm("learning_sessions.change_session", cohort)
    mine = None
    if request.user.has_perm("learning_sessions.check_in", cohort):
        mine = selectors.attendance_of_user(cohort=cohort, user=request.user).get(session.pk)
    context = {
        "cohort": cohort,
        "session": session,
        "agenda_html": render_markdown(session.agenda),
        "notes": list(selectors.notes_for_session(session=session, user=request.user)),
        "staff": staff,
        "mine": mine,
    }
    if staff:
        context["note_form"] = NoteForm(teams=selectors.teams_of(cohort=cohort))
    return render(request, "sessions/session_detail.html", context)


def _plan_digest(plan, data) -> str:
    """What the person saw in the preview; confirming creates sessions only if it is still what they get."""
    seen = [p.starts.isoformat() + p.ends.isoformat() for p in plan.sessions] + [data["venue"], *data["titles"]]
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()[:32]


def _planner_initial(cohort) -> dict:
    today = timezone.localdate()
    first = cohort.starts_on or today
    return {
        "first_date": first,
        "last_date": cohort.ends_on or first + dt.timedelta(days=90),
        "venue": cohort.venue,
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_planner(request, pk: int):
    """Form → preview (proposed dates, skipped dates and why, how many fit) → confirm creates them."""
    cohort = cohort_for(request, pk, "learning_sessions.plan_sessions")
    form = PlannerForm(request.POST or None, initial=_planner_initial(cohort))
    plan = None
    digest = ""
    stale = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = plan_sessions(
                    first_date=data["first_date"],
                    last_date=data["last_date"],
                    weekdays=data["weekdays"],
                    count=data["count"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    zone=cohort.zone,
                    excluded=data["excluded"],
                    once_a_week=data["once_a_week"],
                    holiday_lookup=korean_holidays(request.LANGUAGE_CODE),
                )
            except PlanError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                digest = _plan_digest(plan, data)
                confirmed = request.POST.get("action") == "confirm" and not plan.is_empty
                if confirmed and request.POST.get("digest") != digest:
                    confirmed = False
                    stale = True
                if confirmed:
                    result = services.sessions_create_from_plan(
                        cohort=cohort, plan=plan, venue=data["venue"], titles=data["titles"]
                    )
                    messages.success(
                        request,
                        ngettext("%(n)d session was created.", "%(n)d sessions were created.", len(result.created))
                        % {"n": len(result.created)},
                    )
                    if result.already_there:
                        messages.info(
                            request,
                            ngettext(
                                "%(n)d date already had a session at that time and was left as it was.",
                                "%(n)d dates already had a session at that time and were left as they were.",
                                len(result.already_there),
                            )
                            % {"n": len(result.already_there)},
                        )
                    if request.htmx:
                        return HttpResponseClientRedirect(reverse("session_list", args=[cohort.pk]))
                    return redirect("session_list", cohort.pk)
        else:
            status = 400
    first_number = selectors.next_session_number(cohort=cohort)
    proposals = []
    if plan is not None:
        titles = form.cleaned_data["titles"]
        for index, proposal in enumerate(plan.sessions):
            title = titles[index] if index < len(titles) else services.schedule.default_title(first_number + index)
            proposals.append({"number": first_number + index, "proposal": proposal, "title": title})
    outside = [
        item["proposal"].date
        for item in proposals
        if (cohort.starts_on and item["proposal"].date < cohort.starts_on)
        or (cohort.ends_on and item["proposal"].date > cohort.ends_on)
    ]
    context = {
        "cohort": cohort,
        "form": form,
        "plan": plan,
        "proposals": proposals,
        "digest": digest,
        "stale": stale,
        "outside": outside,
    }
    template = "sessions/planner.html"
    if request.htmx:
        # htmx swaps only 2xx answers: the fragment with the form's messages comes back as 200.
        return render(request, template + "#planner", context)
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.plan_sessions")
    facilitators = selectors.facilitator_choices(cohort=cohort)
    form = SessionForm(
        request.POST or None,
        facilitators=facilitators,
        initial={"venue": cohort.venue, "start_time": dt.time(19, 0), "end_time": dt.time(21, 0)},
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times(cohort.zone)
        data = form.cleaned_data
        session = services.session_create(
            cohort=cohort,
            title=data["title"],
            kind=data["kind"],
            starts_at=starts_at,
            ends_at=ends_at,
            venue=data["venue"],
            agenda=data["agenda"],
            facilitators=list(data["facilitators"]),
        )
        messages.success(request, _("The session “%(title)s” was created.") % {"title": session.title})
        return redirect("session_detail", cohort.pk, session.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"cohort": cohort, "form": form, "heading": _("New session")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.change_session")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    facilitators = selectors.facilitator_choices(cohort=cohort)
    initial = {
        "title": session.title,
        "kind": session.kind,
        "venue": session.venue,
        "agenda": session.agenda,
        "facilitators": [m.pk for m in session.facilitators.all()],
    }
    form = SessionEditForm(request.POST or None, initial=initial, facilitators=facilitators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.session_update(
            session=session,
            title=data["title"],
            kind=data["kind"],
            venue=data["venue"],
            agenda=data["agenda"],
            facilitators=list(data["facilitators"]),
        )
        messages.success(request, _("The session was saved."))
        return redirect("session_detail", cohort.pk, session.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"cohort": cohort, "form": form, "session": session, "heading": _("Edit the session")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_move(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.change_session")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    local_start = timezone.localtime(session.starts_at)
    initial = {
        "date": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(session.ends_at).time(),
        "venue": session.venue,
    }
    form = SessionMoveForm(request.POST or None, initial=initial)
    cancel_form = SessionCancelForm()
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times(cohort.zone)
        try:
            services.session_move(
                session=session,
                starts_at=starts_at,
                ends_at=ends_at,
                venue=form.cleaned_data["venue"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The session was moved. Everyone expected is being told by e-mail."))
            return redirect("session_detail", cohort.pk, session.pk)
    return render(
        request,
        "sessions/session_move.html",
        {"cohort": cohort, "session": session, "form": form, "cancel_form": cancel_form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk: int, session_pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.change_session")
    session = selectors.session_for(cohort=cohort, session_pk=session_pk)
    form = SessionCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(session=session, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("The session was cancelled. Everyone expected is being told by e-mail."))
        return redirect("session_detail", cohort.pk, session.pk)
    if request.method == "POST":
        return render(
            request,
            "sessions/session_move.html",
            {"cohort": cohort, "session": session, "form": SessionMoveForm(), "cancel_form": form},
            status=400,
        )
    return redirect("session_move", cohort.pk, session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_settings(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.change_settings")
    current = selectors.session_settings_for(cohort=cohort)
    initial = {
        "reminder_offsets": ", ".join(str(h) for h in current.reminder_offsets),
        "late_after_minutes": current.late_after_minutes,
        "completion_threshold": current.completion_threshold,
        "qr_rotation_seconds": current.qr_rotation_seconds,
    }
    form = SessionSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.session_settings_update(cohort=cohort, **form.cleaned_data)
        messages.success(request, _("The session settings were saved."))
        return redirect("session_list", cohort.pk)
    return render(
        request,
        "sessions/settings.html",
        {"cohort": cohort, "form": form},
        status=400 if request.method == "POST" else 200,
    )
