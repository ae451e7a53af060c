"""Calendar feeds at secret addresses (no log-in: calendar apps cannot sign in) and the reminder switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learninggroup import plugins
from learninggroup.access import cohort_for
from learninggroup.middleware import gate_exempt

from .. import ics, selectors, services
from ..forms import ReminderPreferenceForm


@login_required
@require_GET
def calendar_links(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    cohort_token = services.calendar_token_get_or_create(cohort=cohort, user=None)
    personal_token = services.calendar_token_get_or_create(cohort=cohort, user=request.user)
    cohort_url = request.build_absolute_uri(
        reverse("calendar_cohort_feed", kwargs={"pk": cohort.pk, "token": cohort_token.token})
    )
    personal_url = request.build_absolute_uri(
        reverse("calendar_personal_feed", kwargs={"pk": cohort.pk, "token": personal_token.token})
    )
    return render(
        request,
        "sessions/calendar_links.html",
        {
            "cohort": cohort,
            "cohort_url": cohort_url,
            "personal_url": personal_url,
            "cohort_webcal": "webcal://" + cohort_url.split("://", 1)[1],
            "personal_webcal": "webcal://" + personal_url.split("://", 1)[1],
            "reminder_form": ReminderPreferenceForm(
                initial={"reminders": selectors.reminders_enabled(cohort=cohort, user=request.user)}
            ),
            "staff": request.user.has_perm("learning_sessions.reset_cohort_feed", cohort),
        },
    )


@login_required
@require_POST
def calendar_reset(request, pk: int):
    """A new secret address for one's own feed (or, for staff, the cohort's): the old one stops working."""
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    if request.POST.get("feed") == "cohort":
        if not request.user.has_perm("learning_sessions.reset_cohort_feed", cohort):
            messages.error(request, _("Only organizers and facilitators can renew the cohort's calendar address."))
            return redirect("calendar_links", cohort.pk)
        services.calendar_token_reset(cohort=cohort, user=None)
    else:
        services.calendar_token_reset(cohort=cohort, user=request.user)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect("calendar_links", cohort.pk)


@login_required
@require_POST
def reminder_preference(request, pk: int):
    cohort = cohort_for(request, pk, "learning_sessions.view_sessions")
    form = ReminderPreferenceForm(request.POST)
    form.is_valid()  # a missing box means "off": the form cannot be invalid
    enabled = form.cleaned_data.get("reminders", False)
    services.reminder_preference_set(cohort=cohort, user=request.user, reminders=enabled)
    if enabled:
        messages.success(request, _("You will get an e-mail before each session."))
    else:
        messages.success(request, _("Session reminders are off. Changes and cancellations are still sent."))
    return redirect("calendar_links", cohort.pk)


def _feed_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@gate_exempt
@require_GET
def calendar_cohort_feed(request, pk: int, token: str):
    found = selectors.calendar_token_by_secret(cohort_pk=pk, token=token, personal=False)
    cohort = found.cohort
    data = ics.build_calendar(
        name=cohort.name, zone_name=cohort.time_zone, sessions=selectors.feed_sessions(cohort=cohort)
    )
    return _feed_response(data, f"sessions-{cohort.pk}")


@gate_exempt
@require_GET
def calendar_personal_feed(request, pk: int, token: str):
    found = selectors.calendar_token_by_secret(cohort_pk=pk, token=token, personal=True)
    cohort, user = found.cohort, found.user
    data = ics.build_calendar(
        name=f"{cohort.name} · {user.name}",
        zone_name=cohort.time_zone,
        sessions=selectors.feed_sessions(cohort=cohort),
        deadlines=plugins.calendar_deadlines(cohort=cohort, user=user),
    )
    return _feed_response(data, f"my-sessions-{cohort.pk}")
