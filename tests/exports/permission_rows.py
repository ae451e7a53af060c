"""Every URL of the exports app × every role (see tests/test_permissions.py).

Participants and judges must not learn that organizer exports exist: 404. Facilitators see the exports
page and the attendance exports; certificates are the organizers' (403 for a facilitator, who knows them).
"""

from exports.certificates import verification_token
from exports.models import Certificate, ExportJob, JobStatus
from tests.permissions import statuses

STAFF_ONLY = statuses(302, 404, 200, 404, 200, 404)
ORGANIZER_EXPORT = statuses(302, 404, 404, 404, 200, 404)
CERTIFICATES = statuses(302, 404, 403, 404, 200, 404)
CERTIFICATES_POST = statuses(302, 404, 403, 404, 302, 404)
EVERYONE = statuses(200, 200, 200, 200, 200, 200)


def _cohort(w):
    return {"pk": w["cohort"].pk}


def _job(w, exporter="casebook-pdf"):
    job = ExportJob.objects.create(
        cohort=w["cohort"], exporter=exporter, status=JobStatus.FAILED, error="시험", parameters_key=exporter
    )
    return {"pk": w["cohort"].pk, "job_pk": job.pk}


def _attendance_job(w):
    return _job(w, "attendance-xlsx")


def _certificate(w):
    if "certificate" not in w:
        member = w["users"]["participant"].memberships.get(cohort=w["cohort"])
        w["certificate"] = Certificate.objects.create(
            cohort=w["cohort"],
            membership=member,
            serial=1,
            number="2025-AI-0001",
            name="김민준",
            course_name="AI 학습모임",
            issued_on="2025-07-16",
        )
    return {"pk": w["cohort"].pk, "certificate_pk": w["certificate"].pk}


def _verify(w):
    _certificate(w)
    return {"token": verification_token(w["certificate"])}


ROWS = {
    "export_list": ("get", _cohort, STAFF_ONLY),
    # no exporter chosen: 404 for staff too (there is no such export)
    "export_start": ("post", _cohort, statuses(302, 404, 404, 404, 404, 404)),
    "export_job": ("get", _job, ORGANIZER_EXPORT),
    "export_retry": ("post", _job, statuses(302, 404, 404, 404, 302, 404)),
    "export_download": ("get", _attendance_job, STAFF_ONLY),
    "certificate_ledger": ("get", _cohort, CERTIFICATES),
    "certificate_revoke": ("post", _certificate, CERTIFICATES_POST),
    "certificate_reissue": ("post", _certificate, CERTIFICATES_POST),
    # public: the signed address is the permission
    "certificate_verify": ("get", _verify, EVERYONE),
}


def _form_template(w):
    from contests import services as contest_services
    from contests.models import ContestKind

    organizer = w["users"]["organizer"]
    contest = contest_services.contest_create(
        cohort=w["cohort"], kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer
    )
    return {"pk": w["cohort"].pk, "contest_pk": contest.pk}


ROWS["form_template"] = ("get", _form_template, CERTIFICATES)  # organizers only; facilitators know: 403
