"""Queue, claim, send and resend deliveries. Keyword-only; called by features, tasks, commands and views.

How a feature sends mail (see the package docstring for the guarantee)::

    from notifications.services import Outgoing, deliveries_enqueue, deliveries_send_soon

    with transaction.atomic():
        ...  # the feature's own change
        deliveries_enqueue(kind="contests.judging_reminder", items=[
            Outgoing(key=f"contests.judging_reminder:{round.pk}:{judge.user_id}:{deadline:%Y%m%dT%H%M}",
                     recipient_id=judge.user_id, cohort_id=cohort.pk, object_id=round.pk),
        ])
        deliveries_send_soon(kinds=["contests.judging_reminder"])  # a task, after the commit

or, in a periodic job that is already a task, ``deliveries_send(kinds=[...])`` right away.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import smtplib
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninggroup.errors import DomainError

from .models import Delivery, DeliveryState
from .registry import Skip, get_kind

logger = logging.getLogger(__name__)

CLAIM_BATCH = 200  # rows claimed by one UPDATE
BACKOFF_SECONDS = 60  # after a transient error: 1, 2, 4, … minutes, at most an hour
BACKOFF_MAX_SECONDS = 3600
REASON_MAX = 2000


class DeliveryError(DomainError):
    """A delivery cannot change as asked (e.g. resending one that did not fail)."""


@dataclass(frozen=True)
class Outgoing:
    """One delivery to queue. ``key`` is the feature's idempotency key: one delivery per key, ever."""

    key: str
    recipient_id: int
    cohort_id: int | None = None
    object_id: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class SendResult:
    sent: int = 0  # accepted by the mail server in this run
    failed: int = 0  # recorded as failed with a reason
    deferred: int = 0  # transient error: tried again after a backoff
    skipped: int = 0  # no longer wanted (the builder said so)
    sent_ids: list[int] = field(default_factory=list)


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


@functools.cache
def _message_id_domain(from_email: str) -> str:
    return parseaddr(from_email)[1].rpartition("@")[2] or "localhost"


def message_id_for(key: str) -> str:
    """The stable Message-ID of the delivery with this key (the same on every try)."""
    domain = _message_id_domain(settings.DEFAULT_FROM_EMAIL)
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


# Queuing -------------------------------------------------------------------------------------


def deliveries_enqueue(*, kind: str, items: Iterable[Outgoing]) -> int:
    """Queue a delivery for each item whose key is new (in the caller's transaction); returns how many.

    Bulk: two queries however many items. Keys already queued (by an earlier or a concurrent run) are left
    alone, whatever their state.
    """
    get_kind(kind)
    items = list(items)
    if not items:
        return 0
    existing = set(Delivery.objects.filter(key__in=[item.key for item in items]).values_list("key", flat=True))
    rows = []
    for item in items:
        if item.key in existing:
            continue
        existing.add(item.key)
        rows.append(
            Delivery(
                kind=kind,
                key=item.key,
                recipient_id=item.recipient_id,
                cohort_id=item.cohort_id,
                object_id=item.object_id,
                params=item.params,
                message_id=message_id_for(item.key),
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def deliveries_send_soon(*, kinds: Sequence[str] | None = None, ids: Sequence[int] | None = None) -> None:
    """Send the queued deliveries (of these kinds, or these ids) in a task once the transaction commits."""
    from .tasks import send_pending  # noqa: PLC0415 -- service enqueues its task

    kinds = list(kinds) if kinds is not None else None
    ids = list(ids) if ids is not None else None
    transaction.on_commit(lambda: send_pending.delay(kinds=kinds, ids=ids))


# Sending -------------------------------------------------------------------------------------


def _claimable(now):
    due = Q(state=DeliveryState.PENDING) & (Q(not_before__isnull=True) | Q(not_before__lte=now))
    return due | Q(state=DeliveryState.CLAIMED, lease_until__lt=now)


def _claim(*, token: str, kinds, ids, limit: int) -> tuple[bool, list[Delivery]]:
    """Claim up to ``limit`` due rows with one UPDATE; (whether any were due, the rows this run got)."""
    now = timezone.now()
    candidates = Delivery.objects.filter(_claimable(now))
    if kinds is not None:
        candidates = candidates.filter(kind__in=kinds)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    pks = list(candidates.order_by("pk").values_list("pk", flat=True)[:limit])
    if not pks:
        return False, []
    # The WHERE is evaluated again under the row lock: of two runs, only one gets each row.
    Delivery.objects.filter(_claimable(now), pk__in=pks).update(
        state=DeliveryState.CLAIMED,
        claim_token=token,
        lease_until=now + lease_duration(),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    claimed = Delivery.objects.filter(pk__in=pks, claim_token=token, state=DeliveryState.CLAIMED)
    return True, list(claimed.select_related("recipient").order_by("pk"))


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:REASON_MAX]


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


CONNECTION, MESSAGE = "connection", "message"


def transient_scope(exc: BaseException) -> str | None:
    """Whether an error from sending is worth trying again, and whether it concerns the connection (the
    server is down or gone: stop this run) or only this message (a 4xx answer to it). None: permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return MESSAGE if codes and all(400 <= code < 500 for code in codes) else None
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return CONNECTION
    if isinstance(exc, smtplib.SMTPResponseException):
        return MESSAGE if 400 <= exc.smtp_code < 500 else None
    if isinstance(exc, smtplib.SMTPException):
        return None
    if isinstance(exc, OSError):  # connection refused, reset, timed out, name not found
        return CONNECTION
    return None


def _finish(delivery: Delivery, token: str, **fields) -> bool:
    """Update the row if this run still holds its claim."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, claim_token=token, state=DeliveryState.CLAIMED).update(
            claim_token="", lease_until=None, updated_at=timezone.now(), **fields
        )
    )


_MARK_SENT = (  # the table name is the model's, a constant
    "UPDATE notifications_delivery SET state = %s, sent_at = %s, updated_at = %s, claim_token = '', "
    "lease_until = NULL, reason = '' WHERE id = %s AND claim_token = %s AND state = %s"
)


def _mark_sent(delivery: Delivery, token: str) -> None:
    """The one statement per mail of a run: plain SQL, the same text every time (prepared by the driver)."""
    now = timezone.now()
    with db_connection.cursor() as cursor:
        cursor.execute(
            _MARK_SENT, [DeliveryState.SENT.value, now, now, delivery.pk, token, DeliveryState.CLAIMED.value]
        )


def _fail(delivery: Delivery, token: str, reason: str) -> None:
    logger.warning("delivery %s (%s) failed: %s", delivery.pk, delivery.kind, reason)
    _finish(delivery, token, state=DeliveryState.FAILED, reason=reason)


def _defer(delivery: Delivery, token: str, reason: str) -> bool:
    """Put the row back for a later try; False when it has had its tries and is failed instead."""
    if delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _fail(delivery, token, f"{reason} (gave up after {delivery.attempts} attempts)"[:REASON_MAX])
        return False
    _finish(
        delivery,
        token,
        state=DeliveryState.PENDING,
        reason=reason,
        not_before=timezone.now() + _backoff(delivery.attempts),
    )
    return True


def _release(deliveries: Sequence[Delivery], token: str, *, not_before) -> None:
    """Give back claimed rows this run did not try (the connection went down): no attempt counted."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claim_token=token, state=DeliveryState.CLAIMED).update(
        state=DeliveryState.PENDING,
        claim_token="",
        lease_until=None,
        not_before=not_before,
        attempts=F("attempts") - 1,
        updated_at=timezone.now(),
    )


def _send_one(delivery: Delivery, *, token: str, connection, cache: dict, result: SendResult) -> str | None:
    """Build and send one delivery and record what happened; CONNECTION when the server is unreachable."""
    try:
        kind = get_kind(delivery.kind)
        message = kind.build(delivery, cache.setdefault(delivery.kind, {}))
        message.extra_headers["Message-ID"] = delivery.message_id
        message.connection = connection
    except Skip:
        _finish(delivery, token, state=DeliveryState.SKIPPED)
        result.skipped += 1
        return None
    except Exception as exc:  # a template error, a missing object: this one fails, the others go on
        _fail(delivery, token, _reason(exc))
        result.failed += 1
        return None
    try:
        message.send()
    except Exception as exc:
        scope = transient_scope(exc)
        if scope is None:  # a header Django refuses, an address the server rejects
            _fail(delivery, token, _reason(exc))
            result.failed += 1
        elif _defer(delivery, token, _reason(exc)):
            result.deferred += 1
        else:
            result.failed += 1
        return scope
    # The server has the mail: mark it at once, in one short transaction (one UPDATE, or with the kind's own
    # record of it), so a kill now re-sends at most this one.
    if kind.on_sent is None:
        _mark_sent(delivery, token)
    else:
        with transaction.atomic():
            _finish(delivery, token, state=DeliveryState.SENT, sent_at=timezone.now(), reason="")
            kind.on_sent(delivery)
    result.sent += 1
    result.sent_ids.append(delivery.pk)
    return None


@contextmanager
def _marks_without_waiting_for_the_disk():
    """On PostgreSQL, the run's commits do not wait for the WAL flush (``synchronous_commit = off``): a kill
    of the worker loses nothing (the server has the commit), and a crash of the database server itself can
    only forget the latest marks — which re-sends those mails, never loses one. Saves a disk flush per mail."""
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except Exception:  # the connection is gone; a new one starts with the default
            logger.debug("could not reset synchronous_commit", exc_info=True)


def deliveries_send(
    *, kinds: Sequence[str] | None = None, ids: Sequence[int] | None = None, batch: int = CLAIM_BATCH
) -> SendResult:
    """Send every due delivery (of these kinds, or these ids; all when neither is given).

    Due: queued and past its backoff, or claimed by a run whose lease expired (it died). Rows are claimed
    in bulk, sent one by one on one connection, each marked as soon as the server accepted it. One bad
    message is recorded as failed and the run goes on; when the mail server is unreachable the run stops
    and gives the rest back for a later try. Safe to run twice at once: each row goes to one run.
    """
    result = SendResult()
    token = uuid.uuid4().hex
    cache: dict = {}
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:
        if transient_scope(exc) is None:
            raise
        logger.warning("mail server unreachable, nothing sent this run: %s", exc)
        return result
    try:
        with _marks_without_waiting_for_the_disk():
            while True:
                found, claimed = _claim(token=token, kinds=kinds, ids=ids, limit=batch)
                if not found:
                    break
                for index, delivery in enumerate(claimed):
                    scope = _send_one(delivery, token=token, connection=connection, cache=cache, result=result)
                    if scope == CONNECTION:
                        rest = claimed[index + 1 :]
                        _release(rest, token, not_before=timezone.now() + _backoff(delivery.attempts))
                        result.deferred += len(rest)
                        logger.warning("mail server gone; %d deliveries left for a later run", len(rest) + 1)
                        return result
    finally:
        try:
            connection.close()
        except Exception:  # closing a dead connection
            logger.debug("closing the mail connection failed", exc_info=True)
    return result


# Staff ---------------------------------------------------------------------------------------


@transaction.atomic
def delivery_resend(*, delivery: Delivery) -> Delivery:
    """Queue a failed delivery again (its tries start afresh) and send it in a task after the commit."""
    row = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
    if row is None or row.state != DeliveryState.FAILED:
        raise DeliveryError(_("This mail has not failed, so there is nothing to send again."), code="not_failed")
    row.state = DeliveryState.PENDING
    row.attempts = 0
    row.not_before = None
    row.lease_until = None
    row.claim_token = ""
    row.save(update_fields=["state", "attempts", "not_before", "lease_until", "claim_token", "updated_at"])
    deliveries_send_soon(ids=[row.pk])
    return row
