"""A cohort's retention period and the record of every destruction run."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from learninggroup.models import Cohort


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class RetentionPolicy(models.Model):
    """How long a cohort's personal data is kept after its last day; shown in the privacy notice.

    A cohort without a row keeps its data ``PRIVACY_RETENTION_MONTHS`` (12) months after its last day.
    ``purged_at`` is set when ``purge_expired`` destroyed it.
    """

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="retention_policy")
    months_after_end = models.PositiveSmallIntegerField(
        _("months kept after the last day"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    purged_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return f"{self.cohort} · {self.months_after_end}"


class PurgeRun(models.Model):
    """One run of ``purge_expired`` (also a dry run): when, how it was started and what it did, per cohort."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=20)  # "command", "task"
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("destruction run")
        verbose_name_plural = _("destruction runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'dry run' if self.dry_run else 'purge'}"
