"""The access log: one row per view, change, download or export of personal data. Rows are never changed.

The row keeps what it needs to stand on its own for the retention period: the account's label as it was
then (accounts are anonymized after a cohort's retention period) and plain ids without foreign-key
constraints, so deleting or anonymizing anything else never has to touch this table. On PostgreSQL a
trigger (migration 0002) refuses UPDATE and refuses DELETE of rows younger than two years, whatever the
application does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import DomainError


class AppendOnlyError(DomainError):
    """An attempt to change or delete an access-log row."""


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CHANGE = "change", _("Changed")
    IMPORT = "import", _("Imported")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    DESTROY = "destroy", _("Destroyed")
    BACKUP = "backup", _("Backed up")
    RESTORE = "restore", _("Restored")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("The access log cannot be changed."), code="append_only")

    def delete(self):
        raise AppendOnlyError(_("The access log cannot be deleted."), code="append_only")

    def _expire(self):
        """Delete rows past the retention period: only for audit.services.access_log_expire."""
        return super().delete()


class AccessLog(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    actor_label = models.CharField(_("account"), max_length=300, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    dataset = models.CharField(_("data"), max_length=60)
    cohort = models.ForeignKey(
        "learninggroup.Cohort",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cohort"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose data"),
    )
    subject_label = models.CharField(_("whose data"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["cohort", "-at"], name="accesslog_cohort_at"),
            models.Index(fields=["actor", "-at"], name="accesslog_actor_at"),
            models.Index(fields=["subject", "-at"], name="accesslog_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.dataset}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("The access log cannot be changed."), code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The access log cannot be deleted."), code="append_only")
