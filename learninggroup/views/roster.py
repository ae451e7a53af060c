"""The roster: the list, the import and its template, invitations sent again, members (de)activated."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from .. import selectors, services
from ..access import cohort_for
from ..audit.log import access_logged, record_access
from ..forms import RosterImportForm
from ..models import Invitation, Membership, Role
from ..roster import parse_roster, roster_template_xlsx
from ..text import search_query
from .common import _safe_next

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
