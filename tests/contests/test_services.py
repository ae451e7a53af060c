"""The contest services: the specification of contests' state changes and their refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from contests import services
from contests.models import (
    Conflict,
    ConflictKind,
    ConflictSource,
    ContestKind,
    ContestStatus,
    EntryStatus,
    PeerVote,
    RoundKind,
    ScoreChange,
    SheetStatus,
)
from learninggroup.models import Role
from sessions.models import FacilitatorNote, Session
from tests.factories import MembershipFactory

from .factories import judge, revise, submitted, team_with_members


def test_a_new_internal_contest_starts_from_the_template(contest):
    rounds = list(contest.rounds.all())
    assert [(r.name, r.kind, r.weight) for r in rounds] == [
        ("서면 심사", "written", 60),
        ("발표 심사", "presentation", 40),
        ("동료 투표", "peer", 100),
    ]
    assert (contest.judges_weight, contest.peer_weight) == (70, 30)
    written = rounds[0]
    assert [(c.name, c.points) for c in written.criteria.all()] == [
        ("문제 정의·현장 적합성", Decimal(20)),
        ("AI 활용 역량", Decimal(25)),
        ("효과성·실용성", Decimal(25)),
        ("혁신성·창의성", Decimal(15)),
        ("확산 가능성", Decimal(15)),
    ]
    assert written.criteria.first().levels[-1]["points"] == 20
    assert [(a.name, a.quota) for a in contest.award_levels.filter(is_special=False)] == [
        ("대상", 1),
        ("최우수상", 1),
        ("우수상", 2),
        ("장려상", 3),
    ]


def test_ministry_and_casebook_templates_have_five_criteria_of_twenty(cohort, organizer):
    for kind, first in ((ContestKind.MINISTRY, "적극성"), (ContestKind.CASEBOOK, "문제 이해도와 접근 방식")):
        contest = services.contest_create(cohort=cohort, kind=kind, name=f"{kind} 대회", actor=organizer)
        criteria = list(contest.rounds.get().criteria.all())
        assert [c.points for c in criteria] == [Decimal(20)] * 5
        assert criteria[0].name == first


def test_an_entry_freezes_the_revision_it_was_nominated_from(contest, submissions, organizer):
    submission = submissions[0]
    entry = services.entry_nominate(contest=contest, submission=submission, actor=organizer)
    submission.title = "나중에 고친 제목"
    submission.save()

    entry.refresh_from_db()
    assert entry.number == 1
    assert entry.revision.number == 1
    assert entry.snapshot_fields["title"] == "1팀의 AI 시제품"


def test_a_draft_submission_cannot_be_nominated(contest, teams, organizer):
    submission = submitted(teams[0][0])
    submission.status = "draft"
    submission.save()
    with pytest.raises(services.ContestError) as error:
        services.entry_nominate(contest=contest, submission=submission, actor=organizer)
    assert error.value.code == "not_submitted"


def test_renominating_makes_a_new_entry_and_voids_the_old_sheets(judging, written, entries, organizer):
    assignment = written.assignments.filter(entry=entries[0]).first()
    services.sheet_save(
        assignment=assignment, values={written.criteria.first().pk: "10"}, base_version=0, actor=assignment.judge.user
    )
    revise(entries[0].submission)

    new = services.entry_nominate(contest=judging, submission=entries[0].submission, actor=organizer)

    entries[0].refresh_from_db()
    assert entries[0].status == EntryStatus.REPLACED
    assert new.number == 4 and new.revision.number == 2
    assert assignment.sheet.__class__.objects.get(pk=assignment.sheet.pk).status == SheetStatus.VOID


def test_withdrawing_after_scoring_keeps_the_sheet_void_and_stops_scoring(judging, written, entries, organizer):
    assignment = written.assignments.filter(entry=entries[1]).first()
    first = written.criteria.first()
    services.sheet_save(assignment=assignment, values={first.pk: "12"}, base_version=0, actor=assignment.judge.user)

    services.entry_withdraw(entry=entries[1], actor=organizer, reason="팀 요청")

    assignment.refresh_from_db()
    assert assignment.sheet.status == SheetStatus.VOID
    assert assignment.sheet.scores.get().value == Decimal(12)
    with pytest.raises(services.ScoringClosed) as error:
        services.sheet_save(assignment=assignment, values={first.pk: "13"}, base_version=1, actor=assignment.judge.user)
    assert error.value.code == "withdrawn"


# Conflicts ---------------------------------------------------------------------------------------------


def test_conflicts_by_team_membership_department_and_facilitation_never_by_mail_domain(
    contest, written, entries, teams, organizer
):
    cohort = contest.cohort
    team, members = teams[0]
    member_judge = MembershipFactory(cohort=cohort, role=Role.JUDGE, user=members[0].user, department="")
    same_department = judge(cohort, department="민원담당관")  # like the team's first member
    facilitator = judge(cohort, department="스마트시티추진과")
    MembershipFactory(cohort=cohort, role=Role.FACILITATOR, user=facilitator.user)
    session = Session.objects.create(
        cohort=cohort, number=1, title="1회차", starts_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(hours=2)
    )
    FacilitatorNote.objects.create(session=session, team=team, author=facilitator.user, body="잘 하고 있음")
    outsider = judge(cohort, department="부산정보산업진흥원")  # same mail domain as everyone: no conflict
    for membership in (member_judge, same_department, facilitator, outsider):
        services.panel_add(rnd=written, judge=membership)

    found = {(c.judge_id, c.kind): c.explanation for c in Conflict.objects.filter(entry=entries[0])}

    assert set(found) == {
        (member_judge.pk, ConflictKind.TEAM_MEMBER),
        (same_department.pk, ConflictKind.DEPARTMENT),
        (facilitator.pk, ConflictKind.FACILITATOR),
    }
    assert "민원담당관" in found[(same_department.pk, ConflictKind.DEPARTMENT)]
    assert not Conflict.objects.filter(judge=outsider).exists()
    services.assignment_run(rnd=written)
    assert not written.assignments.filter(entry=entries[0], judge=same_department).exists()
    assert written.assignments.filter(entry=entries[1], judge=same_department).exists()


def test_the_teams_facilitator_has_a_conflict_and_notes_remain_a_second_reason(
    contest, written, entries, teams, organizer
):
    from teams import services as team_services

    cohort = contest.cohort
    (team, _members), (other_team, _others) = teams[0], teams[1]
    assigned = judge(cohort, department="외부기관A")
    facilitation = MembershipFactory(cohort=cohort, role=Role.FACILITATOR, user=assigned.user)
    team_services.team_update(
        team=team,
        expected_version=team.version,
        name=team.name,
        topic="",
        idea="",
        leader=None,
        facilitator=facilitation,
    )
    noting = judge(cohort, department="외부기관B")
    MembershipFactory(cohort=cohort, role=Role.FACILITATOR, user=noting.user)
    session = Session.objects.create(
        cohort=cohort, number=1, title="1회차", starts_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(hours=2)
    )
    FacilitatorNote.objects.create(session=session, team=other_team, author=noting.user, body="진행 점검")
    for membership in (assigned, noting):
        services.panel_add(rnd=written, judge=membership)

    found = {
        (c.entry.team_id, c.judge_id): (c.kind, c.explanation)
        for c in Conflict.objects.filter(judge__in=[assigned, noting]).select_related("entry")
    }

    name = assigned.user.name
    assert found == {
        (team.pk, assigned.pk): (ConflictKind.FACILITATOR, f"{name} 님은 {team.name}의 담당 퍼실리테이터입니다."),
        (other_team.pk, noting.pk): (
            ConflictKind.FACILITATOR,
            f"{noting.user.name} 님은 퍼실리테이터로서 {other_team.name}에 대한 기록을 작성했습니다.",
        ),
    }
    services.assignment_run(rnd=written)
    assert not written.assignments.filter(entry__team=team, judge=assigned).exists()
    assert written.assignments.filter(entry__team=other_team, judge=assigned).exists()


def test_an_override_needs_a_reason_and_gives_the_assignment_back(contest, written, entries, organizer):
    conflicted = judge(contest.cohort, department="민원담당관")
    services.panel_add(rnd=written, judge=conflicted)
    conflict = Conflict.objects.get(judge=conflicted, entry=entries[0])
    with pytest.raises(services.ContestError):
        services.conflict_override(conflict=conflict, actor=organizer, reason="  ")

    services.conflict_override(conflict=conflict, actor=organizer, reason="다른 청사 근무, 교류 없음")
    services.assignment_run(rnd=written)

    assert written.assignments.filter(entry=entries[0], judge=conflicted).exists()
    conflict.refresh_from_db()
    assert conflict.overridden_by == organizer and conflict.override_reason == "다른 청사 근무, 교류 없음"


def test_a_judge_recuses_with_a_kind_and_a_reason(judging, written, entries):
    assignment = written.assignments.filter(entry=entries[0]).first()
    with pytest.raises(services.ContestError):
        services.assignment_recuse(assignment=assignment, actor=assignment.judge.user, kind="personal", reason="")

    conflict = services.assignment_recuse(
        assignment=assignment, actor=assignment.judge.user, kind=ConflictKind.PERSONAL, reason="팀원과 친척"
    )

    assert conflict.source == ConflictSource.RECUSAL
    assert not written.assignments.filter(pk=assignment.pk).exists()


# Scoring ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,code",
    [
        ("21", "out_of_range"),
        ("-1", "out_of_range"),
        ("10.5", "off_step"),
        ("열", "not_a_number"),
        ("nan", "out_of_range"),
    ],
)
def test_a_bad_score_is_refused_and_nothing_is_written(judging, written, entries, raw, code):
    assignment = written.assignments.filter(entry=entries[0]).first()
    first, second = list(written.criteria.all())[:2]

    with pytest.raises(services.InvalidScore) as error:
        services.sheet_save(
            assignment=assignment, values={second.pk: "20", first.pk: raw}, base_version=0, actor=assignment.judge.user
        )

    assert error.value.code == code
    assert not ScoreChange.objects.exists()


def test_half_steps_are_allowed_when_the_criterion_says_so(judging, written, entries):
    first = written.criteria.first()
    first.step = Decimal("0.5")
    first.save()
    assignment = written.assignments.filter(entry=entries[0]).first()
    result = services.sheet_save(
        assignment=assignment, values={first.pk: "17.5"}, base_version=0, actor=assignment.judge.user
    )
    assert result.sheet.scores.get().value == Decimal("17.5")


def test_every_change_is_kept_and_a_stale_second_tab_is_refused(judging, written, entries):
    assignment = written.assignments.filter(entry=entries[0]).first()
    user = assignment.judge.user
    first = written.criteria.first()
    services.sheet_save(assignment=assignment, values={first.pk: "10"}, base_version=0, actor=user)
    services.sheet_save(
        assignment=assignment, values={first.pk: "15"}, comments={first.pk: "근거가 좋음"}, base_version=1, actor=user
    )

    with pytest.raises(services.StaleSheet):
        services.sheet_save(assignment=assignment, values={first.pk: "5"}, base_version=1, actor=user)

    changes = list(ScoreChange.objects.filter(sheet=assignment.sheet).values_list("field", "old", "new", "changed_by"))
    assert changes == [
        ("value", "", "10", user.pk),
        ("value", "10", "15", user.pk),
        ("comment", "", "근거가 좋음", user.pk),
    ]


def test_a_judge_cannot_score_an_entry_not_assigned_to_them(judging, written, entries, cohort):
    assignment = written.assignments.filter(entry=entries[0]).first()
    stranger = judge(cohort).user
    with pytest.raises(services.NotAssigned):
        services.sheet_save(
            assignment=assignment, values={written.criteria.first().pk: "5"}, base_version=0, actor=stranger
        )


def test_scoring_after_the_window_is_refused(judging, written, entries):
    assignment = written.assignments.filter(entry=entries[0]).first()
    later = timezone.now() + dt.timedelta(days=8)
    with pytest.raises(services.ScoringClosed) as error:
        services.sheet_save(
            assignment=assignment,
            values={written.criteria.first().pk: "5"},
            base_version=0,
            actor=assignment.judge.user,
            now=later,
        )
    assert error.value.code == "window"


def test_scoring_with_a_conflict_is_refused(judging, written, entries, organizer):
    assignment = written.assignments.filter(entry=entries[0]).first()
    Conflict.objects.create(
        contest=judging, entry=entries[0], judge=assignment.judge, kind="other", source=ConflictSource.ORGANIZER
    )
    with pytest.raises(services.NotAssigned) as error:
        services.sheet_save(
            assignment=assignment,
            values={written.criteria.first().pk: "5"},
            base_version=0,
            actor=assignment.judge.user,
        )
    assert error.value.code == "conflict"


def test_scoring_needs_the_no_conflict_confirmation(contest, written, entries, judges, organizer):
    services.panel_add(rnd=written, judge=judges[0])
    services.assignment_run(rnd=written)
    services.contest_set_status(contest=contest, status="open", actor=organizer)
    services.contest_set_status(contest=contest, status="judging", actor=organizer)
    assignment = written.assignments.first()
    with pytest.raises(services.ScoringClosed) as error:
        services.sheet_save(
            assignment=assignment, values={written.criteria.first().pk: "5"}, base_version=0, actor=judges[0].user
        )
    assert error.value.code == "confirm"


def test_submit_needs_every_criterion_then_locks_until_reopened(judging, written, entries, organizer):
    assignment = written.assignments.filter(entry=entries[0]).first()
    user = assignment.judge.user
    criteria = list(written.criteria.all())
    services.sheet_save(assignment=assignment, values={criteria[0].pk: "10"}, base_version=0, actor=user)
    with pytest.raises(services.InvalidScore):
        services.sheet_submit(assignment=assignment, actor=user)
    services.sheet_save(
        assignment=assignment, values={c.pk: str(int(c.points) - 2) for c in criteria}, base_version=1, actor=user
    )

    sheet = services.sheet_submit(assignment=assignment, actor=user)
    with pytest.raises(services.ScoringClosed):
        services.sheet_save(assignment=assignment, values={criteria[0].pk: "1"}, base_version=sheet.version, actor=user)
    sheet = services.sheet_reopen(sheet=sheet, actor=organizer, reason="점수 확인")

    assert sheet.status == SheetStatus.DRAFT
    services.sheet_save(assignment=assignment, values={criteria[0].pk: "1"}, base_version=sheet.version, actor=user)


# Rubric and formula -----------------------------------------------------------------------------------


def test_the_rubric_cannot_change_once_a_score_exists(contest, written, entries, judges, organizer):
    services.rubric_save(rnd=written, rows=[{"name": "실용성", "points": 50}, {"name": "창의성", "points": 50}])
    assert [c.name for c in written.criteria.all()] == ["실용성", "창의성"]
    services.panel_add(rnd=written, judge=judges[0])
    services.assignment_run(rnd=written)
    services.contest_set_status(contest=contest, status="open", actor=organizer)
    services.contest_set_status(contest=contest, status="judging", actor=organizer)

    with pytest.raises(services.RubricLocked):
        services.rubric_save(rnd=written, rows=[{"name": "하나", "points": 100}])
    with pytest.raises(services.RubricLocked):
        services.contest_update(contest=contest, fields={"judges_weight": 50, "peer_weight": 50}, actor=organizer)


def test_the_rubric_is_refused_when_a_score_exists_even_before_judging(contest, written, entries, judges, organizer):
    from contests.models import JudgeAssignment, Score, ScoreSheet

    assignment = JudgeAssignment.objects.create(round=written, entry=entries[0], judge=judges[0])
    sheet = ScoreSheet.objects.create(assignment=assignment)
    Score.objects.create(sheet=sheet, criterion=written.criteria.first(), value=Decimal(5))
    with pytest.raises(services.RubricLocked) as error:
        services.rubric_save(rnd=written, rows=[{"name": "하나", "points": 100}])
    assert error.value.code == "rubric_locked"


def test_weights_must_add_up(contest, organizer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.contest_update(contest=contest, fields={"judges_weight": 70, "peer_weight": 20}, actor=organizer)


def test_status_moves_only_along_the_flow(contest, organizer):
    with pytest.raises(services.ContestError) as error:
        services.contest_set_status(contest=contest, status=ContestStatus.PUBLISHED, actor=organizer)
    assert error.value.code == "bad_status"
    services.contest_set_status(contest=contest, status=ContestStatus.OPEN, actor=organizer)
    with pytest.raises(services.ContestError) as error:
        services.contest_set_status(contest=contest, status=ContestStatus.JUDGING, actor=organizer)
    assert error.value.code == "no_entries"


def test_opening_judging_freezes_the_panel_and_a_late_judge_gets_only_entries_that_need_one(
    contest, written, entries, judges, organizer
):
    contest.judges_per_entry = None
    services.panel_add(rnd=written, judge=judges[0])
    services.assignment_run(rnd=written)
    services.contest_set_status(contest=contest, status="open", actor=organizer)
    services.contest_set_status(contest=contest, status="judging", actor=organizer)
    written.refresh_from_db()
    assert written.panel_frozen_at is not None
    with pytest.raises(services.ContestError):
        services.panel_remove(rnd=written, judge=judges[0])
    late = services.panel_add(rnd=written, judge=judges[1])
    assert late.added_after_freeze


# Peer votes ----------------------------------------------------------------------------------------------


def test_peer_votes_never_for_ones_own_team_once_per_entry_within_the_allowance(judging, entries, teams):
    peer = judging.rounds.get(kind=RoundKind.PEER)
    peer.votes_per_person = 1
    peer.save()
    voter = teams[0][1][0]
    with pytest.raises(services.VoteRefused) as error:
        services.peer_vote_cast(rnd=peer, voter=voter, entry=entries[0])
    assert error.value.code == "own_team"

    services.peer_vote_cast(rnd=peer, voter=voter, entry=entries[1])
    with pytest.raises(services.VoteRefused) as error:
        services.peer_vote_cast(rnd=peer, voter=voter, entry=entries[1])
    assert error.value.code == "twice"
    with pytest.raises(services.VoteRefused) as error:
        services.peer_vote_cast(rnd=peer, voter=voter, entry=entries[2])
    assert error.value.code == "no_votes_left"
    assert PeerVote.objects.count() == 1


# Awards ----------------------------------------------------------------------------------------------------


def test_awards_respect_quotas_and_one_per_entry(judging, entries, organizer):
    services.contest_set_status(contest=judging, status="closed", actor=organizer)
    grand = judging.award_levels.get(name="대상")
    excellent = judging.award_levels.get(name="우수상")
    services.award_assign(entry=entries[0], level=grand, actor=organizer)
    with pytest.raises(services.ContestError) as error:
        services.award_assign(entry=entries[1], level=grand, actor=organizer)
    assert error.value.code == "quota"

    services.award_assign(entry=entries[0], level=excellent, actor=organizer)  # replaces 대상

    assert entries[0].__class__.objects.get(pk=entries[0].pk).award.level == excellent
    services.award_assign(entry=entries[1], level=grand, actor=organizer)


def test_ministry_entries_get_a_prefilled_form_saved_with_optimistic_locking(cohort, organizer, teams):
    contest = services.contest_create(cohort=cohort, kind=ContestKind.MINISTRY, name="정부혁신", actor=organizer)
    team, members = teams[0]
    entry = services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer)
    form = entry.form
    assert form.case_name == "1팀의 AI 시제품"
    assert form.organization_name == cohort.organization.name
    assert len(form.participant_rows) == 3

    services.entry_form_save(form=form, fields={"field": "민원"}, base_version=0, actor=members[0].user)
    with pytest.raises(services.ContestError) as error:
        services.entry_form_save(form=form, fields={"field": "복지"}, base_version=0, actor=organizer)
    assert error.value.code == "stale"
    contest.entry_deadline = timezone.now() - dt.timedelta(minutes=1)
    contest.save()
    with pytest.raises(services.ContestError) as error:
        services.entry_form_save(form=form, fields={"field": "복지"}, base_version=1, actor=organizer)
    assert error.value.code == "deadline"


def test_team_with_members_factory_makes_three(cohort):
    team, members = team_with_members(cohort, "x팀")
    assert team.members.count() == 3 and len(members) == 3


def test_a_scoresheet_cannot_be_reopened_once_the_results_are_published(cohort, organizer):
    from .factories import judged_contest

    contest, panel = judged_contest(cohort, organizer, entries=2, publish=True)
    sheet = contest.rounds.get(kind=RoundKind.WRITTEN).assignments.filter(judge=panel[0]).first().sheet

    with pytest.raises(services.ContestError) as error:
        services.sheet_reopen(sheet=sheet, actor=organizer, reason="점수 확인")

    assert error.value.code == "published"
    assert str(error.value) == "결과가 발표되어 심사표를 다시 열 수 없습니다. 먼저 발표를 취소하세요."
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    # Once the results are taken back, the organizer can reopen it again.
    services.contest_set_status(contest=contest, status=ContestStatus.CLOSED, actor=organizer)
    assert services.sheet_reopen(sheet=sheet, actor=organizer).status == SheetStatus.DRAFT


def test_a_stale_save_of_what_is_already_stored_is_accepted_and_writes_nothing(judging, written, entries):
    """제출 pressed while the autosave of the same values is on its way: the submit's save is based on the
    version before that autosave, but it posts nothing new."""
    assignment = written.assignments.filter(entry=entries[0]).first()
    user = assignment.judge.user
    first = written.criteria.first()
    posted = {"values": {first.pk: "15"}, "comments": {first.pk: "근거가 좋음"}, "note": "메모"}
    services.sheet_save(assignment=assignment, **posted, base_version=0, actor=user)  # the autosave

    result = services.sheet_save(assignment=assignment, **posted, base_version=0, actor=user)  # the submit's save

    assert result.changed == 0 and result.sheet.version == 1
    assert ScoreChange.objects.filter(sheet=result.sheet).count() == 3
    services.sheet_save(assignment=assignment, values={first.pk: "15"}, base_version=0, actor=user)  # a subset
    for different in (
        {"values": {first.pk: "14"}},
        {"values": {}, "comments": {first.pk: "다름"}},
        {"values": {}, "note": "x"},
    ):
        with pytest.raises(services.StaleSheet):
            services.sheet_save(assignment=assignment, **different, base_version=0, actor=user)
