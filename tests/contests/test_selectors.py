"""The read side: results from the stored scores (edge cases of the issue), the plug points' answers."""

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from contests import home, selectors, services
from contests.models import Contest, JudgeAssignment, PanelJudge, Score, ScoreSheet, SheetStatus
from learninggroup.models import Role

from .factories import judge, judged_contest


def _set_all(contest, value_of):
    for score in Score.objects.filter(sheet__assignment__round__contest=contest).select_related("criterion"):
        score.value = value_of(score)
        score.save()


def test_every_judge_giving_identical_scores_ties_everyone_without_dividing_by_zero(cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=3)
    _set_all(contest, lambda score: score.criterion.points / 2)

    results = selectors.contest_results(contest=contest)

    # All tied on the score; the published ladder (criteria, then the earlier submission) separates them.
    assert {row.raw_text for row in results.rows} == {"50.00"}
    assert [row.decided_by for row in results.rows] == ["submitted"] * 3
    assert any("모든 점수가 같" in note or "Every score is the same" in note for note in results.notes)

    contest.tie_break = ["criteria", "shared"]
    contest.save()
    results = selectors.contest_results(contest=contest)
    assert [row.raw_rank for row in results.rows] == [1, 1, 1]
    assert [row.rank_text for row in results.rows] == ["1=", "1=", "1="]


def test_a_judge_who_scored_one_entry_still_counts_and_shows_one_rating(cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=3)
    written = contest.rounds.get(kind="written")
    late = judge(cohort, department="늦은기관")
    PanelJudge.objects.create(round=written, judge=late)
    entry = contest.entries.get(number=1)
    assignment = JudgeAssignment.objects.create(
        round=written, entry=entry, judge=late, no_conflict_confirmed_at=timezone.now()
    )
    sheet = ScoreSheet.objects.create(assignment=assignment, status=SheetStatus.SUBMITTED)
    for criterion in written.criteria.all():
        Score.objects.create(sheet=sheet, criterion=criterion, value=criterion.points)

    results = selectors.contest_results(contest=contest)

    severity = {row.name: row.ratings for row in results.rounds[0].severity}
    assert severity[late.user.name] == 1
    assert next(r for r in results.rows if r.entry.pk == entry.pk).ratings == 4
    assert results.adjusted_available


def test_a_disconnected_graph_is_not_adjusted_and_says_so(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=4)
    # Judges 0 and 1 keep only entries 1–2, judge 2 only entries 3–4: two parts sharing no judge.
    ScoreSheet.objects.filter(assignment__judge__in=panel[:2], assignment__entry__number__in=[3, 4]).update(
        status=SheetStatus.VOID
    )
    ScoreSheet.objects.filter(assignment__judge=panel[2], assignment__entry__number__in=[1, 2]).update(
        status=SheetStatus.VOID
    )

    results = selectors.contest_results(contest=contest)

    written = results.rounds[0].result
    assert not written.connected and written.parts == 2
    assert all(row.adjusted is None for row in results.rows)
    assert results.order_by == "raw"
    assert any("2" in note for note in results.notes)


def test_an_infeasible_assignment_says_which_entries_and_why(cohort, organizer, teams):
    from .factories import submitted

    contest = services.contest_create(cohort=cohort, kind="other", name="큰 대회", actor=organizer)
    contest = services.contest_update(contest=contest, fields={"judges_per_entry": 3}, actor=organizer)
    for team, _members in teams:
        services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer)
    written = contest.rounds.get()
    for department in ("외부1", "외부2"):
        services.panel_add(rnd=written, judge=judge(cohort, department=department))

    report = services.assignment_run(rnd=written)

    assert report.uncovered == [1, 2, 3]
    assert report.problems[0].startswith("출품 1번:")
    assert written.assignments.count() == 6  # what could be covered was


def test_a_large_contest_is_assigned_k_per_entry_with_balanced_loads(cohort, organizer):
    from .factories import submitted, team_with_members

    contest = services.contest_create(cohort=cohort, kind="other", name="배정 대회", actor=organizer)
    contest = services.contest_update(contest=contest, fields={"judges_per_entry": 2}, actor=organizer)
    for number in range(6):
        team, _ = team_with_members(cohort, f"배정팀{number}", (f"부서{number}",))
        services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer)
    written = contest.rounds.get()
    for number in range(4):
        services.panel_add(rnd=written, judge=judge(cohort, department=f"기관{number}"))

    report = services.assignment_run(rnd=written)

    loads = sorted(
        written.assignments.values("judge_id").annotate(n=Count("id")).order_by().values_list("n", flat=True)
    )
    assert report.problems == [] and report.connected
    assert loads == [3, 3, 3, 3]


def test_feedback_shows_min_mean_max_and_only_allowed_comments(cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=2, publish=True)
    entry = contest.entries.get(number=1)
    hidden = Score.objects.filter(sheet__assignment__entry=entry).exclude(comment="").first()
    services.score_set_comment_hidden(score=hidden, hidden=True)

    feedback = selectors.entry_feedback(entry=entry)

    first = feedback.rounds[0].criteria[0]
    values = [
        float(v)
        for v in Score.objects.filter(sheet__assignment__entry=entry, criterion=first.criterion).values_list(
            "value", flat=True
        )
    ]
    assert (first.minimum, first.maximum) == (min(values), max(values))
    assert first.mean == pytest.approx(sum(values) / len(values))
    assert hidden.comment not in first.comments and len(first.comments) == 2


def test_calibration_entries_are_scored_but_not_ranked(cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=3)
    calibration = contest.entries.get(number=2)
    services.entry_set_calibration(entry=calibration, is_calibration=True)

    results = selectors.contest_results(contest=contest)

    assert calibration.pk not in [row.entry.pk for row in results.rows]
    assert [e.pk for e in results.calibration] == [calibration.pk]


def test_the_judges_home_card_and_calendar_deadline(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=2, submit=False)
    user = panel[0].user

    card = home.judging_card(cohort=cohort, user=user, roles={Role.JUDGE})
    deadlines = home.judging_deadlines(cohort=cohort, user=user)

    assert [(d.contest.pk, d.done, d.total) for d in card.context["desks"]] == [(contest.pk, 0, 2)]
    assert home.judging_card(cohort=cohort, user=organizer, roles={Role.ORGANIZER}) is None
    assert [d.due_at for d in deadlines] == [contest.judging_closes_at]
    assert deadlines[0].summary.endswith(contest.name)
    assert home.judging_deadlines(cohort=cohort, user=organizer) == []


def test_a_team_sees_the_ministry_entry_deadline_in_its_calendar(cohort, organizer, teams):
    from .factories import submitted

    contest = services.contest_create(
        cohort=cohort,
        kind="ministry",
        name="정부혁신",
        actor=organizer,
        entry_deadline=timezone.now() + dt.timedelta(days=5),
    )
    team, members = teams[0]
    services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer)
    services.contest_set_status(contest=contest, status="open", actor=organizer)

    deadlines = home.judging_deadlines(cohort=cohort, user=members[0].user)

    assert [d.due_at for d in deadlines] == [Contest.objects.get(pk=contest.pk).entry_deadline]
    assert home.judging_deadlines(cohort=cohort, user=teams[1][1][0].user) == []


def test_the_team_panel_lists_published_awards(cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=2)
    services.contest_set_status(contest=contest, status="closed", actor=organizer)
    entry = contest.entries.get(number=1)
    services.award_assign(entry=entry, level=contest.award_levels.get(name="대상"), actor=organizer)
    member = entry.team.members.first().membership.user
    assert home.team_awards_panel(team=entry.team, user=member, private=True) is None  # not published yet

    services.contest_set_status(contest=contest, status="published", actor=organizer)
    panel = home.team_awards_panel(team=entry.team, user=member, private=True)

    assert [(e.pk, can) for e, can in panel.context["rows"]] == [(entry.pk, True)]
