"""The pages through the test client: what a person sees, and what changes in the database."""

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions import samples, services
from submissions.models import Attachment, Prompt, Submission, SubmissionRevision, SubmissionSettings, SubmissionStatus

from .conftest import PDF, PNG, PPTX, join, upload
from .factories import PromptFactory, SubmissionFactory, SubmissionSettingsFactory, TeamFactory

FIELDS = {
    "title": "민원 분류 챗봇",
    "summary": "민원을 담당 부서로 분류합니다",
    "background": "하루 300건의 민원을 손으로 분류합니다.",
    "description": "본문을 넣으면 부서를 추천합니다.",
}
SCRIPT = "<script>alert(1)</script>"


def url(name, cohort, **kwargs):
    return reverse(name, kwargs={"pk": cohort.pk, **kwargs})


def edit_url(team):
    return url("submission_edit", team.cohort, team_pk=team.pk)


def files_under(media):
    root = Path(media)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def as_a(client, member_a):
    client.force_login(member_a)
    return client


# Editing -------------------------------------------------------------------------------------


def test_the_edit_page_starts_an_empty_draft(as_a, team_a):
    response = as_a.get(edit_url(team_a))

    page = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.get().status == SubmissionStatus.DRAFT
    assert '<input type="hidden" name="version" value="0" id="id_version">' in page
    assert 'hx-trigger="input changed delay:3s"' in page
    assert "추진배경" in page and "주요내용" in page and "기대효과" in page


def test_save_and_submit_through_the_page(as_a, team_a, member_a):
    saved = as_a.post(edit_url(team_a), {**FIELDS, "version": 0, "action": "save"})
    submitted = as_a.post(
        edit_url(team_a), {**FIELDS, "title": "민원똑똑", "version": 1, "action": "submit"}, follow=True
    )

    submission = Submission.objects.get()
    assert saved.status_code == 302
    assert (submission.title, submission.version, submission.status) == ("민원똑똑", 2, "submitted")
    assert SubmissionRevision.objects.get().snapshot["fields"]["title"] == "민원똑똑"
    assert "제출했습니다. 제출 이력 1번에 이 내용과 파일이 보관됩니다." in submitted.content.decode()


def test_submit_without_the_main_fields_keeps_the_text_and_says_what_is_missing(as_a, team_a):
    response = as_a.post(
        edit_url(team_a), {"title": "제목만", "background": "배경 글", "version": 0, "action": "submit"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("필수 항목입니다.") == 4  # summary and description, at the top and at each field
    assert 'id="error-summary"' in page
    assert "배경 글" in page
    assert Submission.objects.get().version == 0


def test_a_stale_save_is_refused_with_the_change_and_the_author_and_keeps_the_text(as_a, client, team_a, teammate_a):
    submission = services.submission_for_team(team=team_a)
    services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=teammate_a)

    response = as_a.post(
        edit_url(team_a), {**FIELDS, "title": "", "summary": "내가 쓴 요약", "version": 0, "action": "save"}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "저장하지 않았습니다: 편집하는 동안 다른 사람이 먼저 저장했습니다" in page
    assert "이서연 님이" in page
    assert '<h3 class="small">제목</h3>' in page and "민원 분류 챗봇" in page
    assert 'value="내가 쓴 요약"' in page  # the user's text is still in the form
    assert '<input type="hidden" name="version" value="1"' in page  # saving again overwrites knowingly
    assert Submission.objects.get().summary == FIELDS["summary"]


def test_autosave_returns_only_the_status_fragment_and_the_new_version(as_a, team_a):
    as_a.get(edit_url(team_a))

    response = as_a.post(
        url("submission_autosave", team_a.cohort, team_pk=team_a.pk), {**FIELDS, "version": 0}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    saved_at = timezone.localtime(Submission.objects.get().updated_at, team_a.cohort.zone).strftime("%H:%M")
    assert page.startswith('\n        <span id="autosave-status"') or page.lstrip().startswith(
        '<span id="autosave-status"'
    )
    assert "<html" not in page and "<form" not in page
    assert f"저장됨 {saved_at}" in page
    assert '<input type="hidden" name="version" value="1" id="id_version" hx-swap-oob="true">' in page


def test_autosave_respects_the_version(as_a, team_a, teammate_a):
    submission = services.submission_for_team(team=team_a)
    services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=teammate_a)

    response = as_a.post(
        url("submission_autosave", team_a.cohort, team_pk=team_a.pk),
        {**FIELDS, "title": "내 제목", "version": 0},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert "저장하지 않았습니다: 이서연 님이" in page
    assert "바뀐 항목: 제목, 한 줄 요약, 추진배경, 주요내용" in page
    assert "hx-swap-oob" not in page
    assert Submission.objects.get().title == FIELDS["title"]


def test_autosave_with_a_bad_url_says_which_field(as_a, team_a):
    response = as_a.post(
        url("submission_autosave", team_a.cohort, team_pk=team_a.pk),
        {**FIELDS, "demo_url": "demo", "version": 0},
        HTTP_HX_REQUEST="true",
    )

    assert "자동 저장하지 못했습니다. 시연 주소 항목을 확인하세요." in response.content.decode()


def test_an_edit_after_the_deadline_is_refused_and_the_page_is_read_only(as_a, cohort, team_a):
    submission = SubmissionFactory(team=team_a)
    SubmissionSettingsFactory(cohort=cohort, deadline=timezone.now() - dt.timedelta(hours=1))

    refused = as_a.post(edit_url(team_a), {**FIELDS, "title": "늦은 수정", "version": 0, "action": "save"})
    page = as_a.get(edit_url(team_a)).content.decode()
    autosave = as_a.post(
        url("submission_autosave", cohort, team_pk=team_a.pk),
        {**FIELDS, "title": "늦음", "version": 0},
        HTTP_HX_REQUEST="true",
    )

    assert refused.status_code == 400
    assert "이 지나 제출물을 더 이상 고칠 수 없습니다." in refused.content.decode()
    assert Submission.objects.get(pk=submission.pk).title == "민원 분류 챗봇"
    assert "<fieldset disabled" in page and "읽기만 할 수 있습니다" in page
    assert 'hx-post="' + url("submission_autosave", cohort, team_pk=team_a.pk) not in page
    assert "고칠 수 없습니다" in autosave.content.decode()


def test_an_extension_reopens_editing_for_that_team(as_a, cohort, team_a, organizer, client):
    SubmissionFactory(team=team_a)
    SubmissionSettingsFactory(cohort=cohort, deadline=timezone.now() - dt.timedelta(hours=1))
    services.extension_grant(team=team_a, until=timezone.now() + dt.timedelta(hours=2), actor=organizer)

    response = as_a.post(edit_url(team_a), {**FIELDS, "title": "연장 중 수정", "version": 0, "action": "save"})

    assert response.status_code == 302
    assert Submission.objects.get().title == "연장 중 수정"


# Other teams: 404 ------------------------------------------------------------------------------


def test_another_teams_draft_and_its_files_are_404_by_guessed_id(client, cohort, team_a, team_b, member_a, member_b):
    submission = services.submission_for_team(team=team_b)
    attachment = services.attachment_add(
        submission=submission,
        kind="screenshot",
        upload=upload("b.png", PNG),
        actor=member_b,
        limits=services.upload_limits(cohort_settings=None),
    )
    prompt = PromptFactory(submission=submission)
    client.force_login(member_a)

    for name, kwargs in [
        ("submission_detail", {"team_pk": team_b.pk}),
        ("submission_edit", {"team_pk": team_b.pk}),
        ("submission_revisions", {"team_pk": team_b.pk}),
        ("attachment_download", {"attachment_pk": attachment.pk}),
        ("prompt_edit", {"prompt_pk": prompt.pk}),
    ]:
        assert client.get(url(name, cohort, **kwargs)).status_code == 404, name
    assert client.post(url("attachment_remove", cohort, attachment_pk=attachment.pk)).status_code == 404
    assert client.post(url("prompt_delete", cohort, prompt_pk=prompt.pk)).status_code == 404
    assert client.post(url("attachment_upload", cohort, team_pk=team_b.pk)).status_code == 404
    assert Attachment.objects.count() == 1 and Prompt.objects.count() == 1


def test_a_submitted_entry_of_another_team_opens_with_the_gallery_but_not_its_history(
    client, cohort, team_b, member_a, member_b
):
    submission = SubmissionFactory(team=team_b, status=SubmissionStatus.SUBMITTED)
    PromptFactory(submission=submission, title="공개 프롬프트", consent_to_publish=True)
    PromptFactory(submission=submission, title="비공개 프롬프트")
    client.force_login(member_a)
    assert client.get(url("submission_detail", cohort, team_pk=team_b.pk)).status_code == 404

    SubmissionSettingsFactory(cohort=cohort, gallery_open=True)
    page = client.get(url("submission_detail", cohort, team_pk=team_b.pk)).content.decode()

    assert "공개 프롬프트" in page and "비공개 프롬프트" not in page
    assert client.get(url("submission_revisions", cohort, team_pk=team_b.pk)).status_code == 404
    assert client.get(url("submission_edit", cohort, team_pk=team_b.pk)).status_code == 403


def test_staff_can_open_a_team_that_has_not_started(client, cohort, team_a, facilitator):
    client.force_login(facilitator)

    detail = client.get(url("submission_detail", cohort, team_pk=team_a.pk))
    history = client.get(url("submission_revisions", cohort, team_pk=team_a.pk))

    assert "(제목 없음)" in detail.content.decode() and "시작 전" in detail.content.decode()
    assert "아직 제출한 적이 없습니다." in history.content.decode()
    assert Submission.objects.count() == 0  # reading creates nothing


def test_another_cohorts_team_is_404(client, member_a):
    stranger = TeamFactory()
    client.force_login(member_a)

    assert (
        client.get(reverse("submission_detail", kwargs={"pk": stranger.cohort_id, "team_pk": stranger.pk})).status_code
        == 404
    )


# Uploads ---------------------------------------------------------------------------------------


def post_file(client, team, name, data, kind, **extra):
    return client.post(
        url("attachment_upload", team.cohort, team_pk=team.pk), {"kind": kind, "file": upload(name, data)}, **extra
    )


def test_upload_slides_and_a_screenshot_with_htmx(as_a, team_a):
    slides = post_file(as_a, team_a, "발표자료.pptx", PPTX, "slides", HTTP_HX_REQUEST="true")
    shot = post_file(as_a, team_a, "화면.png", PNG, "screenshot", HTTP_HX_REQUEST="true")

    page = shot.content.decode()
    assert slides.status_code == 200 and shot.status_code == 200
    assert page.lstrip().startswith('<div id="attachment-list"')
    assert "<html" not in page
    assert "화면.png 파일을 올렸습니다." in page and "발표자료.pptx" in page
    assert sorted(Attachment.objects.values_list("kind", "original_name")) == [
        ("screenshot", "화면.png"),
        ("slides", "발표자료.pptx"),
    ]


@pytest.mark.parametrize(
    "name,data,kind,message",
    [
        (
            "계획서.pdf",
            b"MZ\x90\x00\x03" + b"\0" * 5000,
            "document",
            "이 파일은 문서가 아니라 프로그램(Windows program)이어서 거부했습니다.",
        ),
        ("빈.pdf", b"", "document", "빈 파일(0바이트)입니다."),
        ("run.sh", b"#!/bin/sh\necho", "document", "이 파일은 문서가 아니라 프로그램(script)이어서 거부했습니다."),
    ],
)
def test_bad_uploads_are_refused_and_leave_no_file(as_a, team_a, media, name, data, kind, message):
    response = post_file(as_a, team_a, name, data, kind, HTTP_HX_REQUEST="true")

    assert message in response.content.decode()
    assert Attachment.objects.count() == 0
    assert files_under(media) == []


def test_a_zip_bomb_is_refused(as_a, team_a, media):
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("zeros", "w") as entry:
        for _ in range(8):
            entry.write(b"\0" * 1024 * 1024)

    response = post_file(as_a, team_a, "source.zip", bomb.getvalue(), "source", HTTP_HX_REQUEST="true")

    assert "압축 폭탄(ZIP bomb)으로 보여 거부했습니다." in response.content.decode()
    assert files_under(media) == []


def test_an_oversize_file_is_refused_while_streaming_and_not_stored(as_a, team_a, media, settings, tmp_path):
    settings.SUBMISSION_MAX_BYTES = 300 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()

    response = post_file(as_a, team_a, "큰파일.pdf", PDF + b"\0" * (1024 * 1024), "document", HTTP_HX_REQUEST="true")

    assert "파일이 너무 큽니다. 이 유형은 최대 0.3 MB까지 올릴 수 있습니다." in response.content.decode()
    assert Attachment.objects.count() == 0
    assert files_under(media) == []
    assert list((tmp_path / "uploads").iterdir()) == []  # the partial temporary file is gone


def test_a_request_larger_than_any_limit_is_refused_before_its_body_is_read(as_a, team_a, settings):
    settings.SUBMISSION_MAX_BYTES = 1000
    settings.SUBMISSION_VIDEO_MAX_BYTES = 2000

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    request_url = url("attachment_upload", team_a.cohort, team_pk=team_a.pk)
    response = as_a.generic(
        "POST",
        request_url,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        HTTP_HX_REQUEST="true",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 200
    assert "파일이 너무 큽니다. 최대 0.0 MB까지 올릴 수 있습니다." in response.content.decode()


def test_names_are_sanitized_on_upload(as_a, team_a):
    for name in ("../../etc/passwd.pdf", "가" * 300 + ".pdf", unicodedata.normalize("NFD", "최종발표.pdf")):
        post_file(as_a, team_a, name, PDF, "document", HTTP_HX_REQUEST="true")

    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == sorted(
        ["passwd.pdf", "가" * 78 + ".pdf", "최종발표.pdf"]
    )


@pytest.mark.parametrize(
    "name,stored",
    [
        ("가" * 100 + ".pdf", "가" * 78 + ".pdf"),  # 304 bytes in UTF-8: past the 255 a file system allows
        ("b" * 252 + ".pdf", "b" * 146 + ".pdf"),  # 256 characters: one past the model field's 255
        ("나" * 256 + ".hwpx", "나" * 78 + ".hwpx"),  # both
    ],
)
def test_a_long_file_name_is_kept_shortened_and_the_page_says_so(as_a, team_a, name, stored):
    data = PDF if name.endswith(".pdf") else samples.hwpx()
    response = post_file(as_a, team_a, name, data, "document", HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{stored} 파일을 올렸습니다. 파일 이름이 너무 길어 줄였습니다(확장자는 그대로입니다)." in page
    assert Attachment.objects.get().original_name == stored


def named(name: str, data: bytes) -> io.BytesIO:
    """A file the test client sends under `name` as it is (an UploadedFile would cut it to 255 characters)."""
    file = io.BytesIO(data)
    file.name = name
    return file


def test_a_file_name_too_long_to_read_gets_a_korean_message_in_the_page(as_a, team_a, media):
    name = "다" * 400 + ".pdf"  # 1,204 bytes: Django cannot read a part whose headers pass 1,024 bytes
    request_url = url("attachment_upload", team_a.cohort, team_pk=team_a.pk)

    with_htmx = as_a.post(request_url, {"kind": "document", "file": named(name, PDF)}, HTTP_HX_REQUEST="true")
    without = as_a.post(request_url, {"kind": "document", "file": named(name, PDF)}, follow=True)

    message = "파일 이름이 너무 길어 올릴 수 없습니다. 이름을 짧게 바꾼 뒤 다시 올려 주세요."
    assert with_htmx.status_code == 200  # htmx swaps only 2xx answers in
    assert with_htmx.content.decode().lstrip().startswith('<div id="attachment-list"')
    assert message in with_htmx.content.decode()
    assert without.redirect_chain == [(edit_url(team_a), 302)]
    assert message in without.content.decode()
    assert Attachment.objects.count() == 0
    assert files_under(media) == []


def test_a_long_name_after_its_last_dot_is_not_taken_for_an_extension(as_a, team_a, media):
    # splitext() would make ".가가…" (270 bytes) the extension of the temporary file: past the 255 bytes a file
    # system allows for a name, which failed the request before the file was even checked.
    response = post_file(as_a, team_a, "회의 자료 v1." + "가" * 90, PDF, "document", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert '<p class="notice-error" role="alert">' in response.content.decode()
    assert Attachment.objects.count() == 0
    assert files_under(media) == []


def test_a_korean_file_downloads_as_an_attachment_with_its_name(as_a, team_a):
    post_file(as_a, team_a, "시연 화면.png", PNG, "screenshot")
    attachment = Attachment.objects.get()

    response = as_a.get(url("attachment_download", team_a.cohort, attachment_pk=attachment.pk))

    body = b"".join(response.streaming_content)
    assert body == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%EC%8B%9C%EC%97%B0%20%ED%99%94%EB%A9%B4.png"
    assert response["Content-Length"] == str(len(PNG))
    assert response["Cache-Control"] == "private, no-store"


def test_x_accel_redirect_when_configured(as_a, team_a, settings):
    settings.SUBMISSION_X_ACCEL_PREFIX = "/protected-media/"
    post_file(as_a, team_a, "계획서.pdf", PDF, "document")
    attachment = Attachment.objects.get()

    response = as_a.get(url("attachment_download", team_a.cohort, attachment_pk=attachment.pk))

    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert response.content == b""
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%EA%B3%84%ED%9A%8D%EC%84%9C.pdf"


def test_removing_a_file(as_a, team_a):
    post_file(as_a, team_a, "화면.png", PNG, "screenshot")
    attachment = Attachment.objects.get()

    response = as_a.post(url("attachment_remove", team_a.cohort, attachment_pk=attachment.pk), HTTP_HX_REQUEST="true")

    assert "화면.png 파일을 삭제했습니다." in response.content.decode()
    assert Attachment.objects.count() == 0


# History -----------------------------------------------------------------------------------------


def test_history_shows_a_diff_between_two_revisions(as_a, team_a, member_a):
    submission = services.submission_for_team(team=team_a)
    services.submission_submit(submission=submission, fields=FIELDS, base_version=0, actor=member_a)
    services.submission_submit(
        submission=submission,
        fields={**FIELDS, "background": "하루 300건의 민원을 손으로 분류합니다.\n재이관이 잦습니다."},
        base_version=1,
        actor=member_a,
    )

    page = as_a.get(url("submission_revisions", team_a.cohort, team_pk=team_a.pk), {"a": 1, "b": 2}).content.decode()

    assert "제출 이력 1 → 2 변경 내용" in page
    assert '<tr class="insert"><td class="op" aria-label="추가됨">+</td><td>재이관이 잦습니다.</td></tr>' in page
    assert '<h3 class="small">추진배경</h3>' in page


# Escaping ----------------------------------------------------------------------------------------


def test_script_in_every_text_field_is_shown_as_text_everywhere(client, cohort, team_a, member_a, organizer):
    text_fields = {
        name: SCRIPT
        for name in ("title", "summary", "background", "description", "beneficiaries", "expected_effect", "ai_tools")
    }
    client.force_login(member_a)
    client.post(edit_url(team_a), {**text_fields, "version": 0, "action": "submit"})
    client.post(
        url("prompt_create", cohort, team_pk=team_a.pk),
        {
            "version": 0,
            "title": SCRIPT,
            "purpose": SCRIPT,
            "text": SCRIPT,
            "tool": SCRIPT,
            "example_input": SCRIPT,
            "example_output": SCRIPT,
            "tips": SCRIPT,
            "tags": SCRIPT,
            "consent_to_publish": "on",
        },
    )
    post_file(client, team_a, SCRIPT + ".png", PNG, "screenshot")
    bad_url = client.post(
        edit_url(team_a), {**text_fields, "demo_url": "javascript:" + SCRIPT, "version": 1, "action": "save"}
    )
    submission = Submission.objects.get()
    prompt = Prompt.objects.get()
    assert (submission.title, prompt.text, prompt.tags) == (SCRIPT, SCRIPT, ",<script>alert(1)</script>,")

    pages = [
        client.get(edit_url(team_a)),
        client.get(url("submission_detail", cohort, team_pk=team_a.pk)),
        client.get(url("submission_gallery", cohort)),
        client.get(url("submission_revisions", cohort, team_pk=team_a.pk)),
        client.get(url("prompt_library", cohort)),
        client.get(url("prompt_edit", cohort, prompt_pk=prompt.pk)),
        bad_url,
    ]
    client.force_login(organizer)
    pages.append(client.get(url("prompt_library", cohort)))
    for response in pages:
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page, response.request["PATH_INFO"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, response.request["PATH_INFO"]


# Prompts -----------------------------------------------------------------------------------------


def test_a_prompt_with_a_phone_number_is_flagged_and_shown_masked(as_a, cohort, team_a):
    response = as_a.post(
        url("prompt_create", cohort, team_pk=team_a.pk),
        {
            "version": 0,
            "title": "회신문",
            "text": "회신문을 써 줘",
            "example_input": "민원인 010-1234-5678",
            "consent_to_publish": "on",
        },
        follow=True,
    )
    prompt = Prompt.objects.get()
    page = as_a.get(url("prompt_edit", cohort, prompt_pk=prompt.pk)).content.decode()

    assert "“회신문”에 개인정보가 있을 수 있습니다" in response.content.decode()
    findings = page[page.index('<ul class="findings">') : page.index("</ul>", page.index('<ul class="findings">'))]
    assert "<strong>전화번호</strong>" in findings
    assert '<a href="#id_example_input">입력 예시</a>:' in findings
    assert "<code>민원인 <mark>010-****-5678</mark></code>" in findings
    assert "1234" not in findings
    assert page.count('class="field field-flagged"') == 1  # the example input, marked where it is typed
    assert "이 칸에 개인정보가 있을 수 있습니다" in page


def test_after_saving_a_prompt_with_personal_data_the_warning_leads_to_the_highlighted_part(as_a, cohort, team_a):
    response = as_a.post(
        url("prompt_create", cohort, team_pk=team_a.pk),
        {"version": 0, "title": "회신문", "text": "회신 메일은 hong.gildong@busan.go.kr 로 보내 줘"},
        follow=True,
    )

    prompt = Prompt.objects.get()
    page = response.content.decode()
    [(target, _status)] = response.redirect_chain
    assert target == url("submission_edit", cohort, team_pk=team_a.pk)  # no #prompts: the warning is at the top
    warning = page[page.index('<div class="messages"') : page.index("</div>", page.index('<div class="messages"'))]
    assert 'class="message message-warning" tabindex="-1" data-focus-on-load' in warning
    assert "저장했습니다. 다만 “회신문”에 개인정보가 있을 수 있습니다." in warning
    assert f'<a href="#prompt-{prompt.pk}">표시된 부분으로 이동</a>' in warning
    item = page[page.index(f'<li id="prompt-{prompt.pk}"') :]
    item = item[: item.index("</li>", item.index("</ul>"))]
    assert 'class="prompt-flagged" tabindex="-1"' in item
    assert "개인정보 의심" in item and "다음 부분을 확인하고 지어낸 예시로 바꾸세요:" in item  # words, not colour alone
    assert "<code>회신 메일은 <mark>ho***@busan.go.kr</mark> 로 보내 줘</code>" in item
    assert "hong.gildong" not in page


def test_a_stale_prompt_edit_shows_the_conflict_and_keeps_the_text(as_a, cohort, team_a, teammate_a):
    submission = services.submission_for_team(team=team_a)
    prompt = services.prompt_save(submission=submission, data={"title": "요약", "text": "원래"}, actor=teammate_a)
    services.prompt_save(
        submission=submission,
        prompt=prompt,
        base_version=1,
        data={"title": "요약", "text": "팀원이 고침"},
        actor=teammate_a,
    )

    response = as_a.post(
        url("prompt_edit", cohort, prompt_pk=prompt.pk), {"version": 1, "title": "요약", "text": "내가 고침"}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "이서연 님이" in page and "내가 고침</textarea>" in page
    assert Prompt.objects.get().text == "팀원이 고침"


def test_organizer_marks_a_prompt_for_the_casebook_with_htmx(client, cohort, team_a, organizer):
    prompt = PromptFactory(submission=SubmissionFactory(team=team_a), consent_to_publish=True)
    client.force_login(organizer)

    response = client.post(
        url("prompt_casebook", cohort, prompt_pk=prompt.pk),
        {"for_casebook": "on", "category": "민원 응대"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert page.lstrip().startswith(
        f'<form method="post" action="{url("prompt_casebook", cohort, prompt_pk=prompt.pk)}" class="casebook-control"'
    )
    prompt.refresh_from_db()
    assert (prompt.for_casebook, prompt.casebook_category) == (True, "민원 응대")


def test_a_flagged_prompt_cannot_be_marked(client, cohort, team_a, organizer):
    prompt = PromptFactory(submission=SubmissionFactory(team=team_a), consent_to_publish=True, pii_flagged=True)
    client.force_login(organizer)

    response = client.post(
        url("prompt_casebook", cohort, prompt_pk=prompt.pk),
        {"for_casebook": "on", "category": "민원 응대"},
        follow=True,
    )

    assert "이 프롬프트에서 개인정보가 발견되었습니다." in response.content.decode()
    assert Prompt.objects.get().for_casebook is False


def test_library_search_with_htmx_returns_the_results_fragment(as_a, cohort, team_a):
    submission = SubmissionFactory(team=team_a)
    PromptFactory(submission=submission, title="회의록 요약")
    PromptFactory(submission=submission, title="보도자료 초안")

    response = as_a.get(
        url("prompt_library", cohort), {"q": "회의록"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="prompt-results"
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="prompt-results"')
    assert "회의록 요약" in page and "보도자료 초안" not in page
    assert "<html" not in page


# Settings ------------------------------------------------------------------------------------------


def test_organizer_sets_the_deadline_in_the_cohorts_zone_and_opens_the_gallery(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(
        url("submission_settings", cohort),
        {"deadline": "2025-07-08T18:00", "gallery_open": "on", "video_max_mb": "800"},
    )

    saved = SubmissionSettings.objects.get()
    assert response.status_code == 302
    assert saved.deadline == dt.datetime(2025, 7, 8, 9, 0, tzinfo=dt.UTC)
    assert (saved.gallery_open, saved.video_max_bytes, saved.max_bytes) == (True, 800 * 1024 * 1024, None)
    assert 'value="2025-07-08T18:00"' in client.get(url("submission_settings", cohort)).content.decode()


def test_grant_and_withdraw_an_extension(client, cohort, team_a, organizer):
    client.force_login(organizer)
    until = (timezone.localtime(timezone.now(), cohort.zone) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    client.post(url("deadline_extension_grant", cohort), {"team": team_a.pk, "until": until})
    extension = team_a.deadline_extension
    page = client.get(url("submission_settings", cohort)).content.decode()
    client.post(url("deadline_extension_revoke", cohort, extension_pk=extension.pk))

    assert "민원혁신팀" in page
    assert not type(extension).objects.exists()


def test_mine_leads_to_the_teams_page_or_explains(client, cohort, team_a, member_a, make_member):
    client.force_login(member_a)
    assert client.get(url("submission_mine", cohort))["Location"] == edit_url(team_a)

    loner = make_member(cohort=cohort)
    client.force_login(loner)
    response = client.get(url("submission_mine", cohort), follow=True)
    assert "아직 팀에 속해 있지 않습니다." in response.content.decode()


# Constant queries --------------------------------------------------------------------------------


def fill(cohort, teams: int, files: int, prompts: int):
    limits = services.upload_limits(cohort_settings=None)
    for index in range(teams):
        team = TeamFactory(cohort=cohort)
        author = join(team)
        submission = SubmissionFactory(
            team=team, status=SubmissionStatus.SUBMITTED if index % 2 else SubmissionStatus.DRAFT
        )
        for number in range(files):
            services.attachment_add(
                submission=submission,
                kind="screenshot",
                upload=upload(f"{number}.png", PNG),
                actor=author,
                limits=limits,
            )
        for _ in range(prompts):
            PromptFactory(
                submission=submission,
                consent_to_publish=True,
                for_casebook=True,
                casebook_category="민원 응대",
                updated_by=author,
            )
    return team, author


def get_ok(client, path, **extra):
    assert client.get(path, **extra).status_code == 200


@pytest.mark.parametrize("size", [1, 3])
def test_the_gallery_runs_a_constant_number_of_queries(
    client, cohort, organizer, member_a, size, django_assert_num_queries
):
    fill(cohort, teams=size, files=size, prompts=size)
    client.force_login(organizer)
    with django_assert_num_queries(9):
        get_ok(client, url("submission_gallery", cohort))
    client.force_login(member_a)
    with django_assert_num_queries(9):
        get_ok(client, url("submission_gallery", cohort))


@pytest.mark.parametrize("size", [1, 3])
def test_the_submission_pages_run_a_constant_number_of_queries(client, cohort, size, django_assert_num_queries):
    team, author = fill(cohort, teams=1, files=size, prompts=size)
    submission = team.submission
    for number in range(size):
        services.submission_submit(
            submission=submission,
            fields={**FIELDS, "title": f"v{number}"},
            base_version=submission.version,
            actor=author,
        )
        submission.refresh_from_db()
    client.force_login(author)
    with django_assert_num_queries(12):
        get_ok(client, url("submission_detail", cohort, team_pk=team.pk))
    with django_assert_num_queries(12):
        get_ok(client, edit_url(team))
    with django_assert_num_queries(10):
        get_ok(client, url("submission_revisions", cohort, team_pk=team.pk))


@pytest.mark.parametrize("size", [1, 3])
def test_the_prompt_library_runs_a_constant_number_of_queries(
    client, cohort, organizer, member_a, size, django_assert_num_queries
):
    fill(cohort, teams=size, files=0, prompts=size * 10)
    client.force_login(organizer)
    with django_assert_num_queries(12):
        get_ok(client, url("prompt_library", cohort))
    client.force_login(member_a)
    with django_assert_num_queries(11):
        get_ok(client, url("prompt_library", cohort), data={"q": "민원", "tag": "민원"})
