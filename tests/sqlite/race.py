"""Two team members save the same submission at the same instant, on SQLite, through the real view.

Run as a script in its own process (the suite itself runs on PostgreSQL): `python -m tests.sqlite.race ROUNDS`
with DATABASE_URL pointing at a SQLite file. Prints one line per answer: the status code and whether the page
said "database is locked".
"""

import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learninggroup.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from learninggroup.models import Role  # noqa: E402
from submissions.models import Submission  # noqa: E402
from tests.factories import CohortFactory, MembershipFactory  # noqa: E402
from tests.submissions.factories import SubmissionFactory, TeamFactory, TeamMembershipFactory  # noqa: E402

FIELDS = {"summary": "요약", "background": "배경", "description": "설명", "action": "save"}


def main(rounds: int) -> None:
    call_command("migrate", verbosity=0)
    cohort = CohortFactory()
    team = TeamFactory(cohort=cohort)
    users = []
    for _ in range(2):
        membership = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT)
        TeamMembershipFactory(team=team, membership=membership)
        users.append(membership.user)
    submission = SubmissionFactory(team=team, title="처음")
    url = reverse("submission_edit", kwargs={"pk": cohort.pk, "team_pk": team.pk})
    clients = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    connection.close()

    for round_number in range(rounds):
        version = Submission.objects.get(pk=submission.pk).version
        connection.close()
        barrier = threading.Barrier(len(clients))
        answers = []

        def save(client, title, version=version, barrier=barrier, answers=answers):
            barrier.wait()
            response = client.post(url, {**FIELDS, "title": title, "version": version})
            answers.append((response.status_code, b"database is locked" in response.content))
            connection.close()

        threads = [
            threading.Thread(target=save, args=(client, f"{round_number}-{index}"))
            for index, client in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for status, locked in answers:
            print(status, "locked" if locked else "-", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
