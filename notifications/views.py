"""The cohort's failed deliveries, for its staff: what failed, why, and send again after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from learninggroup.access import cohort_for

from . import selectors, services
from .models import DeliveryState
from .registry import kind_label


@login_required
@require_GET
def failed_list(request, pk: int):
    cohort = cohort_for(request, pk, "notifications.view_failed")
    failed = selectors.deliveries_failed(cohort=cohort)
    return render(
        request,
        "notifications/failed_list.html",
        {"cohort": cohort, "failed": failed, "limit": selectors.FAILED_PAGE_LIMIT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_resend(request, pk: int, delivery_pk: int):
    """Confirm, then queue a failed delivery again."""
    cohort = cohort_for(request, pk, "notifications.resend")
    delivery = selectors.delivery_failed_in_cohort(cohort=cohort, pk=delivery_pk)
    if delivery is None:
        raise Http404
    if request.method == "POST":
        try:
            services.delivery_resend(delivery=delivery)
        except services.DeliveryError as error:
            messages.info(request, error.message)
        else:
            messages.success(
                request, _("The mail to %(name)s is being sent again.") % {"name": delivery.recipient.name}
            )
        return redirect("deliveries_failed", cohort.pk)
    return render(
        request,
        "notifications/resend_confirm.html",
        {
            "cohort": cohort,
            "delivery": delivery,
            "label": kind_label(delivery.kind),
            "summary": selectors.reason_summary(delivery.reason),
            "is_failed": delivery.state == DeliveryState.FAILED,
        },
    )
