"""Services are the specification of what changes state."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from learninggroup.models import Role
from notifications.models import Delivery, DeliveryState
from submissions import services
from submissions.models import Attachment, Prompt, Submission, SubmissionRevision, SubmissionStatus, SubmissionVersion
from submissions.uploads import UploadLimits
from tests.factories import MembershipFactory

from .conftest import PDF, PNG, PPTX, join, upload
from .factories import PromptFactory, SubmissionFactory, SubmissionSettingsFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))
FIELDS = {
    "title": "민원 분류 챗봇",
    "summary": "민원을 담당 부서로 분류합니다",
    "background": "하루 300건의 민원을 손으로 분류합니다.",
    "description": "본문을 넣으면 부서를 추천합니다.",
}


@pytest.fixture
def submission(team_a):
    return services.submission_for_team(team=team_a)


@pytest.fixture
def limits():
    return UploadLimits.from_settings()


def stored_files(media) -> list[str]:
    root = Path(media)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# Saving with optimistic locking --------------------------------------------------------------


def test_a_save_bumps_the_version_and_keeps_the_saved_fields(submission, member_a):
    result = services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    assert (result.changed, result.submission.version, result.submission.title) == (True, 1, "민원 분류 챗봇")
    assert result.submission.updated_by == member_a
    version = SubmissionVersion.objects.get(submission=submission)
    assert (version.number, version.fields["title"], version.saved_by) == (1, "민원 분류 챗봇", member_a)


def test_saving_unchanged_text_changes_nothing_even_from_an_old_version(submission, member_a):
    services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    result = services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    assert (result.changed, result.submission.version) == (False, 1)


def test_browser_line_ends_are_stored_as_newlines(submission, member_a):
    services.submission_save(
        submission=submission, fields={**FIELDS, "background": "첫 줄\r\n둘째 줄"}, base_version=0, actor=member_a
    )
    again = services.submission_save(
        submission=submission, fields={**FIELDS, "background": "첫 줄\r\n둘째 줄"}, base_version=1, actor=member_a
    )

    assert Submission.objects.get().background == "첫 줄\n둘째 줄"
    assert again.changed is False


def test_a_save_based_on_a_stale_version_is_refused_with_what_changed_and_by_whom(submission, member_a, teammate_a):
    services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)
    services.submission_save(
        submission=submission, fields={**FIELDS, "title": "민원똑똑 챗봇"}, base_version=1, actor=teammate_a
    )

    with pytest.raises(services.StaleVersion) as refused:
        services.submission_save(
            submission=submission, fields={**FIELDS, "summary": "내가 고친 요약"}, base_version=1, actor=member_a
        )

    stale = refused.value
    assert stale.editors == ["이서연"]
    assert stale.base_known is True
    assert [(c.name, c.before, c.after) for c in stale.changes] == [("title", "민원 분류 챗봇", "민원똑똑 챗봇")]
    stored = Submission.objects.get()
    assert (stored.version, stored.title, stored.summary) == (2, "민원똑똑 챗봇", FIELDS["summary"])


def test_a_stale_save_from_a_forgotten_version_still_shows_where_the_texts_differ(submission, member_a, teammate_a):
    services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)
    for number in range(1, services.VERSIONS_KEPT + 2):
        services.submission_save(
            submission=submission, fields={**FIELDS, "title": f"제목 {number}"}, base_version=number, actor=teammate_a
        )

    with pytest.raises(services.StaleVersion) as refused:
        services.submission_save(
            submission=submission, fields={**FIELDS, "title": "내 제목"}, base_version=1, actor=member_a
        )

    assert refused.value.base_known is False
    assert [(c.name, c.before, c.after) for c in refused.value.changes] == [("title", "내 제목", "제목 51")]
    assert SubmissionVersion.objects.filter(submission=submission).count() == services.VERSIONS_KEPT


def test_invalid_urls_are_refused(submission, member_a):
    with pytest.raises(Exception) as refused:
        services.submission_save(
            submission=submission, fields={**FIELDS, "demo_url": "javascript:alert(1)"}, base_version=0, actor=member_a
        )

    assert "demo_url" in refused.value.message_dict
    assert Submission.objects.get().version == 0


# The deadline --------------------------------------------------------------------------------


def test_an_edit_after_the_deadline_is_refused(cohort, submission, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=dt.datetime(2025, 7, 8, 18, 0, tzinfo=SEOUL))

    with time_machine.travel(dt.datetime(2025, 7, 8, 18, 0, 1, tzinfo=SEOUL)):
        with pytest.raises(services.EditingClosed) as refused:
            services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    assert str(refused.value) == ("제출 마감(7월 8일(화) 18:00)이 지나 제출물을 더 이상 고칠 수 없습니다.")
    assert Submission.objects.get().version == 0


def test_just_before_the_deadline_in_seoul_an_edit_is_accepted(cohort, submission, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=dt.datetime(2025, 7, 8, 18, 0, tzinfo=SEOUL))

    with time_machine.travel(dt.datetime(2025, 7, 8, 8, 59, 59, tzinfo=dt.UTC)):  # 17:59:59 in Seoul
        result = services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    assert result.changed is True


def test_an_extension_in_force_lets_the_team_edit_and_one_that_ended_does_not(cohort, team_a, submission, member_a):
    SubmissionSettingsFactory(cohort=cohort, deadline=dt.datetime(2025, 7, 8, 18, 0, tzinfo=SEOUL))
    with time_machine.travel(dt.datetime(2025, 7, 8, 12, 0, tzinfo=SEOUL)):
        services.extension_grant(team=team_a, until=dt.datetime(2025, 7, 9, 12, 0, tzinfo=SEOUL), actor=None)

    with time_machine.travel(dt.datetime(2025, 7, 9, 11, 0, tzinfo=SEOUL)):
        services.submission_save(submission=submission, fields=FIELDS, base_version=0, actor=member_a)
    with time_machine.travel(dt.datetime(2025, 7, 9, 12, 30, tzinfo=SEOUL)):
        with pytest.raises(services.EditingClosed):
            services.submission_save(
                submission=submission, fields={**FIELDS, "title": "늦음"}, base_version=1, actor=member_a
            )


def test_an_extension_must_end_in_the_future(team_a):
    with pytest.raises(services.SubmissionError):
        services.extension_grant(team=team_a, until=timezone.now() - dt.timedelta(minutes=1), actor=None)


# Submitting and revisions --------------------------------------------------------------------


def test_submit_keeps_a_full_snapshot_and_each_submit_a_new_revision(submission, member_a, teammate_a, limits):
    slides = services.attachment_add(
        submission=submission, kind="slides", upload=upload("발표.pptx", PPTX), actor=member_a, limits=limits
    )
    PromptFactory(submission=submission, title="요약 프롬프트")

    first = services.submission_submit(submission=submission, fields=FIELDS, base_version=0, actor=member_a)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by == member_a
    second = services.submission_submit(
        submission=submission, fields={**FIELDS, "title": "새 제목"}, base_version=1, actor=teammate_a
    )

    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["fields"]["title"] == "민원 분류 챗봇"
    assert second.snapshot["fields"]["title"] == "새 제목"
    assert first.snapshot["attachments"] == [
        {"id": slides.pk, "name": "발표.pptx", "sha256": slides.sha256, "size": len(PPTX), "kind": "slides"}
    ]
    assert first.snapshot["prompts"][0]["title"] == "요약 프롬프트"
    assert list(first.attachments.all()) == [slides]


def test_submit_needs_the_main_fields_and_then_saves_nothing(submission, member_a):
    with pytest.raises(services.SubmissionError) as refused:
        services.submission_submit(submission=submission, fields={"title": "제목만"}, base_version=0, actor=member_a)

    assert str(refused.value) == "제출하기 전에 다음 항목을 채우세요: 한 줄 요약, 추진배경, 주요내용."
    assert (Submission.objects.get().version, SubmissionRevision.objects.count()) == (0, 0)


# Attachments ---------------------------------------------------------------------------------


def test_an_upload_is_checked_hashed_and_stored_under_a_random_name(submission, member_a, limits, media):
    attachment = services.attachment_add(
        submission=submission, kind="screenshot", upload=upload("시연 화면.png", PNG), actor=member_a, limits=limits
    )

    import hashlib

    assert (attachment.original_name, attachment.size, attachment.content_type) == (
        "시연 화면.png",
        len(PNG),
        "image/png",
    )
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.file.name.startswith(f"submissions/{submission.cohort_id}/{submission.pk}/")
    assert attachment.file.name.endswith(".png") and "시연" not in attachment.file.name
    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == PNG


@pytest.mark.parametrize(
    "name,data,kind,message",
    [
        (
            "보고서.pdf",
            b"MZ\x90\x00" + b"\0" * 200,
            "document",
            "이 파일은 문서가 아니라 프로그램(Windows program)이어서 거부했습니다.",
        ),
        ("빈파일.pdf", b"", "document", "빈 파일(0바이트)입니다."),
        (
            "화면.png",
            PDF,
            "screenshot",
            "파일 내용이 확장자 .png와 맞지 않습니다. 해당 형식으로 다시 저장해 올려 주세요.",
        ),
        ("발표.png", PNG, "slides", "이 형식(.png)은 발표자료(으)로 올릴 수 없습니다. 가능한 형식: .pptx, .pdf."),
        (
            "../../etc/passwd",
            b"root:x:0:0",
            "document",
            "이 형식(.?)은 문서(으)로 올릴 수 없습니다. 가능한 형식: .pdf, .hwp, .hwpx, .docx, .pptx, .xlsx.",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(submission, member_a, limits, media, name, data, kind, message):
    with pytest.raises(services.UploadRefused) as refused:
        services.attachment_add(
            submission=submission, kind=kind, upload=upload(name, data), actor=member_a, limits=limits
        )

    assert str(refused.value) == message
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_zip_bomb_source_archive_is_refused_without_extracting(submission, member_a, limits, media):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("a.bin", "w") as entry:
        for _ in range(10):
            entry.write(b"\0" * 1024 * 1024)

    with pytest.raises(services.UploadRefused) as refused:
        services.attachment_add(
            submission=submission,
            kind="source",
            upload=upload("source.zip", bomb.getvalue()),
            actor=member_a,
            limits=limits,
        )

    assert str(refused.value) == "압축률이 비정상적으로 높습니다(1,028:1). 압축 폭탄(ZIP bomb)으로 보여 거부했습니다."
    assert stored_files(media) == []


def test_path_long_and_nfd_names_are_sanitized(submission, member_a, limits):
    import unicodedata

    names = ["../../etc/passwd.pdf", "가" * 300 + ".pdf", unicodedata.normalize("NFD", "발표자료.pdf")]
    stored = [
        services.attachment_add(
            submission=submission, kind="document", upload=upload(n, PDF), actor=member_a, limits=limits
        ).original_name
        for n in names
    ]

    assert stored == ["passwd.pdf", "가" * 78 + ".pdf", "발표자료.pdf"]


def test_size_limits_per_kind_and_the_quota(submission, member_a, settings):
    settings.SUBMISSION_MAX_BYTES = 1000
    settings.SUBMISSION_QUOTA_BYTES = 1200
    limits = UploadLimits.from_settings()

    with pytest.raises(services.UploadRefused) as too_big:
        services.attachment_add(
            submission=submission,
            kind="document",
            upload=upload("큰.pdf", PDF + b" " * 1000),
            actor=member_a,
            limits=limits,
        )
    services.attachment_add(
        submission=submission, kind="document", upload=upload("a.pdf", PDF), actor=member_a, limits=limits
    )
    with pytest.raises(services.UploadRefused) as over_quota:
        services.attachment_add(
            submission=submission,
            kind="document",
            upload=upload("b.pdf", PDF + b" " * 200),
            actor=member_a,
            limits=limits,
        )

    assert str(too_big.value) == "파일이 너무 큽니다. 이 유형은 최대 0.0 MB까지 올릴 수 있습니다."
    assert str(over_quota.value).startswith("제출물의 파일은 모두 합쳐 0.0 MB까지입니다.")
    assert Attachment.objects.count() == 1


def test_cohort_overrides_win_over_settings(cohort):
    overrides = SubmissionSettingsFactory(cohort=cohort, max_bytes=10, video_max_bytes=20, quota_bytes=30)

    limits = UploadLimits.from_settings(overrides)

    assert (limits.for_kind("document"), limits.for_kind("video"), limits.quota_bytes) == (10, 20, 30)


def test_a_replaced_file_stays_for_the_revision_that_had_it(submission, member_a, limits):
    old = services.attachment_add(
        submission=submission, kind="slides", upload=upload("v1.pptx", PPTX), actor=member_a, limits=limits
    )
    services.submission_submit(submission=submission, fields=FIELDS, base_version=0, actor=member_a)

    new = services.attachment_add(
        submission=submission, kind="slides", upload=upload("v2.pdf", PDF), actor=member_a, limits=limits
    )

    old.refresh_from_db()
    assert old.removed_at is not None and old.removed_by == member_a
    assert default_storage.exists(old.file.name)
    assert list(Attachment.objects.filter(removed_at__isnull=True)) == [new]
    assert list(SubmissionRevision.objects.get().attachments.all()) == [old]


def test_a_replaced_file_that_no_revision_had_is_deleted(
    submission, member_a, limits, django_capture_on_commit_callbacks
):
    old = services.attachment_add(
        submission=submission, kind="slides", upload=upload("v1.pptx", PPTX), actor=member_a, limits=limits
    )
    name = old.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(
            submission=submission, kind="slides", upload=upload("v2.pptx", PPTX), actor=member_a, limits=limits
        )

    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(name)


def test_screenshots_add_up_instead_of_replacing(submission, member_a, limits):
    for name in ("1.png", "2.png"):
        services.attachment_add(
            submission=submission, kind="screenshot", upload=upload(name, PNG), actor=member_a, limits=limits
        )

    assert Attachment.objects.filter(removed_at__isnull=True).count() == 2


# Prompts -------------------------------------------------------------------------------------


def prompt_data(**overrides):
    return {
        "title": "민원 요약",
        "text": "다음 민원을 세 줄로 요약해 줘.",
        "tags": "#민원, 요약",
        "consent_to_publish": True,
        **overrides,
    }


def test_a_prompt_is_scanned_for_personal_data(submission, member_a):
    prompt = services.prompt_save(
        submission=submission,
        data=prompt_data(example_input="민원인 연락처 010-1234-5678, 메일 hong@busan.go.kr"),
        actor=member_a,
    )

    assert prompt.pii_flagged is True
    assert [(f["field"], f["kind"], f["masked"]) for f in prompt.pii_findings] == [
        ("example_input", "phone", "010-****-5678"),
        ("example_input", "email", "ho***@busan.go.kr"),
    ]
    assert (prompt.consent_to_publish, prompt.consent_by, prompt.tags) == (True, member_a, ",민원,요약,")


def test_only_consented_clean_prompts_go_into_the_casebook(submission, member_a, organizer):
    flagged = services.prompt_save(
        submission=submission, data=prompt_data(text="주민번호 900101-1234567"), actor=member_a
    )
    private = services.prompt_save(submission=submission, data=prompt_data(consent_to_publish=False), actor=member_a)
    clean = services.prompt_save(submission=submission, data=prompt_data(), actor=member_a)

    for prompt, message in (
        (flagged, "이 프롬프트에서 개인정보가 발견되었습니다. 팀이 먼저 지워야 합니다."),
        (private, "팀이 이 프롬프트의 공개에 동의하지 않았습니다."),
    ):
        with pytest.raises(services.SubmissionError) as refused:
            services.prompt_set_casebook(prompt=prompt, for_casebook=True, category="민원 응대", actor=organizer)
        assert str(refused.value) == message
    with pytest.raises(services.SubmissionError):
        services.prompt_set_casebook(prompt=clean, for_casebook=True, category=" ", actor=organizer)
    marked = services.prompt_set_casebook(prompt=clean, for_casebook=True, category="민원  응대", actor=organizer)

    assert (marked.for_casebook, marked.casebook_category, marked.casebook_by) == (True, "민원 응대", organizer)


def test_adding_personal_data_or_withdrawing_consent_takes_a_prompt_out_of_the_casebook(
    submission, member_a, organizer
):
    prompt = services.prompt_save(submission=submission, data=prompt_data(), actor=member_a)
    services.prompt_set_casebook(prompt=prompt, for_casebook=True, category="민원 응대", actor=organizer)

    prompt = services.prompt_save(
        submission=submission, prompt=prompt, base_version=1, data=prompt_data(tips="문의 02-123-4567"), actor=member_a
    )
    assert (prompt.pii_flagged, prompt.for_casebook) == (True, False)

    prompt = services.prompt_save(
        submission=submission, prompt=prompt, base_version=2, data=prompt_data(consent_to_publish=False), actor=member_a
    )
    assert (prompt.consent_to_publish, prompt.consent_by, prompt.consent_at) == (False, None, None)


def test_a_stale_prompt_edit_is_refused(submission, member_a, teammate_a):
    prompt = services.prompt_save(submission=submission, data=prompt_data(), actor=member_a)
    services.prompt_save(
        submission=submission, prompt=prompt, base_version=1, data=prompt_data(title="고친 제목"), actor=teammate_a
    )

    with pytest.raises(services.StaleVersion) as refused:
        services.prompt_save(
            submission=submission, prompt=prompt, base_version=1, data=prompt_data(text="내 수정"), actor=member_a
        )

    assert refused.value.editors == ["이서연"]
    assert Prompt.objects.get().title == "고친 제목"


def test_prompt_changes_after_the_deadline_are_refused(cohort, submission, member_a):
    prompt = services.prompt_save(submission=submission, data=prompt_data(), actor=member_a)
    SubmissionSettingsFactory(cohort=cohort, deadline=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(services.EditingClosed):
        services.prompt_save(submission=submission, data=prompt_data(), actor=member_a)
    with pytest.raises(services.EditingClosed):
        services.prompt_delete(prompt=prompt, actor=member_a)


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("#민원 #요약", ",민원,요약,"),
        ("민원, 요약,민원 ,  ", ",민원,요약,"),
        ("ChatGPT,  회의   록", ",chatgpt,회의 록,"),
        ("", ""),
        (",".join(str(n) for n in range(20)), "," + ",".join(str(n) for n in range(10)) + ","),
    ],
)
def test_normalize_tags(raw, stored):
    assert services.normalize_tags(raw) == stored


# Deadline reminders --------------------------------------------------------------------------


@pytest.fixture
def deadline_cohort(cohort, team_a, team_b, member_a, teammate_a, member_b):
    SubmissionSettingsFactory(cohort=cohort, deadline=dt.datetime(2025, 7, 8, 18, 0, tzinfo=SEOUL))
    SubmissionFactory(team=team_b, status=SubmissionStatus.SUBMITTED)
    return cohort


def test_d3_and_d1_reminders_go_once_to_teams_that_have_not_submitted(deadline_cohort, team_a, member_a, teammate_a):
    with time_machine.travel(dt.datetime(2025, 7, 5, 9, 0, tzinfo=SEOUL)):
        assert services.deadline_reminders_send().sent == 0  # more than three days ahead
    with time_machine.travel(dt.datetime(2025, 7, 5, 18, 5, tzinfo=SEOUL)):
        first = services.deadline_reminders_send()
        again = services.deadline_reminders_send()  # beat fired twice
    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 5, tzinfo=SEOUL)):
        day_before = services.deadline_reminders_send()

    assert (first.sent, first.teams, again.sent) == (2, [team_a.pk], 0)
    assert day_before.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member_a.email, teammate_a.email] * 2)
    assert mail.outbox[0].subject == f"[학습모임] {team_a.name} 제출 마감 3일 전(D-3)"
    assert "7월 8일(화) 18:00" in mail.outbox[0].body
    assert f"/submissions/teams/{team_a.pk}/edit/" in mail.outbox[0].body
    assert Delivery.objects.filter(kind="submissions.deadline", state=DeliveryState.SENT).count() == 4


def test_a_moved_deadline_is_reminded_of_again(deadline_cohort):
    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 5, tzinfo=SEOUL)):
        services.deadline_reminders_send()
        deadline_cohort.submission_settings.deadline = dt.datetime(2025, 7, 8, 21, 0, tzinfo=SEOUL)
        deadline_cohort.submission_settings.save()
        moved = services.deadline_reminders_send()

    assert moved.sent == 2


def test_a_mail_server_down_defers_the_reminders_to_a_later_run(deadline_cohort, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise OSError("mail server down")

    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 5, tzinfo=SEOUL), tick=False):
        monkeypatch.setattr(EmailBackend, "send_messages", refuse)
        down = services.deadline_reminders_send()
        monkeypatch.undo()
    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 10, tzinfo=SEOUL), tick=False):
        retried = services.deadline_reminders_send()

    assert (down.sent, retried.sent) == (0, 2)
    assert Delivery.objects.exclude(state=DeliveryState.SENT).count() == 0


def test_no_reminders_after_the_deadline_or_for_inactive_members(deadline_cohort, team_a, member_a):
    from learninggroup.models import Membership

    Membership.objects.filter(user=member_a).update(is_active=False)
    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 5, tzinfo=SEOUL)):
        result = services.deadline_reminders_send()
    with time_machine.travel(dt.datetime(2025, 7, 8, 18, 5, tzinfo=SEOUL)):
        late = services.deadline_reminders_send()

    assert (result.sent, late.sent) == (1, 0)


def test_a_staff_member_is_not_reminded(deadline_cohort, team_a):
    MembershipFactory(cohort=deadline_cohort, role=Role.FACILITATOR)
    with time_machine.travel(dt.datetime(2025, 7, 7, 18, 5, tzinfo=SEOUL)):
        assert services.deadline_reminders_send().sent == 2


def test_join_helper_puts_people_in_teams(team_a):
    assert join(team_a).memberships.get().team_membership.team == team_a
