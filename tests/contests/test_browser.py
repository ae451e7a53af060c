"""Done when (issue 9), in a real browser on the demo: an organizer opens the internal contest, nominates the
submitted prototypes, assigns judges automatically and sees the conflicts explained; a judge confirms no
conflict, scores with autosave and submits; the organizer sees raw and adjusted results with agreement and
charts, assigns an award and publishes; a team member sees the team's feedback. On the way a participant
votes in the peer round (never for their own team) and the judge presses 제출 right after changing a score,
while its autosave is still on its way."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from contests import demo as contests_demo
from contests import services
from contests.models import Contest, ContestStatus, Entry, JudgeAssignment, PeerVote, RoundKind, Score, SheetStatus
from learninggroup.models import Membership, Role
from teams.models import TeamMembership
from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEMO_PARTS = ["teams.demo", "submissions.demo", "contests.demo"]
    call_command("seed_demo", stdout=io.StringIO())


def draft_internal_contest() -> Contest:
    """The demo's internal contest still in draft (the cohort under way); made on the pilot if the demo has
    only the pilot. Its formula is reduced to the written round so that one round gives a final score, and a
    judge is moved into a participant's department so that a conflict shows."""
    contest = Contest.objects.filter(kind="internal", status=ContestStatus.DRAFT).first()
    if contest is None:
        cohort = Contest.objects.get(kind="internal").cohort
        contests_demo._seed_current(cohort)
        contest = Contest.objects.get(kind="internal", status=ContestStatus.DRAFT)
    contest = services.contest_update(
        contest=contest, fields={"judges_weight": 100, "peer_weight": 0, "share_comments": True}, actor=None
    )
    presentation = contest.rounds.get(kind=RoundKind.PRESENTATION)
    presentation.weight = 0
    presentation.save()
    member = Membership.objects.filter(
        cohort=contest.cohort, role=Role.PARTICIPANT, team_membership__isnull=False
    ).first()
    judge2 = Membership.objects.get(cohort=contest.cohort, role=Role.JUDGE, user__email="judge2@busan.example")
    judge2.department = member.department
    judge2.save()
    return contest


def score_the_rest(contest: Contest) -> None:
    """Every other scoresheet of the written round, scored and submitted as the judges would."""
    written = contest.rounds.get(kind=RoundKind.WRITTEN)
    criteria = list(written.criteria.all())
    for number, assignment in enumerate(
        JudgeAssignment.objects.filter(round=written).select_related("judge__user").order_by("pk")
    ):
        sheet = getattr(assignment, "sheet", None) if hasattr(assignment, "sheet") else None
        if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
            continue
        user = assignment.judge.user
        services.assignment_confirm_no_conflict(assignment=assignment, actor=user)
        values = {c.pk: str(int(c.points) - (number * 3 + c.order) % 7) for c in criteria}
        saved = services.sheet_save(
            assignment=assignment, values=values, base_version=sheet.version if sheet else 0, actor=user
        )
        services.sheet_submit(assignment=saved.sheet.assignment, actor=user)


def test_a_contest_from_nomination_to_the_teams_feedback(new_page, live_server, demo):
    contest = draft_internal_contest()
    cohort_id = contest.cohort_id
    base = live_server.url

    # The organizer opens the contest, nominates the submitted prototypes and assigns the judges.
    organizer = new_page()
    sign_in(organizer, live_server, "organizer1@busan.example")
    organizer.goto(f"{base}/cohorts/{cohort_id}/contests/")
    organizer.get_by_role("link", name=contest.name).click()
    organizer.get_by_role("button", name="출품 접수 중(으)로 바꾸기").click()
    organizer.get_by_role("button", name="추천", exact=True).click()
    assert re.search(r"\d+개 출품작을 추천했습니다", organizer.content())
    entered = contest.entries.filter(status="active").count()
    assert entered >= 2
    organizer.get_by_role("link", name="심사위원과 배정").first.click()
    organizer.get_by_role("button", name="심사위원 자동 배정").click()
    assert "배정" in organizer.locator(".assignment-report").inner_text()
    organizer.get_by_role("link", name=re.compile(r"이해충돌\(\d+\)")).click()
    explanation = organizer.locator("td.explanation").first.inner_text()
    assert "한상우 님은" in explanation and "소속입니다" in explanation
    organizer.goto(f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/")
    organizer.get_by_role("button", name="심사 시작(산식 공개, 심사위원단 확정)").click()
    assert "심사 중" in organizer.locator(".flow li.current").inner_text()

    # A participant whose team is entered votes in the peer round: their own team has no vote button and the
    # server refuses a vote for it all the same.
    voter_place = (
        TeamMembership.objects.filter(team__contest_entries__contest=contest, team__contest_entries__status="active")
        .exclude(membership__user__password__startswith="!")
        .select_related("membership__user")
        .first()
    )
    own_entry = Entry.objects.get(contest=contest, team_id=voter_place.team_id, status="active")
    voter = new_page()
    sign_in(voter, live_server, voter_place.membership.user.email)
    voter.goto(f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/")
    voter.get_by_role("link", name="동료 투표").click()
    own = voter.locator("li.ballot-entry").filter(has_text=f"{own_entry.number}. {own_entry.title}")
    expect(own.locator(".badge")).to_have_text("우리 팀")
    expect(own.get_by_role("button", name="투표")).to_have_count(0)
    other = voter.locator("li.ballot-entry").filter(has=voter.get_by_role("button", name="투표", exact=True)).first
    other_number = other.locator("span").first.inner_text().split(".")[0]
    other.get_by_role("button", name="투표", exact=True).click()
    assert "투표했습니다." in voter.content()
    voted = voter.locator("li.ballot-entry").filter(has_text=re.compile(rf"(^|\s){other_number}\. "))
    expect(voted.locator(".badge-ok")).to_have_text("투표함")
    refused = voter.request.post(
        f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/vote/",
        form={
            "csrfmiddlewaretoken": voter.locator("input[name=csrfmiddlewaretoken]").first.input_value(),
            "entry": str(own_entry.pk),
        },
    )
    assert "자기 팀에는 투표할 수 없습니다." in refused.text()
    votes = PeerVote.objects.filter(round__contest=contest, voter=voter_place.membership)
    assert [v.entry.number for v in votes] == [int(other_number)]

    # A judge confirms no conflict, scores with autosave and submits.
    judge = new_page()
    sign_in(judge, live_server, "judge1@busan.example")
    judge.goto(f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/judging/")
    assert f"0 / {entered}" in judge.locator(".progress-count").inner_text()
    judge.locator("table a").first.click()
    judge.get_by_role("button", name="이해충돌 없음").click()
    inputs = judge.locator("input.score-input")

    def saved_after(action) -> None:
        """Do `action` and wait until the autosave answered with a newer version."""
        before = judge.locator("#id_version").input_value()
        action()
        expect(judge.locator("#id_version")).not_to_have_value(before)  # no page script: the CSP forbids eval

    for index in range(inputs.count()):
        box = inputs.nth(index)
        saved_after(lambda box=box: (box.fill(str(int(float(box.get_attribute("max"))) - 2)), box.press("Tab")))
    comment = judge.locator("textarea[name^=comment-]").first
    saved_after(lambda: (comment.fill("현장 문제를 수치로 잘 정의했습니다."), comment.press("Tab")))
    assert "저장됨" in judge.locator("#autosave-status").inner_text()
    # A last change and 제출 at once: the click takes the focus, the change starts an autosave, the submit
    # waits for it and is not refused as stale.
    first_box = inputs.first
    changed_to = str(int(float(first_box.get_attribute("max"))) - 1)
    first_box.fill(changed_to)
    judge.locator('button[formaction$="/submit/"]').click()
    expect(judge.locator("body")).to_contain_text("심사표를 제출했습니다")
    submitted = Score.objects.get(
        sheet__assignment__round__contest=contest,
        sheet__assignment__judge__user__email="judge1@busan.example",
        sheet__status=SheetStatus.SUBMITTED,
        criterion__order=1,
        criterion__round__kind=RoundKind.WRITTEN,
    )
    assert submitted.value == int(changed_to)
    assert f"1 / {entered}" in judge.locator(".progress-count").inner_text()

    # The other judges finish (as services), the organizer closes judging and reads the results.
    score_the_rest(contest)
    organizer.reload()
    organizer.get_by_role("button", name="심사 마감(으)로 바꾸기").click()
    organizer.get_by_role("link", name="결과", exact=True).click()
    results = organizer.content()
    assert "최종(원점수)" in results and "최종(보정)" in results
    assert "ICC(1)" in results and "Krippendorff α" in results
    assert organizer.locator("figure svg").count() >= 2
    first_row = organizer.locator("table.results tbody tr").first
    winner_title = first_row.locator("td").nth(1).inner_text()
    first_row.locator("select").select_option(label="대상")
    first_row.get_by_role("button", name="지정").click()
    assert organizer.locator("table.results tbody tr").first.locator("select").input_value() != ""
    organizer.goto(f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/")
    organizer.get_by_role("button", name="결과 발표").click()
    assert "결과 발표" in organizer.locator(".flow li.current").inner_text()

    # A member of the team the judge scored reads the feedback: rank, per criterion, the allowed comment,
    # never a judge's name.
    scored = JudgeAssignment.objects.filter(
        round__contest=contest, judge__user__email="judge1@busan.example", sheet__status=SheetStatus.SUBMITTED
    )
    entry = scored.order_by("sheet__submitted_at").first().entry
    member = (
        TeamMembership.objects.filter(team=entry.team)
        .exclude(membership__user__password__startswith="!")
        .select_related("membership__user")
        .first()
        .membership.user
    )
    team = new_page()
    sign_in(team, live_server, member.email)
    team.goto(f"{base}/cohorts/{cohort_id}/contests/{contest.pk}/")
    team.get_by_role("link", name="결과와 피드백").click()
    feedback = team.locator("main").inner_text()
    assert f"{entered}개 중 순위" in feedback
    assert "최저" in feedback and "평균" in feedback and "최고" in feedback
    assert "현장 문제를 수치로 잘 정의했습니다." in feedback
    assert "최영미" not in feedback and "한상우" not in feedback
    assert contest.awards.get().entry.title in winner_title
