from django.core.management.base import BaseCommand

from learninggroup.demo import PENDING, seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo data of Busan's 2025 AI learning group. Safe to run again."

    def handle(self, *args, **options):
        result = seed_demo()
        people = result["people"]
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {result['cohort']} ({len(people)} people)."))
        self.stdout.write(f"Password for every demo log-in: {result['password']}")
        for email, name, role in people:
            if role != "participant" or email.startswith(("participant01@", "participant02@")):
                self.stdout.write(f"  {role:<12} {email:<32} {name}")
        self.stdout.write("  participant  participant01 … participant35@busan.example")
        pending = ", ".join(sorted(PENDING))
        self.stdout.write(f"  (invitations still pending, no password yet: {pending})")
