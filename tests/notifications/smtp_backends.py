"""Mail backends that behave like an outside SMTP server in trouble (the outside world, for delivery tests).

``REFUSED`` addresses are refused as the server would refuse them (550); ``GREYLISTED`` get a 451 (try later).
Everything else lands in ``django.core.mail.outbox`` like the locmem backend.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED = {"refused@busan.example"}
GREYLISTED = {"greylisted@busan.example"}


class EmailBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            message.message()  # the headers are checked first, as the SMTP backend does
            for address in message.recipients():
                if address in REFUSED:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 no such user")})
                if address in GREYLISTED:
                    raise smtplib.SMTPRecipientsRefused({address: (451, b"4.7.1 greylisted, try later")})
        return super().send_messages(messages)


class UnreachableBackend(LocmemBackend):
    """The server refuses the connection."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
