"""A real Celery worker, SIGKILLed several times in the middle of a reminder batch, then restarted.

PostgreSQL + Redis + `celery worker` in a subprocess (its mail server: files, see worker_settings.py). Every
person must receive their reminder at least once, and the duplicates must be at most one per kill.
"""

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from email.parser import HeaderParser
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from learninggroup.celery import app as celery_app
from learninggroup.models import Membership, Role, User
from notifications.models import Delivery, DeliveryState
from tests.factories import CohortFactory
from tests.sessions.factories import SessionFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it to the local Redis)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (run with DATABASE_URL)"),
]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 600
KILLS = 3
SEPARATOR = "\n" + "-" * 79 + "\n"


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _received(folder: Path) -> list[tuple[str, str]]:
    """(Message-ID, To) of every message the 'server' accepted completely (a torn last write is not)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        blocks = path.read_text(encoding="utf-8", errors="replace").split(SEPARATOR)
        for block in blocks[:-1]:  # the part after the last separator is incomplete or empty
            headers = HeaderParser().parsestr(block.lstrip("\n"), headersonly=True)
            found.append((headers["Message-ID"], headers["To"]))
    return found


def _start_worker(env) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "learninggroup", "worker", "--pool=solo", "--loglevel=WARNING"]
    command += ["--without-heartbeat", "--without-mingle", "--without-gossip"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _clear_broker():
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_sigkilled_workers_lose_no_reminder_and_duplicate_at_most_one_per_kill(tmp_path):
    cohort = CohortFactory()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"kill-{n:04d}@busan.example", name=f"참여자{n}", password=password) for n in range(RECIPIENTS)
    )
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users)
    Membership.objects.bulk_create(Membership(user=u, cohort=cohort, role=Role.PARTICIPANT) for u in users)
    starts = timezone.now() + dt.timedelta(minutes=110)
    SessionFactory(cohort=cohort, number=1, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": _database_url(),
        "KILL_TEST_MAIL_DIR": str(mail_dir),
        "NOTIFICATIONS_LEASE_SECONDS": "2",
    }
    _clear_broker()
    rounds = []
    try:
        for _ in range(KILLS):
            before = len(_received(mail_dir))
            worker = _start_worker(env)
            celery_app.send_task("sessions.send_due_reminders")
            # Kill it once it is well into a batch: 60–200 mails after this round started.
            assert _wait(lambda before=before: len(_received(mail_dir)) >= before + 60, timeout=60), (
                worker.stderr.read().decode() if worker.poll() is not None else "no progress"
            )
            time.sleep(0.1)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            rounds.append(len(_received(mail_dir)) - before)
            _clear_broker()  # the killed task's message stays unacked for an hour; the next round sends anew
        assert len(_received(mail_dir)) < RECIPIENTS, "the kills came too late to interrupt anything"

        time.sleep(2.1)  # the dead workers' leases expire
        worker = _start_worker(env)
        celery_app.send_task("sessions.send_due_reminders")
        done = _wait(lambda: Delivery.objects.filter(state=DeliveryState.SENT).count() == RECIPIENTS, timeout=60)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
        assert done, list(Delivery.objects.values_list("state").annotate())
    finally:
        _clear_broker()

    received = _received(mail_dir)
    per_message = collections.Counter(message_id for message_id, _to in received)
    expected = dict(Delivery.objects.values_list("message_id", "recipient__email"))
    missing = [mid for mid in expected if per_message[mid] == 0]
    duplicates = sum(n - 1 for n in per_message.values() if n > 1)
    print(
        f"\nkill test: {RECIPIENTS} recipients, {KILLS} SIGKILLs after {rounds} mails of their rounds; "
        f"{len(received)} mails received, {len(per_message)} distinct, {len(missing)} missing, "
        f"{duplicates} duplicates"
    )
    assert len(expected) == RECIPIENTS
    assert missing == []
    assert set(per_message) == set(expected)
    assert {to for _mid, to in received} == {u.email for u in users}
    assert duplicates <= KILLS
