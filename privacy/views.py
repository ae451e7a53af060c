"""The privacy pages: the access log (organizers, privacy officer), retention, a person's own data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learninggroup.access import cohort_for
from learninggroup.audit.log import record_access, view_detail
from learninggroup.audit.models import AccessAction
from learninggroup.audit.selectors import access_log_list

from . import selectors, services
from .forms import AccessLogFilterForm, RetentionForm
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
    labels = {value: str(label) for value, label in AccessAction.choices}  # once, not per row
    columns = ("at", "actor_label", "client_address", "action", "dataset", "cohort_id", "subject_label", "detail")
    rows = (
        [
            timezone.localtime(at, zone).strftime("%Y-%m-%d %H:%M:%S"),
            actor,
            address or "",
            labels.get(action, action),
            dataset,
            cohort_id or "",
            subject,
            detail,
            path,
        ]
        for at, actor, address, action, dataset, cohort_id, subject, detail, path in entries.values_list(
            *columns, "path"
        ).iterator(chunk_size=2000)
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


@login_required
@require_http_methods(["GET", "POST"])
def retention_settings(request, pk: int):
    cohort = cohort_for(request, pk, "privacy.change_retention")
    retention = services.retention_for(cohort=cohort)
    form = RetentionForm(request.POST or None, initial={"months": retention.months})
    if request.method == "POST" and form.is_valid():
        services.retention_set(cohort=cohort, months=form.cleaned_data["months"], actor=request.user)
        messages.success(request, _("The retention period was saved. Mention it in the privacy notice."))
        return redirect("retention_settings", cohort.pk)
    return render(
        request,
        "privacy/retention.html",
        {"cohort": cohort, "form": form, "retention": retention, "runs": selectors.purge_runs_recent()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def my_data(request):
    """What the platform holds about the signed-in person, the consents they gave, and the download."""
    return render(request, "privacy/my_data.html", selectors.my_data_page(user=request.user))


@never_cache
@login_required
@require_POST
def my_data_download(request):
    data = services.person_data_zip(user=request.user)
    record_access(request, action="download", dataset="own_data", subject=request.user)
    stamp = timezone.localtime(timezone.now()).strftime("%Y%m%d")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response
