"""Notifications: the one send-once record of every e-mail the platform sends to a person.

Every feature that mails someone (session reminders, attendance warnings, submission deadline reminders,
invitations, judging reminders) queues a :class:`~notifications.models.Delivery` per person and mail, with an
idempotency key the feature builds, and lets :func:`notifications.services.deliveries_send` send it. The kind
(``"sessions.reminder"``) belongs to the feature: it lists it with its builder on its AppConfig
(``notification_kinds``, see :mod:`notifications.registry`); no model or migration here changes for a new kind.

The guarantee: **every delivery is sent at least once**, and a duplicate can only happen for a worker killed
in the short window after the mail server accepted a mail and before its row was marked sent.

- Queuing inserts the row (``pending``) in the caller's transaction; its key is unique, so queuing twice (beat
  firing twice, two workers, a retried task) queues once.
- A run claims pending rows in bulk (one ``UPDATE`` per batch that sets a claim token and a lease) and sends
  them one by one on one connection. Each mail carries the delivery's stable ``Message-ID``, so a duplicate is
  recognisable as the same message.
- Right after the mail server accepted a mail, its row is marked ``sent`` in its own short transaction. A
  worker killed mid-batch leaves its claimed rows with a lease that expires; the next run (beat, or
  ``manage.py send_due_reminders``) claims and sends them again. So a kill loses nothing and re-sends at most the
  one mail that was accepted but not yet marked.
- A mail that cannot be sent (a header Django refuses, an address the server rejects, a template error) is
  marked ``failed`` with its reason and the run goes on with the others. Transient errors (connection refused,
  timeouts, 4xx answers) put the row back with a backoff, up to ``MAX_ATTEMPTS``; then it is ``failed`` too.
  The cohort's staff see failed deliveries with their reasons and can send them again.
"""
