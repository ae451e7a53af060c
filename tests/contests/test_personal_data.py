"""Contests' part of destroying a cohort's personal data after its retention period (privacy's plug point):
what judges wrote, who wrote it and who voted go; the published results stay as they were."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from contests import personal_data, selectors, services
from contests.models import Conflict, ConflictKind, ConflictSource, PeerVote, Score, ScoreChange, ScoreSheet
from learninggroup.models import Cohort

from .factories import judge, judged_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cohort, organizer):
    """A published contest with notes, comments, a peer vote, a recusal reason and an award."""
    contest, panel = judged_contest(cohort, organizer, entries=3)
    first, second = contest.entries.get(number=1), contest.entries.get(number=2)
    voter = first.team.members.select_related("membership").first().membership
    services.peer_vote_cast(rnd=contest.rounds.get(kind="peer"), voter=voter, entry=second)
    late = judge(cohort, department="외부기관9")
    Conflict.objects.create(
        contest=contest,
        entry=first,
        judge=late,
        kind=ConflictKind.PERSONAL,
        source=ConflictSource.RECUSAL,
        explanation=f"{late.user.name} 님이 기피 신청: 팀장과 사촌",
        reason="팀장과 사촌",
        created_by=late.user,
    )
    services.contest_set_status(contest=contest, status="closed", actor=organizer)
    services.award_assign(entry=first, level=contest.award_levels.get(name="대상"), actor=organizer)
    contest = services.contest_set_status(contest=contest, status="published", actor=organizer)
    return contest, panel, voter


def _published_view(contest):
    results = selectors.contest_results(contest=contest, charts_on=False)
    feedback = selectors.entry_feedback(entry=contest.entries.get(number=1))
    return (
        [(r.entry.number, r.raw_text, r.adjusted_text, r.rank_text, r.award) for r in results.rows],
        [(c.criterion.name, c.minimum, c.mean, c.maximum) for rnd in feedback.rounds for c in rnd.criteria],
        (feedback.rank, feedback.award.level.name, feedback.total),
        dict(results.rounds[-1].votes),
    )


def test_a_judge_can_download_what_they_wrote(published):
    contest, panel, voter = published

    sections = personal_data.export_person(user=panel[0].user)
    voted = personal_data.export_person(user=voter.user)

    assert {s["entry"] for s in sections["contest_scores"]} == {1, 2, 3}
    assert sections["contest_scores"][0]["comment"].startswith("의견 ")
    assert [n["note"] for n in sections["contest_notes"]] == ["비공개 메모"] * 3
    assert [(v["contest"], v["entry"]) for v in voted["contest_votes"]] == [(contest.name, 2)]


def test_a_dry_run_counts_and_changes_nothing(published):
    contest, _panel, _voter = published

    report = personal_data.purge_cohort(cohort=contest.cohort, anonymize_user_ids=frozenset(), dry_run=True)

    assert report["judges_private_notes"] == 9 and report["judges_comments"] == 9
    assert report["peer_voters"] == 1 and report["conflict_reasons"] == 1
    assert ScoreSheet.objects.filter(private_note="비공개 메모").count() == 9
    assert PeerVote.objects.filter(voter__isnull=False).count() == 1


def test_destruction_keeps_the_published_results_and_forgets_the_people(published):
    contest, panel, voter = published
    before = _published_view(contest)

    report = personal_data.purge_cohort(cohort=contest.cohort, anonymize_user_ids=frozenset(), dry_run=False)

    assert report["judges_private_notes"] == 9
    assert not ScoreSheet.objects.exclude(private_note="").exists()
    assert not Score.objects.exclude(comment="").exists()
    assert Score.objects.filter(value__isnull=False).count() == 9 * 5  # every point stays
    assert not ScoreChange.objects.filter(field__in=("comment", "note")).exists()
    assert not ScoreChange.objects.filter(changed_by__isnull=False).exists()
    assert ScoreChange.objects.filter(field="value").count() == 9 * 5  # the history of the points stays
    assert list(PeerVote.objects.values_list("entry__number", "voter")) == [(2, None)]
    assert list(Conflict.objects.values_list("explanation", "reason", "created_by")) == [("", "", None)]
    assert personal_data.export_person(user=panel[0].user)["contest_notes"] == []
    assert personal_data.export_person(user=voter.user)["contest_votes"] == []
    assert _published_view(contest) == before
    # a second run finds nothing left
    again = personal_data.purge_cohort(cohort=contest.cohort, anonymize_user_ids=frozenset(), dry_run=True)
    assert set(again.values()) == {0}


def test_purge_expired_lists_the_contests_part(published):
    contest, _panel, _voter = published
    Cohort.objects.filter(pk=contest.cohort_id).update(starts_on=dt.date(2025, 5, 13), ends_on=dt.date(2025, 7, 16))
    out = io.StringIO()

    call_command("purge_expired", "--dry-run", "--today", "2026-07-17", stdout=out)

    text = out.getvalue()
    assert "contests.judges_private_notes: 9" in text
    assert "contests.peer_voters: 1" in text
    assert ScoreSheet.objects.filter(private_note="비공개 메모").count() == 9
