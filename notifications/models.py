"""The delivery record: one e-mail to one person, queued, claimed, sent or failed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("No longer needed")


class Delivery(models.Model):
    """That one e-mail is to go (or went) to one person, once.

    ``kind`` names the feature's kind of mail (free text, registered by the feature); ``key`` is the
    feature's idempotency key and unique, so a delivery is queued once however often the feature asks.
    ``object_id`` and ``params`` are what the kind's builder needs to render the mail again after a crash.
    A ``claimed`` row whose ``lease_until`` passed belongs to a run that died: the next run sends it.
    """

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(max_length=255, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(  # indexed by delivery_cohort_state
        "learninggroup.Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255)  # derived from the unique key
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(null=True, blank=True)  # the next try after a transient error
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last try"), auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Few indexes: a roster import inserts a thousand rows at once, a reminder run updates five thousand.
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["state", "kind"], name="delivery_state_kind"),
            models.Index(fields=["cohort", "state"], name="delivery_cohort_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.state})"
