"""The privacy pages: the access log (organizers, privacy officer), retention, a person's own data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from learninggroup.access import cohort_for
from learninggroup.audit.log import record_access, view_detail
from learninggroup.audit.selectors import access_log_list

from .forms import AccessLogFilterForm
from .rules import is_privacy_officer
from .tabular import csv_lines

ACCESS_LOG_PAGE_SIZE = 50


def _access_log_page(request, cohort):
    record_access(request, action="view", dataset="access_log", cohort=cohort, detail=view_detail(request, {}))
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_list(cohort=cohort, filters=form.filters())
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"cohort": cohort, "form": form, "page": page, "query": query.urlencode()}
    template = "privacy/access_log.html"
    if request.htmx and request.htmx.target == "access-log-table":
        template += "#access-log-table"
    return render(request, template, context)


def _access_log_csv(request, cohort):
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_list(cohort=cohort, filters=form.filters())
    record_access(request, action="export", dataset="access_log", cohort=cohort, detail=view_detail(request, {}))
    zone = timezone.get_current_timezone()
    header = [
        _("Time"),
        _("Account"),
        _("Client address"),
        _("Action"),
        _("Data"),
        _("Cohort"),
        _("Whose data"),
        _("Detail"),
        _("Address"),
    ]
    rows = (
        [
            timezone.localtime(e.at, zone).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_label,
            e.client_address or "",
            e.get_action_display(),
            e.dataset,
            e.cohort_id or "",
            e.subject_label,
            e.detail,
            e.path,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(timezone.now(), zone).strftime("%Y%m%d")
    name = f"access-log-{cohort.pk}-{stamp}.csv" if cohort else f"access-log-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def access_log(request, pk: int):
    cohort = cohort_for(request, pk, "privacy.view_access_log")
    return _access_log_page(request, cohort)


@login_required
@require_GET
def access_log_csv(request, pk: int):
    cohort = cohort_for(request, pk, "privacy.view_access_log")
    return _access_log_csv(request, cohort)


@login_required
@require_GET
def access_log_all(request):
    """Every cohort's entries, for the installation's privacy officer."""
    if not is_privacy_officer(request.user):
        raise PermissionDenied
    return _access_log_page(request, None)


@login_required
@require_GET
def access_log_all_csv(request):
    if not is_privacy_officer(request.user):
        raise PermissionDenied
    return _access_log_csv(request, None)
