"""Personal data in prompt text: found, masked, and not confused with dates, amounts or business numbers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from submissions.pii import find_pii, mask, scan_fields


def kinds(text):
    return [finding.kind for finding in find_pii(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("민원인 주민등록번호 900101-1234567 확인", ["rrn"]),
        ("주민번호 0503154123456", ["rrn"]),
        ("외국인등록번호 851231-5123456", ["rrn"]),
        ("휴대전화 010-1234-5678로 회신", ["phone"]),
        ("010 1234 5678", ["phone"]),
        ("01012345678", ["phone"]),
        ("서울 02-123-4567", ["phone"]),
        ("부산 051-888-1234", ["phone"]),
        ("(02) 1234-5678", ["phone"]),
        ("+82 10-1234-5678", ["phone"]),
        ("인터넷전화 070-4321-8765", ["phone"]),
        ("메일 hong.gildong+minwon@busan.go.kr 로", ["email"]),
        ("신한 110-123-456789 입금", ["account"]),
        ("국민 123456-78-901234", ["account"]),
        ("농협 302-1234-5678-91", ["account"]),
        ("하나 123-456789-12345", ["account"]),
        ("우리 1002-123-456789", ["account"]),
        ("연락처 010-2222-3333, 메일 a@b.co", ["phone", "email"]),
    ],
)
def test_finds(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-05-13 19:00 시청 5층",
        "예산 1,234,567,000원",
        "사업자등록번호 123-45-67890",
        "주민번호 901301-1234567",  # no 13th month
        "주민번호 900230-1234567",  # no 30 February
        "문서번호 디지털정책과-12345",
        "버전 3.11.2, 포트 8000",
        "민원 접수번호 2025-0513-000123",
        "전화번호는 010-****-5678 으로 가렸습니다",
        "",
    ],
)
def test_leaves_alone(text):
    assert kinds(text) == []


def test_masks_hide_most_of_it():
    assert mask("900101-1234567", "rrn") == "900101-1******"
    assert mask("010-1234-5678", "phone") == "010-****-5678"
    assert mask("hong@busan.go.kr", "email") == "ho***@busan.go.kr"
    assert mask("110-123-456789", "account") == "110-***-****89"


def test_excerpts_mask_every_finding_around():
    [phone, rrn] = find_pii("전화 010-1234-5678 주민 900101-1234567")

    assert phone.excerpt == "전화 010-****-5678 주민 900101-1…"
    assert rrn.excerpt == "…***-5678 주민 900101-1******"
    assert "1234567" not in rrn.excerpt


def test_scan_fields_names_the_field():
    assert scan_fields({"title": "요약", "example_input": "민원인 연락처 010-9876-5432"}) == [
        {"field": "example_input", "kind": "phone", "masked": "010-****-5432", "excerpt": "민원인 연락처 010-****-5432"}
    ]


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.integers(0, 999999),
    st.text(alphabet="가나다라 민원요약", max_size=20),
)
def test_every_valid_resident_number_is_found_and_masked(birth, serial, prefix):
    gender = "1" if birth.year < 2000 else "3"
    number = f"{birth:%y%m%d}-{gender}{serial:06d}"

    [finding] = find_pii(f"{prefix} {number} 입니다")

    assert finding.kind == "rrn"
    assert finding.masked == number[:8] + "******"
    assert f"{serial:06d}" not in finding.excerpt.replace(number[:8], "")


@given(st.text(alphabet=st.characters(categories=["Lo", "Zs", "Po"]), max_size=200))
def test_text_without_digits_or_at_signs_has_no_findings(text):
    assert find_pii(text.replace("@", "")) == []
