"""Pages around the cohorts: accepting an invitation, the privacy notice and policy, the language, health."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..access import cohort_for
from ..forms import LanguageForm, PrivacyNoticeForm, SetPasswordForm
from ..middleware import gate_exempt
from ..models import Organization
from .common import _safe_next


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
