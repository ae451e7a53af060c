"""A mail backend whose server refuses everything (the outside world failing, for reminder tests)."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise OSError("mail server unavailable")
