"""How every cohort page finds its cohort: 404 outside it, 403 without the permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from .models import Cohort

LAST_COHORT_COOKIE = "last_cohort"  # set by the middleware: the account pages keep this cohort's menu


def cohort_for(request, pk: int, perm: str = "learninggroup.view_cohort") -> Cohort:
    """The cohort, if the viewer belongs to it (else 404) and holds the permission (else 403).

    Also makes the cohort's time zone current for the request, so times show in it.
    """
    cohort = Cohort.objects.select_related("organization").filter(pk=pk).first()
    if cohort is None or not request.user.has_perm("learninggroup.view_cohort", cohort):
        raise Http404
    if not request.user.has_perm(perm, cohort):
        raise PermissionDenied
    request.cohort = cohort
    timezone.activate(cohort.zone)
    return cohort
