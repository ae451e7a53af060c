"""The send-once deliveries moved to the shared notifications app: copy the rows, then drop the old table.

A row that was claimed but never confirmed as sent cannot tell whether its mail went out; it is copied as
failed with that reason, so the cohort's staff see it and can send it again.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import migrations

KINDS = {
    "session_reminder": "sessions.reminder",
    "session_moved": "sessions.moved",
    "session_cancelled": "sessions.cancelled",
    "submission_deadline": "submissions.deadline",
}


def _message_id(key: str) -> str:
    from email.utils import parseaddr

    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def copy_deliveries(apps, schema_editor):
    ReminderDelivery = apps.get_model("learning_sessions", "ReminderDelivery")
    Delivery = apps.get_model("notifications", "Delivery")
    rows = []
    for old in ReminderDelivery.objects.select_related("membership").iterator(chunk_size=2000):
        kind = KINDS.get(old.kind, old.kind)
        stamp = old.event_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        key = f"{kind}:{old.object_id}:{old.membership.user_id}:{old.offset_hours}:{stamp}"
        if kind == "submissions.deadline":
            key = f"{kind}:{old.object_id}:{old.membership.user_id}:{old.offset_hours // 24}:{stamp}"
        rows.append(
            Delivery(
                kind=kind,
                key=key,
                recipient_id=old.membership.user_id,
                cohort_id=old.membership.cohort_id,
                object_id=old.object_id,
                params={"offset": old.offset_hours, "event_at": old.event_at.isoformat()},
                message_id=_message_id(key),
                state="sent" if old.sent_at else "failed",
                attempts=1,
                reason="" if old.sent_at else "claimed before the upgrade and never confirmed as sent",
                sent_at=old.sent_at,
            )
        )
        if len(rows) >= 2000:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("learning_sessions", "0002_alter_reminderdelivery_kind"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_deliveries, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderDelivery"),
    ]
