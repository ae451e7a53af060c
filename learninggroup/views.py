from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from notifications.selectors import deliveries_failed_count

from . import plugins, selectors, services
from .access import cohort_for
from .audit.log import access_logged, record_access
from .forms import CohortCreateForm, CohortForm, LanguageForm, PrivacyNoticeForm, RosterImportForm, SetPasswordForm
from .middleware import gate_exempt
from .models import Invitation, Membership, Organization, Role
from .roster import parse_roster, roster_template_xlsx
from .rules import cohort_roles
from .text import search_query


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


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
    return render(
        request,
        "learninggroup/home.html",
        {"cohorts": cohorts, "can_create": _can_create_cohort(request.user, cohorts)},
    )


@login_required
@require_GET
def cohort_list(request):
    """Every cohort of the viewer, newest first, and the way to start a new one."""
    cohorts = selectors.cohort_list_for_user(user=request.user)
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


ROSTER_PAGE_SIZE = 50


@login_required
@require_GET
@access_logged("view", "roster")
def roster(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.view_roster")
    query = search_query(request.GET.get("q"), max_length=100)
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    members = selectors.roster_list(cohort=cohort, query=query, role=role, status=status)
    page = Paginator(members, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "cohort": cohort,
        "page": page,
        "query": query,
        "role": role,
        "status": status,
        "roles": Role.choices,
        "can_manage": request.user.has_perm("learninggroup.manage_invitations", cohort),
    }
    template = "learninggroup/roster.html"
    if request.htmx and request.htmx.target == "roster-table":
        template += "#roster-table"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.import_roster")
    form = RosterImportForm(request.POST or None, request.FILES or None)
    parsed = result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.ROSTER_MAX_BYTES + 1)
        parsed = parse_roster(data, upload.name, max_rows=settings.ROSTER_MAX_ROWS)
        if parsed.ok:
            result = services.roster_import(
                cohort=cohort, rows=parsed.rows, default_role=form.cleaned_data["default_role"], actor=request.user
            )
            record_access(
                request,
                action="import",
                dataset="roster",
                detail=f"{upload.name[:200]}: {len(parsed.rows)} rows, {result.created_memberships} new, "
                f"{result.updated_memberships} updated",
            )
            if result.changed:
                text = _(
                    "Imported %(rows)d rows: %(created)d new members, %(updated)d updated, %(unchanged)d unchanged."
                ) % {
                    "rows": len(parsed.rows),
                    "created": result.created_memberships,
                    "updated": result.updated_memberships,
                    "unchanged": result.unchanged,
                }
                if result.invitations:
                    # Queued in the import's transaction and sent by a task after it (notifications): not sent yet.
                    text += " " + _(
                        "%(invited)d invitations are queued and go out within a few minutes; "
                        "any that cannot be delivered are listed on the dashboard."
                    ) % {"invited": len(result.invitations)}
                messages.success(request, text)
            else:
                messages.info(request, _("Nothing changed: everyone in the file is already on the roster as written."))
            return redirect("cohort_roster", cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "learninggroup/roster_import.html",
        {"cohort": cohort, "form": form, "parsed": parsed, "result": result},
        status=status,
    )


@login_required
@require_GET
def roster_template(request, pk: int):
    """An XLSX with the Korean column headers and one example row, to fill in and import."""
    cohort_for(request, pk, "learninggroup.import_roster")
    response = HttpResponse(
        roster_template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"roster-template.xlsx\"; filename*=UTF-8''%EB%AA%85%EB%8B%A8_%EC%96%91%EC%8B%9D.xlsx"
    )
    return response


@login_required
@require_POST
def invitation_resend(request, pk: int, invitation_pk: int):
    cohort = cohort_for(request, pk, "learninggroup.manage_invitations")
    invitation = get_object_or_404(Invitation.objects.select_related("user"), pk=invitation_pk, cohort=cohort)
    try:
        services.invitation_resend(invitation=invitation)
    except services.DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            _(
                "A new invitation to %(email)s is queued and goes out within a few minutes; "
                "the old link no longer works."
            )
            % {"email": invitation.user.email},
        )
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(_safe_next(request, reverse("cohort_dashboard", args=[cohort.pk])))


@login_required
@require_http_methods(["GET", "POST"])
def membership_active(request, pk: int, membership_pk: int):
    """Confirm, then deactivate a member (or activate them again)."""
    cohort = cohort_for(request, pk, "learninggroup.manage_invitations")
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, cohort=cohort)
    activate = not membership.is_active
    if request.method == "POST":
        try:
            services.membership_set_active(membership=membership, active=activate, actor=request.user)
        except services.DomainError as error:
            messages.error(request, error.message)
        else:
            record_access(
                request,
                action="change",
                dataset="membership",
                subject=membership.user,
                detail=f"{membership.role} {'activated' if activate else 'deactivated'}",
            )
            template = (
                _("%(name)s is active again in this cohort.")
                if activate
                else _("%(name)s no longer takes part in this cohort. The account and its history are kept.")
            )
            messages.success(request, template % {"name": membership.user.name})
        return redirect(_safe_next(request, reverse("cohort_roster", args=[cohort.pk])))
    return render(
        request,
        "learninggroup/membership_active.html",
        {"cohort": cohort, "membership": membership, "activate": activate, "next": _safe_next(request, "")},
    )


@never_cache
@gate_exempt
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "learninggroup/invitation_invalid.html", status=404)
    user = invitation.user
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)
    if user.has_usable_password():
        messages.info(request, _("Your account is ready. Sign in with your e-mail and password."))
        return redirect("account_login")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except services.DomainError:
            return render(request, "learninggroup/invitation_invalid.html", status=404)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome, %(name)s. Your password is set.") % {"name": user.name})
        return redirect("home")
    return render(
        request,
        "learninggroup/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@gate_exempt
@require_http_methods(["GET", "POST"])
def privacy_accept(request, pk: int):
    cohort = cohort_for(request, pk)
    notice = selectors.privacy_notice_current(cohort=cohort)
    next_url = _safe_next(request, reverse("home"))
    if notice is None:
        return redirect(next_url)
    accepted = notice.consents.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("decision") == "accept":
            optional = request.POST.get("optional") == "yes"
            services.privacy_consent_accept(user=request.user, notice=notice, optional=optional)
            messages.success(request, _("Thank you. Your consent was recorded."))
            return redirect(next_url)
        if request.POST.get("decision") == "refuse":
            logout(request)
            messages.warning(
                request,
                _(
                    "You did not consent, so you cannot use the platform for %(cohort)s. "
                    "Ask the cohort's organizer if you have questions."
                )
                % {"cohort": cohort.name},
            )
            return redirect("account_login")
        messages.error(request, _("Choose whether you consent."))
    return render(
        request,
        "learninggroup/privacy_accept.html",
        {"cohort": cohort, "notice": notice, "accepted": accepted, "next": next_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy_notice_new(request, pk: int):
    cohort = cohort_for(request, pk, "learninggroup.publish_privacy_notice")
    current = selectors.privacy_notice_current(cohort=cohort)
    initial = (
        {
            "purpose": current.purpose,
            "items": current.items,
            "optional_items": current.optional_items,
            "retention": current.retention,
            "refusal": current.refusal,
        }
        if current
        else {}
    )
    form = PrivacyNoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notice = services.privacy_notice_publish(cohort=cohort, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Version %(version)d of the privacy notice is in force; everyone will be asked to accept it.")
            % {"version": notice.version},
        )
        return redirect("cohort_dashboard", cohort.pk)
    return render(
        request,
        "learninggroup/privacy_notice_form.html",
        {"cohort": cohort, "form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )


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


@gate_exempt
@require_GET
def privacy_policy(request):
    """The platform's privacy policy (개인정보처리방침), public, with every operating organization's contact."""
    return render(
        request,
        "learninggroup/privacy_policy.html",
        {"organizations": Organization.objects.exclude(contact="").order_by("name")},
    )


@gate_exempt
@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown language."), status=400)
    language = form.cleaned_data["language"]
    response = HttpResponseRedirect(_safe_next(request, reverse("home")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    return response


@never_cache
@gate_exempt
@require_GET
def healthz(request):
    """Liveness and readiness for load balancers: the database, and the broker when configured."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not ready"
        checks["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.REDIS_URL:
        try:
            import redis  # noqa: PLC0415 -- slow import

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    else:
        checks["broker"] = "not configured (tasks run eagerly)"
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
