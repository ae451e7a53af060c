"""Gates every signed-in page: the cohort's privacy notice first, then TOTP where it is required."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .access import LAST_COHORT_COOKIE
from .models import Role
from .selectors import privacy_notices_pending, user_mfa_required_roles, user_must_enrol_mfa

EXEMPT_MODULE_PREFIXES = ("allauth.", "django.contrib.admin", "django.views.", "django.contrib.staticfiles")


def gate_exempt(view):
    """Mark a view that must stay reachable before consent (the consent page itself, log-out, …)."""
    view.gate_exempt = True
    return view


class PrivacyAndMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cohort = getattr(request, "cohort", None)
        if cohort is not None and request.COOKIES.get(LAST_COHORT_COOKIE) != str(cohort.pk):
            # Pages outside a cohort (account, two-factor) show the menu of the cohort opened last.
            response.set_cookie(
                LAST_COHORT_COOKIE,
                str(cohort.pk),
                max_age=60 * 60 * 24 * 90,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, "gate_exempt", False):
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(EXEMPT_MODULE_PREFIXES):
            return None
        notice = privacy_notices_pending(user=user).first()
        if notice is not None:
            url = (
                reverse("privacy_accept", args=[notice.cohort_id]) + "?" + urlencode({"next": request.get_full_path()})
            )
            return self._redirect(request, url)
        if user_must_enrol_mfa(user=user):
            roles = ", ".join(str(Role(role).label) for role in user_mfa_required_roles(user=user))
            messages.warning(
                request,
                _("Your cohort requires two-factor authentication for your role (%(roles)s). Turn it on to continue.")
                % {"roles": roles},
            )
            return self._redirect(request, reverse("mfa_activate_totp"))
        return None

    @staticmethod
    def _redirect(request, url):
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
