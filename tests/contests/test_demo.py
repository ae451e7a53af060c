"""The contests part of the demo: the pilot's contests judged and published, idempotent."""

import datetime as dt

from contests import demo
from contests.models import Award, Contest, EntryForm, PeerVote, ScoreSheet, SheetStatus
from learninggroup.models import Role
from tests.factories import MembershipFactory, PrivacyNoticeFactory

from .factories import judge, submitted, team_with_members


def counts():
    return [m.objects.count() for m in (Contest, ScoreSheet, PeerVote, Award, EntryForm)]


def test_a_finished_cohort_gets_its_contests_judged_published_and_its_ministry_entries_once(cohort, organizer):
    cohort.starts_on, cohort.ends_on = dt.date(2025, 5, 13), dt.date(2025, 7, 16)
    cohort.save()
    PrivacyNoticeFactory(cohort=cohort)
    departments = [("민원담당관", "교통정책과"), ("복지정책과", "환경정책과"), ("관광진흥과", "세정담당관")]
    for index, pair in enumerate(departments):
        team, _members = team_with_members(cohort, f"시범{index}팀", pair)
        submitted(team)
    for number in range(3):
        judge(cohort, department=f"심사기관{number}")
    MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department="디지털정책과")

    demo.seed(cohort=cohort)
    first = counts()
    demo.seed(cohort=cohort)

    assert counts() == first
    internal = Contest.objects.get(name=demo.INTERNAL_NAME)
    assert internal.status == "published"
    panel = internal.rounds.get(kind="written").panel.count()
    assert panel == 7  # three demo judges and four external ones
    assert ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).count() == 3 * 7 * 2
    assert internal.awards.count() == 3
    ministry = Contest.objects.get(name=demo.MINISTRY_NAME)
    assert ministry.entries.count() == 2
    assert all(form.security_measures and form.results_after for form in EntryForm.objects.all())


def test_a_cohort_under_way_gets_a_draft_internal_contest(cohort, organizer):
    judge(cohort)

    result = demo.seed(cohort=cohort)

    contest = Contest.objects.get()
    assert result == {"contests": 1}
    assert contest.status == "draft" and contest.kind == "internal"
    assert contest.rounds.get(kind="written").panel.count() == 1
