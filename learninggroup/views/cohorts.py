"""The cohorts: the start page, the list, a cohort's home and dashboard, its settings, a new cohort."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from notifications.selectors import deliveries_failed_count

from .. import plugins, selectors, services
from ..access import cohort_for
from ..audit.log import access_logged
from ..forms import CohortCreateForm, CohortForm
from ..models import Organization, Role
from ..rules import cohort_roles


def _can_create_cohort(user, cohorts: list[dict]) -> bool:
    return user.is_staff or any(Role.ORGANIZER in e["roles"] for e in cohorts)


def _landing(entry: dict):
    if Role.ORGANIZER in entry["roles"] or Role.FACILITATOR in entry["roles"]:
        return redirect("cohort_dashboard", entry["cohort"].pk)
    return redirect("cohort_home", entry["cohort"].pk)


@login_required
@require_GET
def home(request):
    """Straight to the cohort: the only one, or the only one running today; else the list of cohorts."""
    cohorts = selectors.cohort_list_for_user(user=request.user)
    today = timezone.localdate()
    running = [
        e for e in cohorts if e["cohort"].starts_on and e["cohort"].starts_on <= today <= (e["cohort"].ends_on or today)
    ]
    if len(cohorts) == 1:
        return _landing(cohorts[0])
    if len(running) == 1:
        return _landing(running[0])
    return _cohort_list_page(request, cohorts)


@login_required
@require_GET
def cohort_list(request):
    """Every cohort of the viewer, newest first, and the way to start a new one."""
    return _cohort_list_page(request, selectors.cohort_list_for_user(user=request.user))


def _cohort_list_page(request, cohorts: list[dict]):
    return render(
        request,
        "learninggroup/home.html",
        {"cohorts": cohorts, "can_create": _can_create_cohort(request.user, cohorts)},
    )


@login_required
@require_GET
def cohort_home(request, pk: int):
    cohort = cohort_for(request, pk)
    roles = cohort_roles(request.user, cohort)
    memberships = [m for m in selectors.membership_list_for_user(user=request.user) if m.cohort_id == cohort.pk]
    base = {"cohort": cohort, "roles": roles}
    cards = plugins.render_cards(
        plugins.home_cards(cohort=cohort, user=request.user, roles=roles), request=request, base=base
    )
    return render(
        request,
        "learninggroup/cohort_home.html",
        {
            **base,
            "memberships": memberships,
            "notice": selectors.privacy_notice_current(cohort=cohort),
            "todo": selectors.home_todo(cohort=cohort, user=request.user, roles=roles),
            "cards": cards,
        },
    )


@login_required
@require_GET
@access_logged("view", "dashboard")
def cohort_dashboard(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.view_dashboard")
    context = selectors.cohort_dashboard(cohort=cohort)
    context["cohort"] = cohort
    context["can_manage"] = request.user.has_perm("learninggroup.manage_invitations", cohort)
    context["failed_deliveries"] = deliveries_failed_count(cohort=cohort)
    return render(request, "learninggroup/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_settings(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.change_cohort")
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        cohort.refresh_from_db()
        services.cohort_update(cohort=cohort, **fields)
        messages.success(request, _("The cohort's settings were saved."))
        return redirect("cohort_dashboard", cohort.pk)
    return render(
        request,
        "learninggroup/cohort_form.html",
        {"cohort": cohort, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _organizations_for(user):
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(
        cohorts__memberships__user=user, cohorts__memberships__role=Role.ORGANIZER, cohorts__memberships__is_active=True
    ).distinct()


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    organizations = _organizations_for(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = CohortCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CohortForm.Meta.fields}
        cohort = services.cohort_create(organization=form.cleaned_data["organization"], creator=request.user, **fields)
        messages.success(request, _("The cohort %(name)s was created. Import its roster next.") % {"name": cohort.name})
        return redirect("cohort_roster_import", cohort.pk)
    return render(
        request, "learninggroup/cohort_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )
