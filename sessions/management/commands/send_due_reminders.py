from django.core.management.base import BaseCommand

from sessions.services import reminders_send_due


class Command(BaseCommand):
    help = (
        "Send the session reminders and attendance warnings that are due (what the beat task does), and say how "
        "many mails were sent, failed, skipped and deferred."
    )

    def handle(self, *args, **options):
        result = reminders_send_due()
        self.stdout.write(
            f"sent {result.sent}, failed {result.failed}, skipped {result.skipped}, "
            f"deferred {result.deferred} e-mails; {result.already} already queued by an earlier run; "
            f"{result.warnings} attendance warnings"
        )
        if result.failed:
            self.stderr.write(
                f"{result.failed} e-mails failed: their reasons are on each cohort's failed-mail page "
                "(/cohorts/<id>/deliveries/failed/)."
            )
