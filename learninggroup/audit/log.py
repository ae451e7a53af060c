"""Recording an access to personal data: one INSERT, nothing read.

For the ``exports`` app (and any later feature), the one line to call when a person downloads or exports
personal data::

    from learninggroup.audit.log import record_access
    record_access(request, action="export", dataset="attendance_sheet", cohort=cohort, detail=f"job {job.pk}")

``action`` is one of :class:`~learninggroup.audit.models.AccessAction` (view, change, import, download, export,
destroy, backup, restore); ``dataset`` names the set of data (``roster``, ``attendance_matrix``, …) in the
same words as the access-log page; ``subject`` is the person whose data it is when it is one person.
For a background job that has no request, pass ``request=None`` and ``actor=`` the user who asked for it.

Views that show a set of personal data wear :func:`access_logged` instead, which records after a
successful response with the cohort the view resolved (``request.cohort``) and the view's arguments.
"""

from __future__ import annotations

import functools
import ipaddress

from .models import AccessAction, AccessLog

# Query parameters worth keeping in the detail of a logged view (what was searched, which page).
LOGGED_PARAMS = ("q", "role", "status", "page", "person", "action", "since", "until")


def client_address(request) -> str | None:
    """The client's address as the request sees it.

    ``REMOTE_ADDR`` is the real client address once the trusted-proxy handling (issue 12, part A) has
    replaced it from ``X-Forwarded-For``; headers from anyone else are never read here.
    """
    address = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def person_label(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "name", "") or ""
    email = getattr(user, "email", "") or ""
    return f"{name} <{email}>" if name else email


def record_access(
    request,
    *,
    action: str,
    dataset: str,
    cohort=None,
    subject=None,
    detail: str = "",
    actor=None,
) -> AccessLog:
    """Record one access to personal data (one INSERT). See the module docstring for the arguments."""
    if action not in AccessAction.values:
        raise ValueError(f"unknown access-log action {action!r}")
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
    if cohort is None and request is not None:
        cohort = getattr(request, "cohort", None)
    return AccessLog.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_label=person_label(actor)[:300],
        client_address=client_address(request),
        action=action,
        dataset=dataset[:60],
        cohort_id=getattr(cohort, "pk", cohort),
        subject_id=getattr(subject, "pk", None),
        subject_label=person_label(subject)[:300],
        detail=detail[:500],
        path=(request.get_full_path() if request is not None else "")[:500],
    )


def view_detail(request, view_kwargs: dict) -> str:
    """The view's arguments (but the cohort, which has its own column) and the logged query parameters."""
    parts = [f"{key}={value}" for key, value in view_kwargs.items() if key != "pk"]
    for name in LOGGED_PARAMS:
        value = request.GET.get(name, "")
        if value:
            parts.append(f"{name}={value[:100]}")
    return " ".join(parts)


def access_logged(action: str, dataset: str):
    """Record an access to ``dataset`` after the view answered successfully (status below 400)."""
    if action not in AccessAction.values:
        raise ValueError(f"unknown access-log action {action!r}")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code < 400:
                record_access(request, action=action, dataset=dataset, detail=view_detail(request, kwargs))
            return response

        wrapped.access_logged = (action, dataset)
        return wrapped

    return decorator
