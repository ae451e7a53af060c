"""A real Celery worker on the `exports` queue, its pool process killed in the middle of a job: the message is
delivered again (late acknowledgement, rejection on worker loss), the retry takes the job over and finishes
it; there is one job, one complete file and no half file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

from exports import services
from exports.models import ExportJob, JobStatus
from learninggroup.celery import app as celery_app
from tests.factories import CohortFactory

from .slow import expected

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it to the local Redis)"),
]

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def exports_worker(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI has it)")
    settings.EXPORTERS = [*settings.EXPORTERS, "tests.exports.slow.SlowExporter", "tests.exports.slow.SlowBatches"]
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("exports")
    log = open(tmp_path / "worker.log", "w")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.exports.worker_settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "EXPORT_HEARTBEAT_STALE_SECONDS": "600",  # the retry must recognise the dead process, not wait
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "learninggroup",
            "worker",
            "-Q",
            "exports",
            "-c",
            "1",
            "-P",
            "prefork",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"exports-test-{os.getpid()}@%h",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = True
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])


def test_a_worker_killed_mid_job_is_retried_to_one_complete_file(exports_worker):
    cohort = CohortFactory()
    with transaction.atomic():
        job = services.export_request(
            cohort=cohort, identifier="test-slow", parameters={"chunks": 12, "delay": 0.4}, user=None
        )

    def half_way():
        row = ExportJob.objects.get(pk=job.pk)
        return row if row.status == JobStatus.RUNNING and row.progress_done >= 3 else None

    running = wait_for(half_way, 90, "the job to be half-way")
    pid = int(running.worker.rsplit(":", 1)[1])
    assert pid != exports_worker.pid  # the pool process, not the main worker process
    os.kill(pid, signal.SIGKILL)

    again = services.export_request(
        cohort=cohort, identifier="test-slow", parameters={"chunks": 12, "delay": 0.4}, user=None
    )
    assert again.pk == job.pk  # asked again while it is being retried: the same job
    assert ExportJob.objects.get(pk=job.pk).file == ""  # the killed attempt marked nothing done

    done = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=[JobStatus.DONE, JobStatus.FAILED]).first(),
        90,
        "the retry to finish",
    )

    assert done.status == JobStatus.DONE, done.error
    assert done.attempt == 2
    assert ExportJob.objects.count() == 1
    with default_storage.open(done.file, "rb") as handle:
        assert handle.read() == expected(12)
    assert os.listdir(default_storage.path(services.storage_dir(done))) == [f"export-{done.pk}.txt"]


def test_a_split_export_on_a_real_worker_survives_a_killed_batch(exports_worker):
    """Three batches as tasks on the `exports` queue; the pool process is killed in the middle of one: that
    batch is delivered again and done, the last batch sends the assembly, and one complete file is done."""
    from exports.models import ExportPart

    cohort = CohortFactory()
    parameters = {"chunks": 6, "delay": 0.5}
    with transaction.atomic():
        job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters=parameters)

    def in_second_batch():
        part = ExportPart.objects.filter(job=job, index=1, status="running", progress_done__gte=1).first()
        return part if part and part.worker else None

    running = wait_for(in_second_batch, 90, "the second batch to be half-way")
    assert ExportJob.objects.get(pk=job.pk).progress_done >= 3  # the first batch's 2 and this one's 1, summed
    os.kill(int(running.worker.rsplit(":", 1)[1]), signal.SIGKILL)

    done = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=[JobStatus.DONE, JobStatus.FAILED]).first(),
        120,
        "the split export to finish",
    )

    assert done.status == JobStatus.DONE, done.error
    assert done.attempt == 1  # the job was never taken over: only its killed batch ran again
    assert [(p.index, p.status) for p in ExportPart.objects.filter(job=done).order_by("index")] == [
        (0, "done"),
        (1, "done"),
        (2, "done"),
    ]
    assert ExportPart.objects.get(job=done, index=1).tries == 2
    with default_storage.open(done.file, "rb") as handle:
        assert handle.read() == expected(6)
    assert os.listdir(default_storage.path(services.storage_dir(done))) == [f"export-{done.pk}.txt"]
