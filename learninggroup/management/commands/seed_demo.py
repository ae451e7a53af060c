from django.core.management.base import BaseCommand

from learninggroup.demo import PENDING, seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo: Busan's 2025 pilot and a second cohort in full swing. Safe to run again."

    def handle(self, *args, **options):
        result = seed_demo()
        for cohort, counts in result["cohorts"]:
            dates = f"{cohort.starts_on:%Y-%m-%d} – {cohort.ends_on:%Y-%m-%d}" if cohort.starts_on else ""
            self.stdout.write(self.style.SUCCESS(f"{cohort.name} ({dates})"))
            for label, count in counts.items():
                self.stdout.write(f"  {label:<24} {count}")
        self.stdout.write(f"Password for every demo log-in: {result['password']}")
        for email, name, role in result["people"]:
            if role != "participant" or email.startswith(("participant01@", "participant02@")):
                self.stdout.write(f"  {role:<12} {email:<32} {name}")
        self.stdout.write("  participant  participant01 … participant35@busan.example")
        pending = ", ".join(sorted(PENDING))
        self.stdout.write(f"  (invitations still pending, no password yet: {pending})")
