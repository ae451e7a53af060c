"""In a real browser (Debian's Chromium through Playwright): a participant writes, uploads, records prompts and
submits; a teammate editing at the same time gets the conflict message instead of overwriting."""

import io

import pytest
from django.core.management import call_command

from learninggroup.demo import CURRENT_NAME
from learninggroup.models import Cohort, Membership, Role
from submissions import samples
from submissions.models import Attachment, Prompt, Submission, SubmissionStatus
from teams.models import Team, TeamMembership
from tests.browser import BROWSER_MARKS, sign_in

pytestmark = BROWSER_MARKS


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def two_teammates() -> tuple[Team, str, str]:
    """participant01's team (from the teams demo, or made here) and a teammate who can sign in; the team
    starts with no submission."""
    cohort = Cohort.objects.get(name=CURRENT_NAME)
    first = Membership.objects.get(cohort=cohort, role=Role.PARTICIPANT, user__email="participant01@busan.example")
    placement = TeamMembership.objects.filter(membership=first).select_related("team").first()
    if placement is None:
        team = Team.objects.create(cohort=cohort, name="브라우저팀", topic="민원 분류 챗봇")
        TeamMembership.objects.create(team=team, membership=first)
        second = Membership.objects.get(cohort=cohort, role=Role.PARTICIPANT, user__email="participant02@busan.example")
        TeamMembership.objects.get_or_create(membership=second, defaults={"team": team})
    else:
        team = placement.team
    mate = (
        TeamMembership.objects.filter(team=team)
        .exclude(membership=first)
        .exclude(
            membership__user__email__in=[
                "participant33@busan.example",
                "participant34@busan.example",
                "participant35@busan.example",
            ]
        )
        .select_related("membership__user")
        .first()
    )
    Submission.objects.filter(team=team).delete()
    return team, "participant01@busan.example", mate.membership.user.email


def test_a_participant_writes_uploads_records_prompts_and_submits_while_a_teammate_gets_the_conflict(
    new_page, live_server, demo, tmp_path
):
    team, author_email, mate_email = two_teammates()
    edit = f"{live_server.url}/cohorts/{team.cohort_id}/submissions/mine/"
    slides = tmp_path / "발표자료.pptx"
    slides.write_bytes(samples.ooxml("pptx"))
    screenshot = tmp_path / "시연화면.png"
    screenshot.write_bytes(samples.chat_screenshot())

    author = new_page()
    mate = new_page()
    sign_in(author, live_server, author_email)
    author.goto(edit)
    sign_in(mate, live_server, mate_email)
    mate.goto(edit)  # the teammate opens the same draft (version 0)

    author.locator("#id_title").fill("민원 자동 분류 챗봇")
    author.locator("#id_summary").fill("민원 내용을 읽고 담당 부서를 추천합니다")
    author.locator("#id_background").fill("하루 300건이 넘는 민원을 담당자가 직접 분류합니다.")
    author.locator("#id_description").fill("민원 본문을 넣으면 담당 부서 후보와 유사 사례를 보여 줍니다.")
    author.locator("#autosave-status").filter(has_text="저장됨").wait_for(timeout=15_000)  # htmx autosave

    for kind, path, name in (("slides", slides, "발표자료.pptx"), ("screenshot", screenshot, "시연화면.png")):
        author.locator("#upload-kind").select_option(kind)
        author.locator("#upload-file").set_input_files(str(path))
        author.get_by_role("button", name="올리기").click()
        author.locator("#attachment-list").filter(has_text=f"{name} 파일을 올렸습니다.").wait_for()

    for title, text in (
        ("민원 요지 3줄 요약", "다음 민원을 세 줄로 요약하세요."),
        ("담당 부서 추천", "업무분장표를 근거로 부서를 추천하세요."),
    ):
        author.get_by_role("link", name="프롬프트 추가").click()
        author.locator("#id_title").fill(title)
        author.locator("#id_text").fill(text)
        author.locator("#id_tags").fill("민원, 분류")
        author.locator("#id_consent_to_publish").check()
        author.get_by_role("button", name="프롬프트 저장").click()
        author.get_by_text(f"프롬프트 “{title}”을(를) 저장했습니다.").wait_for()

    author.once("dialog", lambda dialog: dialog.accept())  # "Submit now?"
    author.get_by_role("button", name="제출하기").click()
    author.wait_for_url(f"**/submissions/teams/{team.pk}/")
    assert author.locator("h1 .status-submitted").inner_text() == "제출 완료"

    mate.locator("#id_summary").fill("팀원이 동시에 고친 요약")
    mate.get_by_role("button", name="저장", exact=True).click()
    conflict = mate.locator("#conflict")
    conflict.wait_for()

    assert "저장하지 않았습니다: 편집하는 동안 다른 사람이 먼저 저장했습니다" in conflict.inner_text()
    assert "김민준 님이" in conflict.inner_text()
    assert mate.locator("#id_summary").input_value() == "팀원이 동시에 고친 요약"

    submission = Submission.objects.get(team=team)
    assert (submission.status, submission.title, submission.summary) == (
        SubmissionStatus.SUBMITTED,
        "민원 자동 분류 챗봇",
        "민원 내용을 읽고 담당 부서를 추천합니다",
    )
    assert sorted(Attachment.objects.filter(submission=submission).values_list("kind", flat=True)) == [
        "screenshot",
        "slides",
    ]
    assert Prompt.objects.filter(submission=submission).count() == 2
    assert submission.revisions.get().snapshot["attachments"][0]["name"] in ("발표자료.pptx", "시연화면.png")


def test_the_personal_data_warning_leads_to_the_highlighted_part_and_long_file_names_get_a_message(
    new_page, live_server, demo
):
    team, author_email, _mate = two_teammates()
    page = new_page("ko-KR")
    sign_in(page, live_server, author_email)
    page.goto(f"{live_server.url}/cohorts/{team.cohort_id}/submissions/mine/")

    page.get_by_role("link", name="프롬프트 추가").click()
    page.locator("#id_title").fill("회신문 초안")
    page.locator("#id_text").fill("민원인 010-1234-5678 님께 보낼 회신문을 써 줘")
    page.get_by_role("button", name="프롬프트 저장").click()
    warning = page.locator(".message-warning")
    warning.wait_for()

    prompt = Prompt.objects.get(submission__team=team, title="회신문 초안")
    assert page.evaluate("document.activeElement.classList.contains('message-warning')")  # read first
    warning.get_by_role("link", name="표시된 부분으로 이동").click()
    assert page.evaluate("document.activeElement.id") == f"prompt-{prompt.pk}"
    flagged = page.locator(f"#prompt-{prompt.pk}")
    assert flagged.locator("mark").inner_text() == "010-****-5678"
    assert "다음 부분을 확인하고 지어낸 예시로 바꾸세요" in flagged.inner_text()  # said in words, not by colour
    assert flagged.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"

    pdf = samples.pdf(["보고서"])
    page.locator("#upload-kind").select_option("document")
    page.locator("#upload-file").set_input_files(
        {"name": "가" * 100 + ".pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="올리기").click()
    page.locator("#attachment-list").filter(has_text="파일 이름이 너무 길어 줄였습니다").wait_for()
    assert Attachment.objects.get(submission__team=team).original_name == "가" * 78 + ".pdf"

    page.locator("#upload-kind").select_option("document")
    page.locator("#upload-file").set_input_files(
        {"name": "다" * 400 + ".pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="올리기").click()
    problem = page.locator("#attachment-list .notice-error")
    problem.wait_for()
    assert problem.inner_text() == "파일 이름이 너무 길어 올릴 수 없습니다. 이름을 짧게 바꾼 뒤 다시 올려 주세요."
    assert Attachment.objects.filter(submission__team=team).count() == 1
