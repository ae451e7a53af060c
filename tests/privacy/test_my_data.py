"""A person's own data: the consents page and the download of everything the platform holds about them."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninggroup.audit.models import AccessLog
from learninggroup.models import Role
from tests.factories import CohortFactory, MembershipFactory, PrivacyConsentFactory, PrivacyNoticeFactory
from tests.sessions.factories import AttendanceFactory, SessionFactory
from tests.submissions.factories import PromptFactory, SubmissionFactory
from tests.teams.factories import TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cohort, make_member):
    user = make_member(Role.PARTICIPANT, cohort, department="민원담당관", phone="010-1234-5678")
    for version in (1, 2):
        PrivacyConsentFactory(user=user, notice=PrivacyNoticeFactory(cohort=cohort, version=version))
    return user


def test_the_page_lists_the_consents_with_their_versions(client, person, cohort):
    client.force_login(person)

    response = client.get(reverse("my_data"))

    page = response.content.decode()
    assert [c.version for c in response.context["consents"]] == [2, 1]
    assert f"{cohort.name} · 2판" in page
    assert f"{cohort.name} · 1판" in page
    assert "010-1234-5678" in page
    assert 'action="/me/data/download/"' in page


def _download(client) -> zipfile.ZipFile:
    response = client.post(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_every_part_as_json_and_csv(client, person, cohort):
    membership = person.memberships.get()
    AttendanceFactory(session=SessionFactory(cohort=cohort, title="프롬프트 기초"), membership=membership)
    team = TeamFactory(cohort=cohort, name="길잡이팀")
    TeamMembershipFactory(team=team, membership=membership)
    PromptFactory(submission=SubmissionFactory(team=team), created_by=person, title="=HYPERLINK(1)")
    stranger = MembershipFactory(cohort=cohort, phone="010-0000-0000").user
    client.force_login(person)

    archive = _download(client)

    data = json.loads(archive.read("data.json"))
    sections = data["sections"]
    assert sections["profile"][0]["email"] == person.email
    assert [m["phone"] for m in sections["memberships"]] == ["010-1234-5678"]
    assert [c["notice_version"] for c in sections["consents"]] == [1, 2]
    assert [a["title"] for a in sections["attendance"]] == ["프롬프트 기초"]
    assert [t["team"] for t in sections["teams"]] == ["길잡이팀"]
    assert [p["title"] for p in sections["prompts"]] == ["=HYPERLINK(1)"]
    assert stranger.email not in archive.read("data.json").decode()
    assert "consents.csv" in archive.namelist() and "attendance.csv" in archive.namelist()
    prompts_csv = archive.read("prompts.csv").decode("utf-8")
    assert prompts_csv.startswith("\ufeffteam,title,")
    assert "'=HYPERLINK(1)" in prompts_csv
    entry = AccessLog.objects.get()
    assert (entry.action, entry.dataset, entry.actor_id, entry.subject_id) == (
        "download",
        "own_data",
        person.pk,
        person.pk,
    )


def test_the_page_runs_the_same_queries_with_more_consents(client, person):
    client.force_login(person)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("my_data"))
    for _ in range(3):
        other = CohortFactory()
        MembershipFactory(cohort=other, user=person)
        PrivacyConsentFactory(user=person, notice=PrivacyNoticeFactory(cohort=other))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("my_data"))
    assert len(small) == len(large) == 6
