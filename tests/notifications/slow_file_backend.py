"""A mail 'server' for the kill test: each accepted message appended to a file and flushed, 5 ms apiece."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(0.005 * len(email_messages))
        return super().send_messages(email_messages)
