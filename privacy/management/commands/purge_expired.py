"""manage.py purge_expired [--dry-run]: destroy the personal data of cohorts past their retention period."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from privacy.services import purge_expired


class Command(BaseCommand):
    help = (
        "Destroy or anonymize the personal data of every cohort past its retention period (and access-log "
        "entries past theirs). --dry-run lists what would go and changes nothing. Every run is recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be destroyed; change nothing.")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args, **options):
        run = purge_expired(today=options["today"], dry_run=options["dry_run"], trigger="command")
        report = run.report
        verb = "would destroy" if run.dry_run else "destroyed"
        if not report["cohorts"]:
            self.stdout.write(f"No cohort is past its retention period on {report['today']}.")
        for entry in report["cohorts"]:
            self.stdout.write(f"{entry['name']} (#{entry['cohort']}, kept until {entry['kept_until']}): {verb}")
            for key, value in entry["destroyed"].items():
                self.stdout.write(f"  {key}: {value}")
        self.stdout.write(f"access-log entries past their retention: {report['access_log_expired']} ({verb})")
        self.stdout.write(f"recorded as destruction run #{run.pk}")
