"""The one change the access log allows: removing rows past the retention period (at least two years)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessLog


@transaction.atomic
def access_log_expire(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the entries older than ``ACCESS_LOG_RETENTION_DAYS``; the number deleted (or that would be)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    expired = AccessLog.objects.filter(at__lt=cutoff)
    if dry_run:
        return expired.count()
    deleted, _ = expired._expire()
    return deleted
