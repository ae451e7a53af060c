"""A real Celery worker, SIGKILLed three times in the middle of a reminder batch, then restarted.

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
    """A worker as deployed: a main process and one prefork pool process that runs the tasks."""
    command = [sys.executable, "-m", "celery", "-A", "learninggroup", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def _pool_process(worker: subprocess.Popen) -> int:
    found = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False).stdout
    children = [int(pid) for pid in found.split()]
    assert len(children) == 1, children
    return children[0]


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
    celery_app.conf.task_always_eager = False  # publish to Redis (the autouse fixture restores it)
    rounds = []
    workers = []
    started = time.monotonic()
    try:
        # Kills 1 and 2: the pool process dies mid-batch (the OOM killer's way); the main process forks a new
        # one and the broker hands it the task again. Kill 3: the whole worker, main process and all.
        worker = _start_worker(env)
        workers.append(worker)
        celery_app.send_task("sessions.send_due_reminders")
        for kill in range(1, KILLS + 1):
            before = len(_received(mail_dir))
            # Kill once it is well into a batch: 60 or more mails after the last kill.
            assert _wait(lambda before=before: len(_received(mail_dir)) >= before + 60, timeout=90), (
                worker.stderr.read().decode() if worker.poll() is not None else "no progress"
            )
            if kill < KILLS:
                os.kill(_pool_process(worker), signal.SIGKILL)
            else:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
            rounds.append(len(_received(mail_dir)) - before)
        assert len(_received(mail_dir)) < RECIPIENTS, "the kills came too late to interrupt anything"
        _clear_broker()  # the dead worker's task stays unacked for an hour; the restarted one gets a new one

        time.sleep(2.1)  # the dead claims' leases expire
        worker = _start_worker(env)
        workers.append(worker)
        celery_app.send_task("sessions.send_due_reminders")
        done = _wait(lambda: Delivery.objects.filter(state=DeliveryState.SENT).count() == RECIPIENTS, timeout=90)
        assert done, list(Delivery.objects.values_list("state").annotate())
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
            worker.stderr.close()
        _clear_broker()
    elapsed = time.monotonic() - started

    received = _received(mail_dir)
    per_message = collections.Counter(message_id for message_id, _to in received)
    expected = dict(Delivery.objects.values_list("message_id", "recipient__email"))
    missing = [mid for mid in expected if per_message[mid] == 0]
    duplicates = sum(n - 1 for n in per_message.values() if n > 1)
    print(
        f"\nkill test: {RECIPIENTS} recipients, {KILLS} SIGKILLs after {rounds} mails of their rounds; "
        f"{len(received)} mails received, {len(per_message)} distinct, {len(missing)} missing, "
        f"{duplicates} duplicates; {elapsed:.1f} s"
    )
    assert len(expected) == RECIPIENTS
    assert missing == []
    assert set(per_message) == set(expected)
    assert {to for _mid, to in received} == {u.email for u in users}
    assert duplicates <= KILLS
