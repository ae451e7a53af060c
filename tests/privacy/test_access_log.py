"""Accesses to personal data land in the log; organizers and the privacy officer read and export it."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learninggroup.audit.log import record_access
from learninggroup.audit.models import AccessLog
from learninggroup.models import Membership, Role
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.sessions.factories import SessionFactory
from tests.teams.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def logged():
    return list(
        AccessLog.objects.order_by("id").values_list("action", "dataset", "actor_id", "subject_id", "cohort_id")
    )


# What is recorded --------------------------------------------------------------------------------


def test_viewing_the_roster_records_who_what_and_the_search(client, organizer, cohort):
    client.force_login(organizer)

    client.get(reverse("cohort_roster", args=[cohort.pk]), {"q": "교통", "page": "2"}, REMOTE_ADDR="198.51.100.4")

    entry = AccessLog.objects.get()
    assert (entry.action, entry.dataset, entry.actor_id, entry.cohort_id, entry.client_address) == (
        "view",
        "roster",
        organizer.pk,
        cohort.pk,
        "198.51.100.4",
    )
    assert entry.detail == "q=교통 page=2"


def test_a_refused_page_records_nothing(client, participant, cohort):
    client.force_login(participant)
    assert client.get(reverse("cohort_roster", args=[cohort.pk])).status_code == 403
    assert logged() == []


def test_marking_attendance_records_a_change_of_that_persons_data(client, facilitator, participant, cohort):
    session = SessionFactory(cohort=cohort)
    membership = participant.memberships.get()
    client.force_login(facilitator)

    client.post(
        reverse("attendance_mark", args=[cohort.pk, session.pk]), {"membership": membership.pk, "status": "late"}
    )

    assert logged() == [("change", "attendance", facilitator.pk, participant.pk, cohort.pk)]


@pytest.mark.parametrize(
    "name,action,dataset",
    [
        ("attendance_matrix", "view", "attendance_matrix"),
        ("attendance_matrix_xlsx", "download", "attendance_matrix"),
        ("cohort_dashboard", "view", "dashboard"),
    ],
)
def test_cohort_wide_pages_and_downloads_are_recorded(client, facilitator, cohort, name, action, dataset):
    client.force_login(facilitator)
    assert client.get(reverse(name, args=[cohort.pk])).status_code == 200
    assert logged() == [(action, dataset, facilitator.pk, None, cohort.pk)]


def test_the_attendance_sheet_and_a_team_page_record_which_session_and_team(client, facilitator, cohort):
    session = SessionFactory(cohort=cohort)
    team = TeamFactory(cohort=cohort)
    TeamMembershipFactory(team=team, membership=MembershipFactory(cohort=cohort))
    client.force_login(facilitator)

    client.get(reverse("attendance_sheet", args=[cohort.pk, session.pk]))
    client.get(reverse("team_detail", args=[cohort.pk, team.pk]))

    assert list(AccessLog.objects.order_by("id").values_list("dataset", "detail")) == [
        ("attendance_sheet", f"session_pk={session.pk}"),
        ("team_members", f"team_pk={team.pk}"),
    ]


def test_a_roster_import_and_a_deactivation_are_recorded(client, organizer, cohort, django_capture_on_commit_callbacks):
    client.force_login(organizer)
    data = "이름,이메일,부서,직급,연락처\n김민준,minjun@busan.example,디지털정책과,행정7급,010-1234-5678\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cohort_roster_import", args=[cohort.pk]),
            {"file": SimpleUploadedFile("명단.csv", data, "text/csv"), "default_role": "participant"},
        )
    member = Membership.objects.get(user__email="minjun@busan.example")
    client.post(reverse("membership_active", args=[cohort.pk, member.pk]))

    assert logged() == [
        ("import", "roster", organizer.pk, None, cohort.pk),
        ("change", "membership", organizer.pk, member.user_id, cohort.pk),
    ]
    assert AccessLog.objects.order_by("id").first().detail == "명단.csv: 1 rows, 1 new, 0 updated"


# The access-log page -----------------------------------------------------------------------------


def test_an_organizer_sees_their_cohorts_entries_only(client, organizer, cohort):
    other = CohortFactory()
    record_access(None, action="view", dataset="roster", cohort=cohort, actor=UserFactory(name="박소영"))
    record_access(None, action="view", dataset="roster", cohort=other, actor=UserFactory(name="남의기수"))
    client.force_login(organizer)

    response = client.get(reverse("access_log", args=[cohort.pk]))

    page = response.content.decode()
    assert "박소영" in page
    assert "남의기수" not in page
    # viewing the log is itself an access to personal data
    assert [e.dataset for e in response.context["page"].object_list] == ["access_log", "roster"]


def test_filters_by_person_action_and_dates(client, organizer, cohort):
    kim = UserFactory(name="김민준")
    park = UserFactory(name="박소영")
    now = timezone.now()
    for actor, action, days in [(kim, "view", 0), (kim, "export", 0), (park, "view", 0), (kim, "view", 40)]:
        AccessLog.objects.create(
            action=action,
            dataset="roster",
            cohort=cohort,
            actor_label=f"{actor.name} <{actor.email}>",
            at=now - dt.timedelta(days=days),
        )
    client.force_login(organizer)
    today = timezone.localdate()

    response = client.get(
        reverse("access_log", args=[cohort.pk]),
        {"person": "김민", "action": "view", "since": (today - dt.timedelta(days=7)).isoformat()},
    )

    rows = [(e.actor_label.split()[0], e.action) for e in response.context["page"].object_list]
    assert rows == [("김민준", "view")]


def test_a_reversed_date_range_is_explained(client, organizer, cohort):
    client.force_login(organizer)
    response = client.get(reverse("access_log", args=[cohort.pk]), {"since": "2026-02-01", "until": "2026-01-01"})
    assert "시작일이 마지막 날보다 늦을 수 없습니다." in response.content.decode()


def test_the_table_fragment_comes_back_alone_for_htmx(client, organizer, cohort):
    client.force_login(organizer)
    response = client.get(
        reverse("access_log", args=[cohort.pk]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="access-log-table"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="access-log-table"')
    assert "<html" not in body


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_at_any_size(client, organizer, cohort):
    client.force_login(organizer)
    url = reverse("access_log", args=[cohort.pk])
    for _ in range(3):
        record_access(None, action="view", dataset="roster", cohort=cohort, actor=organizer)
    small = _page_queries(client, url)
    for _ in range(120):
        record_access(None, action="view", dataset="roster", cohort=cohort, actor=organizer)
    large = _page_queries(client, url + "?page=2")

    # session, user, the privacy and 2FA gate, cohort, roles, the INSERT of this view, the count and the page
    assert (small, large) == (9, 9)


def test_the_csv_export_has_a_bom_neutralized_formulas_and_the_filters(client, organizer, cohort):
    record_access(None, action="view", dataset="roster", cohort=cohort, detail="=HYPERLINK(1)")
    record_access(None, action="export", dataset="attendance_sheet", cohort=cohort, detail="fine")
    client.force_login(organizer)

    response = client.get(reverse("access_log_csv", args=[cohort.pk]), {"action": "view"})

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:4] == ["시각", "계정", "접속지 주소", "작업"]
    assert [r[7] for r in rows[1:]] == ["'=HYPERLINK(1)"]
    assert response["Content-Disposition"].startswith(f'attachment; filename="access-log-{cohort.pk}-')
    # the export is logged too (after the rows it exports were chosen)
    assert AccessLog.objects.order_by("-id").values_list("action", "dataset").first() == ("export", "access_log")


def test_the_privacy_officer_reads_every_cohort(client, cohort):
    officer = UserFactory()
    officer.user_permissions.add(Permission.objects.get(codename="view_accesslog", content_type__app_label="audit"))
    record_access(None, action="view", dataset="roster", cohort=cohort, actor=UserFactory(name="김민준"))
    record_access(None, action="view", dataset="roster", cohort=CohortFactory(), actor=UserFactory(name="이서연"))
    client.force_login(officer)

    page = client.get(reverse("access_log_all")).content.decode()

    assert "김민준" in page
    assert "이서연" in page


def test_an_organizer_is_not_the_privacy_officer(client, organizer):
    client.force_login(organizer)
    assert client.get(reverse("access_log_all")).status_code == 403
    assert Role.ORGANIZER in organizer.memberships.values_list("role", flat=True)


def test_starting_and_downloading_an_export_are_recorded(client, organizer, cohort, django_capture_on_commit_callbacks):
    from exports.models import ExportJob

    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("export_start", args=[cohort.pk]), {"exporter": "casebook-md"})
    job = ExportJob.objects.get()
    response = client.post(reverse("export_download", args=[cohort.pk, job.pk]), {"reason": "월간 점검"})

    assert response.status_code == 200
    assert list(
        AccessLog.objects.order_by("id").values_list("action", "dataset", "actor_id", "cohort_id", "detail")
    ) == [
        ("export", "casebook-md", organizer.pk, cohort.pk, f"job {job.pk}"),
        ("download", "casebook-md", organizer.pk, cohort.pk, f"job {job.pk}: 월간 점검"),
    ]
