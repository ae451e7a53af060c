"""HWPX: the committed default entry form, the fast fill path, and the check of an organizer's uploaded 서식."""

import io
import zipfile

import pytest

from exports.hwpx import DEFAULT_ENTRY_FORM, ENTRY_FORM_FIELDS, HwpxTemplate, check_template, read_back

from .conftest import HOSTILE, LONG_KOREAN


@pytest.fixture(scope="module")
def template():
    return HwpxTemplate.load(DEFAULT_ENTRY_FORM.read_bytes())


def test_the_default_form_has_every_placeholder(template):
    assert template.placeholders == set(ENTRY_FORM_FIELDS)
    check = check_template(DEFAULT_ENTRY_FORM.read_bytes())
    assert (check.ok, check.missing, check.unknown) == (True, [], [])


def test_filling_escapes_text_keeps_lines_and_reopens_in_python_hwpx(template):
    values = {key: f'{key}: 부산 <민원> & "따옴표" {HOSTILE}' for key in ENTRY_FORM_FIELDS}
    values["추진내용"] = "첫째 줄\n둘째 줄 😀\x0c" + LONG_KOREAN

    data = template.fill_bytes(values)
    text = read_back(data)

    assert f'사례명: 부산 <민원> & "따옴표" {HOSTILE}' in text
    assert "첫째 줄\n둘째 줄 😀" in text and LONG_KOREAN in text
    assert "{{" not in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert [i.filename for i in archive.infolist()] == [i.filename for i, _ in template.entries]
        assert b"<hp:linesegarray" not in archive.read("Contents/section0.xml")


def test_a_file_that_is_not_hwpx_is_refused_with_a_reason():
    check = check_template(b"%PDF-1.7 not a form")
    assert not check.ok and check.problem == "HWPX 문서가 아닙니다 (ZIP 패키지가 아닙니다)."

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/zip")
        archive.writestr("Contents/section0.xml", "<x/>")
    check = check_template(out.getvalue())
    assert not check.ok and "mimetype" in check.problem


def test_a_form_without_placeholders_is_reported(template):
    data = template.fill_bytes({})  # every placeholder gone
    check = check_template(data)
    assert not check.ok
    assert check.missing == list(ENTRY_FORM_FIELDS)
    assert check.problem == "문서에 {{필드}} 자리표시가 하나도 없습니다."


def test_a_form_with_some_placeholders_lists_the_missing_ones(template):
    partial = HwpxTemplate(
        [
            (info, content.replace("{{향후계획}}".encode(), b"").replace("{{분야}}".encode(), "{{기타}}".encode()))
            for info, content in template.entries
        ]
    )
    check = check_template(partial.fill_bytes({k: "{{" + k + "}}" for k in ENTRY_FORM_FIELDS}))
    # filling with the placeholders themselves keeps them (escaped braces are plain text)
    assert check.ok
    assert "향후계획" in check.missing
