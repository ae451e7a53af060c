"""What the root's views share: the safe "next" target."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback
