"""The exports page: start, progress by htmx polling that stops when the job ends, download with a reason,
failure with a retry, an expired file; the certificate ledger; the public verification page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exports import services
from exports.certificates import certificates_issue, verification_token
from exports.models import Certificate, ExportDownload, ExportJob, JobStatus
from learninggroup.models import Role

SLOW = "tests.exports.slow.SlowExporter"


@pytest.fixture(autouse=True)
def slow_exporter(settings):
    settings.EXPORTERS = [*settings.EXPORTERS, SLOW]


@pytest.fixture
def staff_client(client, organizer):
    client.force_login(organizer)
    return client


def test_the_page_lists_the_exports_the_viewer_may_run(client, cohort, make_member, organizer):
    facilitator = make_member(Role.FACILITATOR, cohort)
    client.force_login(facilitator)

    page = client.get(reverse("export_list", args=[cohort.pk])).content.decode()

    assert 'data-export="attendance-xlsx"' in page and 'data-export="attendance-signin-pdf"' in page
    assert 'data-export="casebook-pdf"' not in page and 'data-export="certificates-pdf"' not in page

    client.force_login(organizer)
    page = client.get(reverse("export_list", args=[cohort.pk])).content.decode()
    assert 'data-export="casebook-pdf"' in page and 'data-export="certificates-pdf"' in page


def test_starting_an_export_runs_it_and_shows_the_job(staff_client, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("export_start", args=[cohort.pk]), {"exporter": "casebook-md"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job", args=[cohort.pk, job.pk])
    assert job.status == JobStatus.DONE
    page = staff_client.get(response.url).content.decode()
    assert reverse("export_download", args=[cohort.pk, job.pk]) in page
    assert "hx-trigger" not in page  # finished: nothing polls


def test_a_running_job_polls_and_the_fragment_comes_back_alone(staff_client, cohort):
    job = ExportJob.objects.create(
        cohort=cohort, exporter="test-slow", status=JobStatus.RUNNING, progress_done=3, progress_total=12
    )
    url = reverse("export_job", args=[cohort.pk, job.pk])

    page = staff_client.get(url).content.decode()
    fragment = staff_client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in page
    assert fragment.lstrip().startswith('<section id="job-status"') and "<html" not in fragment
    assert '<progress class="export-progress" max="12" value="3">25 %</progress>' in fragment
    assert "12 중 3" in fragment


def test_a_failed_job_shows_its_reason_and_a_retry(staff_client, cohort):
    job = ExportJob.objects.create(cohort=cohort, exporter="test-slow", status=JobStatus.FAILED, error="저장소 오류")

    page = staff_client.get(reverse("export_job", args=[cohort.pk, job.pk])).content.decode()
    response = staff_client.post(reverse("export_retry", args=[cohort.pk, job.pk]))

    assert "저장소 오류" in page and reverse("export_retry", args=[cohort.pk, job.pk]) in page
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("export_job", args=[cohort.pk, new.pk])


def _done(cohort):
    job = ExportJob.objects.create(cohort=cohort, exporter="test-slow", parameters={"chunks": 1, "delay": 0})
    services.export_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_download_asks_for_a_reason_then_sends_the_file_and_logs_it(staff_client, cohort, organizer):
    job = _done(cohort)
    url = reverse("export_download", args=[cohort.pk, job.pk])

    form = staff_client.get(url)
    refused = staff_client.post(url, {"reason": ""})
    assert 'name="reason"' in form.content.decode()
    assert refused.status_code == 200 and ExportDownload.objects.count() == 0

    response = staff_client.post(url, {"reason": "행안부 제출"}, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith("가나다".encode())
    log = ExportDownload.objects.get()
    assert (log.user, log.reason, log.ip_address, log.job) == (organizer, "행안부 제출", "10.1.2.3", job)


def test_an_expired_file_says_so_and_offers_a_new_run(staff_client, cohort):
    job = _done(cohort)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    services.exports_purge_expired()

    response = staff_client.post(reverse("export_download", args=[cohort.pk, job.pk]), {"reason": "제출"})
    page = staff_client.get(reverse("export_job", args=[cohort.pk, job.pk])).content.decode()

    assert response.status_code == 410
    assert "보관 기간이 지나 파일이 삭제되었습니다." in response.content.decode()
    assert reverse("export_retry", args=[cohort.pk, job.pk]) in response.content.decode()
    assert "보관 기간이 지나 파일이 삭제되었습니다." in page
    assert ExportDownload.objects.count() == 0


def test_a_participant_or_judge_asking_for_an_organizer_export_gets_404(client, cohort, make_member):
    job = _done(cohort)
    for role in (Role.PARTICIPANT, Role.JUDGE):
        client.force_login(make_member(role, cohort))
        assert client.post(reverse("export_start", args=[cohort.pk]), {"exporter": "casebook-pdf"}).status_code == 404
        assert client.get(reverse("export_job", args=[cohort.pk, job.pk])).status_code == 404
        assert client.post(reverse("export_download", args=[cohort.pk, job.pk]), {"reason": "x y"}).status_code == 404
    assert ExportJob.objects.count() == 1


def test_a_facilitator_cannot_start_an_organizer_export(client, cohort, make_member):
    client.force_login(make_member(Role.FACILITATOR, cohort))

    response = client.post(reverse("export_start", args=[cohort.pk]), {"exporter": "certificates-pdf"})

    assert response.status_code == 404 and ExportJob.objects.count() == 0


def test_jobs_of_another_cohort_are_404(staff_client, cohort):
    from tests.factories import CohortFactory

    foreign = _done(CohortFactory())

    assert staff_client.get(reverse("export_job", args=[cohort.pk, foreign.pk])).status_code == 404


def test_the_exports_page_runs_the_same_number_of_queries_at_two_sizes(staff_client, cohort, django_assert_num_queries):
    url = reverse("export_list", args=[cohort.pk])
    ExportJob.objects.create(cohort=cohort, exporter="casebook-pdf", status=JobStatus.FAILED, parameters_key="1")
    with django_assert_num_queries(8):
        staff_client.get(url)
    for n in range(5):
        ExportJob.objects.create(cohort=cohort, exporter="casebook-pdf", status=JobStatus.FAILED, parameters_key=str(n))
    with django_assert_num_queries(8):
        staff_client.get(url)


# Certificates ----------------------------------------------------------------------------------------


@pytest.fixture
def certificate(attended_cohort):
    cohort, _people = attended_cohort
    return certificates_issue(cohort=cohort)[0]


def test_the_ledger_revokes_and_reissues(staff_client, certificate):
    cohort = certificate.cohort
    ledger = reverse("certificate_ledger", args=[cohort.pk])

    staff_client.post(reverse("certificate_reissue", args=[cohort.pk, certificate.pk]))
    new = Certificate.objects.get(reissue_of=certificate)
    refused = staff_client.post(reverse("certificate_revoke", args=[cohort.pk, new.pk]), {"reason": ""})
    staff_client.post(reverse("certificate_revoke", args=[cohort.pk, new.pk]), {"reason": "착오 발급"})
    page = staff_client.get(ledger).content.decode()

    assert refused.status_code == 302
    new.refresh_from_db()
    certificate.refresh_from_db()
    assert (certificate.number, certificate.revoked_reason) == ("2025-AI-0001", "재발급")
    assert (new.number, new.revoked_reason) == ("2025-AI-0002", "착오 발급")
    assert "2025-AI-0001 재발급" in page and "착오 발급" in page


def test_the_seal_must_be_a_png(staff_client, cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("certificate_ledger", args=[cohort.pk])
    data = {
        "course_name": "AI 학습모임",
        "hours": 20,
        "hours_basis": "",
        "number_prefix": "AI",
        "issuer_title": "부산광역시장",
    }

    bad = staff_client.post(url, {**data, "seal": SimpleUploadedFile("seal.png", b"GIF89a....")})
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    good = staff_client.post(url, {**data, "seal": SimpleUploadedFile("seal.png", png)})

    assert bad.status_code == 200 and "PNG 이미지로 올려 주세요" in bad.content.decode()
    assert good.status_code == 302
    assert cohort.certificate_settings.seal.name.endswith(".png")


def test_verification_shows_only_name_course_dates_and_validity(client, certificate):
    url = reverse("certificate_verify", args=[verification_token(certificate)])

    page = client.get(url).content.decode()

    assert "유효" in page and "김민준" in page and certificate.course_name in page and "2025. 5. 13." in page
    assert "<dt>성명</dt>" in page  # the certificate's word for the name
    assert certificate.affiliation not in page and certificate.membership.user.email not in page


def test_a_revoked_certificate_verifies_as_no_longer_valid(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoked_reason="착오")

    page = client.get(reverse("certificate_verify", args=[verification_token(certificate)])).content.decode()

    assert "효력 없음" in page


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "2" + t[t.index(":") :],  # another certificate's number with this signature
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_verification_address_is_invalid(client, certificate, tamper):
    response = client.get(reverse("certificate_verify", args=[tamper(verification_token(certificate))]))

    assert response.status_code == 404
    assert "올바른 확인 주소가 아닙니다" in response.content.decode()
    assert "김민준" not in response.content.decode()


# The contest's HWPX form ------------------------------------------------------------------------------


@pytest.fixture
def ministry(cohort, organizer):
    from contests import services as contest_services
    from contests.models import ContestKind

    return contest_services.contest_create(cohort=cohort, kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer)


def test_an_uploaded_form_is_checked_and_kept(staff_client, cohort, ministry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exports.hwpx import DEFAULT_ENTRY_FORM, HwpxTemplate
    from exports.models import ContestFormTemplate

    url = reverse("form_template", args=[cohort.pk, ministry.pk])
    template = HwpxTemplate.load(DEFAULT_ENTRY_FORM.read_bytes())
    partial = HwpxTemplate([(i, c.replace("{{향후계획}}".encode(), b"")) for i, c in template.entries])
    data = partial.fill_bytes({k: "{{" + k + "}}" for k in ("사례명", "분야", "기관명")})  # keeps only these

    not_hwpx = staff_client.post(url, {"file": SimpleUploadedFile("서식.hwpx", b"%PDF-1.7")})
    assert not_hwpx.status_code == 400 and "HWPX 문서가 아닙니다" in not_hwpx.content.decode()
    none = staff_client.post(url, {"file": SimpleUploadedFile("서식.hwpx", template.fill_bytes({}))})
    assert none.status_code == 400 and "자리표시가 하나도 없습니다" in none.content.decode()
    assert ContestFormTemplate.objects.count() == 0

    good = staff_client.post(url, {"file": SimpleUploadedFile("우리 서식.hwpx", data)})
    page = staff_client.get(url).content.decode()

    assert good.status_code == 302
    kept = ContestFormTemplate.objects.get(contest=ministry)
    assert kept.placeholders == ["사례명", "분야", "기관명"] and "향후계획" in kept.missing
    assert "우리 서식.hwpx" in page and "{{향후계획}}" in page

    staff_client.post(url, {"action": "remove"})
    assert ContestFormTemplate.objects.count() == 0


def test_a_judge_cannot_see_the_form_page(client, cohort, ministry, make_member):
    client.force_login(make_member(Role.JUDGE, cohort))
    assert client.get(reverse("form_template", args=[cohort.pk, ministry.pk])).status_code == 404
