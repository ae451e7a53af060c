"""A real Celery worker against the real Redis runs the invitation task (CI always has Redis)."""

import os
import time

import pytest
from django.core import mail
from django.db import transaction

from learninggroup import services
from learninggroup.celery import app as celery_app
from learninggroup.models import Invitation, Role
from learninggroup.roster import RosterRow
from tests.factories import CohortFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it to the local Redis)"),
]


@pytest.fixture
def worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    assert celery_app.conf.broker_url.startswith("redis://")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as started:
        yield started
    celery_app.conf.task_always_eager = True


def test_worker_sends_the_invitation_after_the_import_commits(worker):
    cohort = CohortFactory()
    rows = [RosterRow(2, "김민준", "worker-test@busan.example", "디지털정책과", "행정7급")]

    with transaction.atomic():
        result = services.roster_import(cohort=cohort, rows=rows, default_role=Role.PARTICIPANT, actor=None)

    invitation = Invitation.objects.get(pk=result.invitations[0])
    deadline = time.monotonic() + 30
    while invitation.sent_at is None and time.monotonic() < deadline:
        time.sleep(0.2)
        invitation.refresh_from_db()

    assert invitation.sent_at is not None
    assert invitation.send_count == 1
    assert [m.to for m in mail.outbox] == [["worker-test@busan.example"]]
