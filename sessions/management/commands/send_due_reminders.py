from django.core.management.base import BaseCommand

from sessions.services import reminders_send_due


class Command(BaseCommand):
    help = "Send the session reminders and attendance warnings that are due (what the beat task does)."

    def handle(self, *args, **options):
        result = reminders_send_due()
        self.stdout.write(
            f"sent {result.sent} e-mails, {result.already} already claimed, {result.warnings} attendance warnings"
        )
