"""One export split over several workers (exports/batches.py), with eager tasks: batches written as parts,
progress summed across them, a failed batch tried again, the file assembled only when every batch is done,
and the same file as the export in one piece."""

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from contests import services as contest_services
from contests.models import ContestKind
from exports import batches, services
from exports.models import ExportJob, ExportPart, JobStatus
from exports.registry import exporter_class
from learninggroup.models import Role
from tests.factories import MembershipFactory
from tests.sessions.factories import KST, AttendanceFactory, SessionFactory

from .conftest import pdf_text
from .slow import expected

NAMES = ["김민준", "이서연", "박지훈", "최수아", "정현우"]


@pytest.fixture(autouse=True)
def batch_exporters(settings):
    settings.EXPORTERS = [*settings.EXPORTERS, "tests.exports.slow.SlowBatches"]
    settings.EXPORT_SPLIT = True


def run_split(cohort, identifier, parameters, user, capture):
    """Request the export and run everything the tasks would run, in order (eager Celery)."""
    job = services.export_request(cohort=cohort, identifier=identifier, parameters=parameters, user=user)
    with capture(execute=True):
        services.export_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def read(job) -> bytes:
    with default_storage.open(job.file, "rb") as handle:
        return handle.read()


def test_a_split_export_runs_its_batches_and_assembles_one_file(cohort, organizer, django_capture_on_commit_callbacks):
    job = run_split(cohort, "test-slow-batches", {"chunks": 5}, organizer, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.DONE, job.error
    assert read(job) == expected(5)
    parts = list(ExportPart.objects.filter(job=job).order_by("index"))
    assert [(p.index, p.keys, p.status) for p in parts] == [
        (0, [0, 1], "done"),
        (1, [2, 3], "done"),
        (2, [4], "done"),
    ]
    assert job.report == {"items": 5, "missing": [], "notes": ["조각을 모았습니다."]}
    assert job.progress_done == job.progress_total == 2 * 5 + 1
    assert os.listdir(default_storage.path(services.storage_dir(job))) == [f"export-{job.pk}.txt"]  # no parts left


def test_progress_is_summed_and_nothing_is_done_before_the_last_batch(cohort, organizer):
    job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters={"chunks": 4})
    services.export_run(job_id=job.pk)  # splits; the batch tasks are sent only on commit: run them by hand

    assert batches.export_part_run(job_id=job.pk, attempt=1, index=1) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.file) == ("running", 2, 9, "")
    assert batches.export_part_run(job_id=job.pk, attempt=1, index=1) == "gone"  # delivered twice: done once

    assert batches.export_part_run(job_id=job.pk, attempt=1, index=0) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.file) == ("running", 4, "")  # assembly not run yet: no file

    batches.export_assemble(job_id=job.pk, attempt=1)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and read(job) == expected(4)


def test_the_assembly_waits_for_every_batch(cohort, organizer):
    job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters={"chunks": 4})
    services.export_run(job_id=job.pk)
    batches.export_part_run(job_id=job.pk, attempt=1, index=0)

    batches.export_assemble(job_id=job.pk, attempt=1)  # a replayed message before the last batch

    job.refresh_from_db()
    assert (job.status, job.file) == ("running", "")


def test_a_failed_batch_is_tried_again_and_the_export_finishes(cohort, organizer, django_capture_on_commit_callbacks):
    job = run_split(
        cohort, "test-slow-batches", {"chunks": 6, "fail_once": 3}, organizer, django_capture_on_commit_callbacks
    )

    assert job.status == JobStatus.DONE, job.error
    assert read(job) == expected(6)
    assert list(ExportPart.objects.filter(job=job).order_by("index").values_list("tries", flat=True)) == [1, 2, 1]


def test_a_batch_that_keeps_failing_fails_the_job_with_no_file(
    cohort, organizer, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_PART_TRIES = 2
    job = run_split(
        cohort, "test-slow-batches", {"chunks": 6, "fail_always": 2}, organizer, django_capture_on_commit_callbacks
    )

    assert job.status == JobStatus.FAILED and job.file == ""
    assert "RuntimeError" in job.error
    failed = ExportPart.objects.get(job=job, index=1)
    assert (failed.status, failed.tries) == ("failed", 2)
    folder = default_storage.path(services.storage_dir(job))
    assert os.listdir(folder) == []  # no half file, no parts
    assert ExportJob.objects.filter(status=JobStatus.DONE).count() == 0


def test_a_retried_job_plans_its_batches_afresh(cohort, organizer, django_capture_on_commit_callbacks):
    job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters={"chunks": 4})
    services.export_run(job_id=job.pk)
    batches.export_part_run(job_id=job.pk, attempt=1, index=0)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=None)  # its workers died: a retry takes it over

    with django_capture_on_commit_callbacks(execute=True):
        services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 2) and read(job) == expected(4)
    assert batches.export_part_run(job_id=job.pk, attempt=1, index=1) == "gone"  # the old attempt's batch
    assert set(ExportPart.objects.filter(job=job, attempt=2).values_list("status", flat=True)) == {"done"}


@pytest.fixture
def five_graduates(cohort):
    sessions = [
        SessionFactory(cohort=cohort, number=n, starts_at=dt.datetime(2025, 5, 12 + n, 19, tzinfo=KST)) for n in (1, 2)
    ]
    for name in NAMES:
        membership = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department="민원담당관")
        membership.user.name = name
        membership.user.save(update_fields=["name"])
        for session in sessions:
            AttendanceFactory(session=session, membership=membership)
    return cohort


def test_certificates_in_batches_are_one_pdf_a_in_number_order(
    five_graduates, organizer, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BATCH_SIZES = {"certificates-pdf": 2}

    job = run_split(five_graduates, "certificates-pdf", {}, organizer, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.DONE, job.error
    assert ExportPart.objects.filter(job=job).count() == 3
    data = read(job)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 5
    numbers = [f"2025-AI-000{n}" for n in range(1, 6)]
    assert [next(n for n in numbers if n in page.extract_text()) for page in pages] == numbers
    assert set(NAMES) <= set(pdf_text(data).split())
    assert b"pdfaid:part" in data  # the first part's PDF/A identification is kept
    assert job.report["items"] == 5


def test_a_ministry_bundle_in_batches_equals_the_bundle_in_one_piece(
    cohort, organizer, submissions, settings, django_capture_on_commit_callbacks
):
    ministry = contest_services.contest_create(
        cohort=cohort, kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer
    )
    for submission in submissions:
        contest_services.entry_nominate(contest=ministry, submission=submission, actor=organizer)
    whole = io.BytesIO()
    subject = services.subject_for(
        cohort=cohort, exporter_cls=exporter_class("contest-ministry-zip"), parameters={"contest": ministry.pk}
    )
    exporter_class("contest-ministry-zip")().write(subject, whole, lambda d, t: None)
    settings.EXPORT_BATCH_SIZES = {"contest-ministry-zip": 1}

    job = run_split(
        cohort, "contest-ministry-zip", {"contest": ministry.pk}, organizer, django_capture_on_commit_callbacks
    )

    assert job.status == JobStatus.DONE, job.error
    assert ExportPart.objects.filter(job=job).count() == 3
    split = zipfile.ZipFile(io.BytesIO(read(job)))
    one = zipfile.ZipFile(whole)
    assert split.namelist() == one.namelist()
    for name in one.namelist():
        if name.endswith(".hwpx"):
            assert split.read(name) == one.read(name)
    assert job.report["items"] == 3 and job.report["missing"] == []


def test_the_job_page_says_how_many_batches_are_done(client, cohort, organizer):
    from django.urls import reverse

    client.force_login(organizer)
    job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters={"chunks": 6})
    services.export_run(job_id=job.pk)
    batches.export_part_run(job_id=job.pk, attempt=1, index=2)

    page = client.get(reverse("export_job", args=[cohort.pk, job.pk])).content.decode()

    assert "3개 묶음으로 나누어 내보내기 작업자들이 함께 처리하고 있습니다: 1개 완료." in page


def test_without_split_a_batch_exporter_runs_in_one_task(cohort, organizer, settings):
    settings.EXPORT_SPLIT = False  # one exports worker: the join would only cost time
    job = services.export_request(cohort=cohort, identifier="test-slow-batches", parameters={"chunks": 5})

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and read(job) == expected(5)
    assert not ExportPart.objects.filter(job=job).exists()
    assert job.progress_done == job.progress_total == 11
