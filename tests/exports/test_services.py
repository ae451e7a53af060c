"""Export jobs: one active job per export (also when asked twice at once), idempotent runs, a file that appears
only when complete, failures with their reason, downloads logged with a reason, expiry and the purge."""

import datetime as dt
import os
import socket
import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from exports import services
from exports.models import ExportDownload, ExportJob, JobStatus
from tests.factories import CohortFactory

from .slow import expected

SLOW = "tests.exports.slow.SlowExporter"


@pytest.fixture(autouse=True)
def slow_exporter(settings):
    settings.EXPORTERS = [*settings.EXPORTERS, SLOW]


def test_asking_again_while_queued_returns_the_same_job(cohort, organizer):
    first = services.export_request(cohort=cohort, identifier="test-slow", parameters={"chunks": 1}, user=organizer)
    again = services.export_request(cohort=cohort, identifier="test-slow", parameters={"chunks": 1}, user=organizer)
    other = services.export_request(cohort=cohort, identifier="test-slow", parameters={"chunks": 2}, user=organizer)

    assert again.pk == first.pk
    assert other.pk != first.pk
    assert ExportJob.objects.count() == 2


def test_the_database_refuses_a_second_active_job_for_the_same_export(cohort):
    from django.db import IntegrityError

    ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters_key="{}")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters_key="{}", status=JobStatus.RUNNING)
    ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters_key="{}", status=JobStatus.DONE)


@pytest.mark.django_db(transaction=True)
def test_the_same_export_requested_twice_at_once_makes_one_job():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI has it)")
    cohort = CohortFactory()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def ask():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                job = services.export_request(cohort=cohort, identifier="test-slow", parameters={"delay": 0.2})
                results.append(job.pk)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(set(results)) == 1
    assert ExportJob.objects.count() == 1


def test_a_run_writes_the_file_and_a_second_run_changes_nothing(cohort, organizer):
    job = ExportJob.objects.create(
        cohort=cohort, exporter="test-slow", parameters={"chunks": 2, "delay": 0}, requested_by=organizer
    )

    services.export_run(job_id=job.pk)
    job.refresh_from_db()
    again = services.export_run(job_id=job.pk)

    assert job.status == JobStatus.DONE and not again.claimed
    assert job.attempt == 1
    assert (job.progress_done, job.progress_total, job.percent) == (2, 2, 100)
    assert job.report == {"items": 2, "missing": [], "notes": ["천천히 끝났습니다."]}
    with default_storage.open(job.file, "rb") as handle:
        assert handle.read() == expected(2)
    assert job.file_size == len(expected(2))
    assert job.file_name == f"{cohort.name} 느린 시험용 내보내기.txt"
    assert job.expires_at - job.finished_at == dt.timedelta(days=7)
    assert os.listdir(default_storage.path(services.storage_dir(job))) == [f"export-{job.pk}.txt"]


def test_a_job_whose_worker_is_alive_is_not_taken_over(cohort):
    job = ExportJob.objects.create(
        cohort=cohort,
        exporter="test-slow",
        status=JobStatus.RUNNING,
        attempt=1,
        worker=services._worker_id(),  # this very process: alive
        heartbeat_at=timezone.now(),
    )

    claim = services.export_run(job_id=job.pk)

    assert claim.busy and not claim.claimed


def test_a_job_whose_worker_died_is_taken_over_by_the_retry(cohort):
    job = ExportJob.objects.create(
        cohort=cohort,
        exporter="test-slow",
        parameters={"chunks": 1, "delay": 0},
        status=JobStatus.RUNNING,
        attempt=1,
        worker=f"{socket.gethostname()}:999999",  # no such process
        heartbeat_at=timezone.now(),
    )

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempt) == (JobStatus.DONE, 2)


def test_a_job_with_a_stale_heartbeat_is_taken_over(cohort, settings):
    job = ExportJob.objects.create(
        cohort=cohort,
        exporter="test-slow",
        parameters={"chunks": 1, "delay": 0},
        status=JobStatus.RUNNING,
        attempt=3,
        worker="another-host:1",
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.EXPORT_HEARTBEAT_STALE_SECONDS + 1),
    )

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempt) == (JobStatus.DONE, 4)


def test_a_failing_export_records_its_reason_leaves_no_file_and_can_be_retried(cohort, organizer):
    job = ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters={"fail": True})

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (
        job.error
        == "내부 오류(RuntimeError)로 내보내기가 실패했습니다. 다시 시도하고, 또 실패하면 운영 담당자에게 알려 주세요."
    )
    assert job.file == ""
    assert os.listdir(default_storage.path(services.storage_dir(job))) == []
    retry = services.export_retry(job=job, user=organizer)
    assert retry.pk != job.pk and retry.status == JobStatus.QUEUED and retry.parameters == {"fail": True}


def test_an_exporter_that_no_longer_exists_fails_with_a_message(cohort):
    job = ExportJob.objects.create(cohort=cohort, exporter="gone-away")

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "이 내보내기는 더 이상 없습니다.")


def test_an_unknown_export_cannot_be_requested(cohort):
    with pytest.raises(services.ExportError) as caught:
        services.export_request(cohort=cohort, identifier="nothing", parameters={})
    assert caught.value.code == "unknown"


def _done_job(cohort, organizer):
    job = ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters={"chunks": 1, "delay": 0})
    services.export_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_download_is_logged_with_who_where_and_why(cohort, organizer):
    job = _done_job(cohort, organizer)

    record = services.export_download(job=job, user=organizer, reason="  행안부   제출용 ", ip_address="10.0.0.7")

    assert ExportDownload.objects.get() == record
    assert (record.user_email, record.ip_address, record.reason, record.exporter) == (
        organizer.email,
        "10.0.0.7",
        "행안부 제출용",
        "test-slow",
    )


def test_a_download_without_a_reason_is_refused(cohort, organizer):
    job = _done_job(cohort, organizer)

    with pytest.raises(services.ExportError) as caught:
        services.export_download(job=job, user=organizer, reason=" ", ip_address=None)

    assert caught.value.code == "reason"
    assert ExportDownload.objects.count() == 0


def test_expired_files_are_purged_and_cannot_be_downloaded(cohort, organizer):
    job = _done_job(cohort, organizer)
    fresh = _done_job(cohort, organizer)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert services.exports_purge_expired() == 1

    job.refresh_from_db()
    assert job.purged_at is not None and not default_storage.exists(job.file)
    assert default_storage.exists(fresh.file)
    with pytest.raises(services.ExportError) as caught:
        services.export_download(job=job, user=organizer, reason="제출", ip_address=None)
    assert caught.value.code == "expired"
    assert services.exports_purge_expired() == 0
