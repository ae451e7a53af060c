"""Contest pages through the client: content, refusals, htmx fragments and query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests import services
from contests.models import Conflict, ConflictSource, Score, ScoreSheet, SheetStatus
from learninggroup.models import Role
from tests.factories import MembershipFactory

from .factories import judged_contest


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


@pytest.fixture
def judged(cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=3, submit=False)
    return contest, panel


def _assignment(contest, membership, entry_number=1):
    return contest.rounds.get(kind="written").assignments.get(judge=membership, entry__number=entry_number)


def test_a_judge_sees_only_their_own_assignments_and_progress(client, cohort, judged):
    contest, panel = judged
    client.force_login(panel[0].user)

    page = text(client.get(reverse("judge_desk", args=[cohort.pk, contest.pk])))

    assert "0 / 3 완료" in page
    assert page.count("작성 중") == 3


def test_a_judge_of_another_entry_or_another_judges_sheet_is_404(client, cohort, judged):
    contest, panel = judged
    theirs = _assignment(contest, panel[1])
    client.force_login(panel[0].user)
    for name in ("sheet", "sheet_confirm", "sheet_autosave", "sheet_submit", "sheet_recuse"):
        method = client.get if name == "sheet" else client.post
        assert method(reverse(name, args=[cohort.pk, theirs.pk])).status_code == 404, name


def test_a_judge_with_a_conflict_gets_404_and_no_longer_sees_the_entry(client, cohort, judged, organizer):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    Conflict.objects.create(
        contest=contest, entry=mine.entry, judge=panel[0], kind="personal", source=ConflictSource.ORGANIZER
    )
    client.force_login(panel[0].user)

    assert client.get(reverse("sheet", args=[cohort.pk, mine.pk])).status_code == 404
    assert client.post(reverse("sheet_autosave", args=[cohort.pk, mine.pk])).status_code == 404
    assert "0 / 2 완료" in text(client.get(reverse("judge_desk", args=[cohort.pk, contest.pk])))


def test_the_sheet_shows_the_judges_own_scores_levels_and_never_another_judges(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    other = ScoreSheet.objects.get(assignment=_assignment(contest, panel[1]))
    Score.objects.filter(sheet=other).update(comment="다른 심사위원만 아는 의견")
    client.force_login(panel[0].user)

    html = client.get(reverse("sheet", args=[cohort.pk, mine.pk])).content.decode()

    assert "다른 심사위원만 아는 의견" not in html
    assert "정량 근거와 현장 의견으로 문제를 정의하고 바로 적용 가능함" in html  # the level descriptor
    assert "0 / 3 완료" in text(client.get(reverse("sheet", args=[cohort.pk, mine.pk])))


def test_before_confirming_no_conflict_the_content_is_hidden(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    mine.no_conflict_confirmed_at = None
    mine.save()
    client.force_login(panel[0].user)

    page = text(client.get(reverse("sheet", args=[cohort.pk, mine.pk])))
    assert "이해충돌 없음" in page and "민원 본문을 넣으면" not in page

    client.post(reverse("sheet_confirm", args=[cohort.pk, mine.pk]))
    assert "민원 본문을 넣으면" in text(client.get(reverse("sheet", args=[cohort.pk, mine.pk])))


def test_autosave_answers_the_status_fragment_with_the_new_version(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    first = contest.rounds.get(kind="written").criteria.first()
    client.force_login(panel[0].user)

    response = client.post(
        reverse("sheet_autosave", args=[cohort.pk, mine.pk]),
        {"version": mine.sheet.version, f"score-{first.pk}": "11"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode().strip()
    assert html.startswith('<span id="autosave-status" class="autosave-status saved"')
    assert html.endswith("</span>")
    assert f'name="version" value="{mine.sheet.version + 1}"' in html
    assert Score.objects.get(sheet=mine.sheet, criterion=first).value == 11


def test_a_stale_second_tab_is_refused_and_says_so(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    first = contest.rounds.get(kind="written").criteria.first()
    client.force_login(panel[0].user)
    url = reverse("sheet_autosave", args=[cohort.pk, mine.pk])
    stale = mine.sheet.version
    client.post(url, {"version": stale, f"score-{first.pk}": "11"}, headers={"HX-Request": "true"})

    response = client.post(url, {"version": stale, f"score-{first.pk}": "3"}, headers={"HX-Request": "true"})

    assert "다른 창에서 저장되었습니다" in text(response)
    assert Score.objects.get(sheet=mine.sheet, criterion=first).value == 11


def test_a_bad_score_in_autosave_is_explained_and_nothing_changes(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    first = contest.rounds.get(kind="written").criteria.first()
    before = Score.objects.get(sheet=mine.sheet, criterion=first).value
    client.force_login(panel[0].user)

    response = client.post(
        reverse("sheet_autosave", args=[cohort.pk, mine.pk]),
        {"version": mine.sheet.version, f"score-{first.pk}": "99"},
        headers={"HX-Request": "true"},
    )

    assert "0점에서 20점 사이로 주세요" in text(response)
    assert Score.objects.get(sheet=mine.sheet, criterion=first).value == before


def test_submit_locks_and_moves_to_the_next_unfinished_sheet(client, cohort, judged):
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    client.force_login(panel[0].user)

    response = client.post(reverse("sheet_submit", args=[cohort.pk, mine.pk]), {"version": mine.sheet.version})

    mine.sheet.refresh_from_db()
    assert mine.sheet.status == SheetStatus.SUBMITTED
    assert response["Location"] == reverse("sheet", args=[cohort.pk, _assignment(contest, panel[0], 2).pk])


def test_the_organizer_sees_raw_and_adjusted_results_with_agreement_and_charts(client, cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=4)
    client.force_login(organizer)

    response = client.get(reverse("contest_results", args=[cohort.pk, contest.pk]))

    html = response.content.decode()
    page = text(response)
    assert "최종(원점수)" in page and "최종(보정)" in page
    assert "ICC(1)" in page and "Krippendorff α" in page and "Kendall W" in page
    assert html.count("<svg") == 2
    assert "<script" not in html.split("</head>")[1]


def test_a_team_sees_feedback_only_after_publishing_and_never_judges_names(client, cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=2)
    entry = contest.entries.get(number=1)
    member = entry.team.members.select_related("membership__user").first().membership.user
    client.force_login(member)
    url = reverse("entry_feedback", args=[cohort.pk, contest.pk, entry.pk])
    assert client.get(url).status_code == 404

    services.contest_set_status(contest=contest, status="closed", actor=organizer)
    services.contest_set_status(contest=contest, status="published", actor=organizer)
    page = text(client.get(url))

    assert "의견 0" in page
    assert all(judge.user.name not in page for judge in panel)
    assert "비공개 메모" not in page


def test_a_participant_cannot_vote_for_their_own_team_through_the_page(client, cohort, organizer, teams):
    from .factories import submitted

    contest = services.contest_create(cohort=cohort, kind="internal", name="투표", actor=organizer)
    entries = [
        services.entry_nominate(contest=contest, submission=submitted(team), actor=organizer) for team, _ in teams
    ]
    judge = MembershipFactory(cohort=cohort, role=Role.JUDGE, department="외부")
    for rnd in contest.rounds.exclude(kind="peer"):
        services.panel_add(rnd=rnd, judge=judge)
        services.assignment_run(rnd=rnd)
    services.contest_set_status(contest=contest, status="open", actor=organizer)
    services.contest_set_status(contest=contest, status="judging", actor=organizer)
    voter = teams[0][1][0].user
    client.force_login(voter)
    url = reverse("peer_vote", args=[cohort.pk, contest.pk])

    client.post(url, {"entry": entries[0].pk})
    page = text(client.get(url))

    assert "3 표 남음" in page
    client.post(url, {"entry": entries[1].pk})
    assert "2 표 남음" in text(client.get(url))


# Query counts: the same at two data sizes -------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 5])
def test_contest_pages_run_a_constant_number_of_queries(client, cohort, organizer, size):
    contest, panel = judged_contest(cohort, organizer, entries=size)
    rnd = contest.rounds.get(kind="written")
    counts = {}
    pages = {
        "list": (organizer, reverse("contest_list", args=[cohort.pk])),
        "detail": (organizer, reverse("contest_detail", args=[cohort.pk, contest.pk])),
        "results": (organizer, reverse("contest_results", args=[cohort.pk, contest.pk])),
        "conflicts": (organizer, reverse("conflict_list", args=[cohort.pk, contest.pk])),
        "panel": (organizer, reverse("round_panel", args=[cohort.pk, contest.pk, rnd.pk])),
        "desk": (panel[0].user, reverse("judge_desk", args=[cohort.pk, contest.pk])),
        "sheet": (panel[0].user, reverse("sheet", args=[cohort.pk, _assignment(contest, panel[0]).pk])),
    }
    for name, (user, url) in pages.items():
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        counts[name] = len(queries)

    assert counts == {
        "list": 8,
        "detail": 20,
        "results": 16,
        "conflicts": 8,
        "panel": 18,
        "desk": 8,
        "sheet": 13,
    }


@pytest.mark.parametrize("size", [2, 5])
def test_the_score_autosave_runs_a_constant_number_of_queries(client, cohort, organizer, size):
    contest, panel = judged_contest(cohort, organizer, entries=size, submit=False)
    mine = _assignment(contest, panel[0])
    first = contest.rounds.get(kind="written").criteria.first()
    client.force_login(panel[0].user)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("sheet_autosave", args=[cohort.pk, mine.pk]),
            {"version": mine.sheet.version, f"score-{first.pk}": "12", f"comment-{first.pk}": "좋음"},
            headers={"HX-Request": "true"},
        )

    assert "autosave-status saved" in response.content.decode()
    assert len(queries) == 18


def test_submit_right_after_an_autosave_of_the_same_values_is_not_refused(client, cohort, judged):
    """The form still carries the version before the autosave that is on its way: nothing else changed."""
    contest, panel = judged
    mine = _assignment(contest, panel[0])
    first = contest.rounds.get(kind="written").criteria.first()
    client.force_login(panel[0].user)
    loaded = mine.sheet.version
    client.post(
        reverse("sheet_autosave", args=[cohort.pk, mine.pk]),
        {"version": loaded, f"score-{first.pk}": "11"},
        headers={"HX-Request": "true"},
    )

    client.post(reverse("sheet_submit", args=[cohort.pk, mine.pk]), {"version": loaded, f"score-{first.pk}": "11"})

    mine.sheet.refresh_from_db()
    assert mine.sheet.status == SheetStatus.SUBMITTED
    assert Score.objects.get(sheet=mine.sheet, criterion=first).value == 11


def test_reopen_is_neither_offered_nor_accepted_after_publishing(client, cohort, organizer):
    contest, panel = judged_contest(cohort, organizer, entries=2, publish=True)
    written = contest.rounds.get(kind="written")
    mine = written.assignments.filter(judge=panel[0]).first()
    client.force_login(organizer)

    page = client.get(reverse("round_panel", args=[cohort.pk, contest.pk, written.pk]))
    assert "다시 열기" not in text(page)
    response = client.post(reverse("sheet_reopen", args=[cohort.pk, mine.pk]), {"reason": "확인"}, follow=True)

    assert "결과가 발표되어 심사표를 다시 열 수 없습니다." in text(response)
    mine.sheet.refresh_from_db()
    assert mine.sheet.status == SheetStatus.SUBMITTED


def test_reopen_is_offered_before_publishing(client, cohort, organizer):
    contest, _panel = judged_contest(cohort, organizer, entries=2)
    written = contest.rounds.get(kind="written")
    client.force_login(organizer)

    assert "다시 열기" in text(client.get(reverse("round_panel", args=[cohort.pk, contest.pk, written.pk])))


def test_after_judging_ends_the_panel_and_assignments_stay_as_they_were(client, cohort, organizer, make_member):
    contest, _panel = judged_contest(cohort, organizer, entries=2, publish=True)
    written = contest.rounds.get(kind="written")
    late = make_member(Role.JUDGE, cohort, department="감사위원회").memberships.get(cohort=cohort)
    before = written.assignments.count()
    client.force_login(organizer)

    page = client.get(reverse("round_panel", args=[cohort.pk, contest.pk, written.pk]))
    assert "심사위원 자동 배정" not in text(page)
    assert "지금 추가하는 심사위원" not in text(page)
    assert "심사가 끝나 심사위원단과 배정을 바꿀 수 없습니다." in text(page)
    panel_url = reverse("round_panel", args=[cohort.pk, contest.pk, written.pk])
    added = client.post(panel_url, {"judge": late.pk}, follow=True)
    assigned = client.post(reverse("round_assign", args=[cohort.pk, contest.pk, written.pk]), follow=True)

    assert "심사가 끝나 심사위원단과 배정을 바꿀 수 없습니다." in text(added)
    assert "심사가 끝나 심사위원단과 배정을 바꿀 수 없습니다." in text(assigned)
    assert not written.panel.filter(judge=late).exists()
    assert written.assignments.count() == before
