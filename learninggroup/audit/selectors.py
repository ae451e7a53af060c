"""The access log as the monthly review reads it: filtered, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AccessLog


@dataclass(frozen=True)
class AccessLogFilter:
    person: str = ""  # part of the account's or the data subject's name or e-mail
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive


def access_log_list(*, cohort=None, filters: AccessLogFilter | None = None) -> QuerySet[AccessLog]:
    """The entries of one cohort (or all, for staff), filtered. Labels are stored on the row: no joins."""
    filters = filters or AccessLogFilter()
    qs = AccessLog.objects.all()
    if cohort is not None:
        qs = qs.filter(cohort_id=cohort.pk)
    person = filters.person.strip()
    if person:
        qs = qs.filter(Q(actor_label__icontains=person) | Q(subject_label__icontains=person))
    if filters.action:
        qs = qs.filter(action=filters.action)
    zone = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(at__gte=dt.datetime.combine(filters.since, dt.time.min, tzinfo=zone))
    if filters.until:
        qs = qs.filter(at__lt=dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
    return qs.order_by("-at", "-id")
