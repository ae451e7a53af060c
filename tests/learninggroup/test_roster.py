"""The roster parser: pure, every problem reported by line, never an exception."""

import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from learninggroup.roster import RosterRow, parse_roster, roster_template_xlsx

KOREAN_CSV = (
    "이름,이메일,부서,직급,연락처\n"
    "김민준,Minjun.Kim@Busan.example,디지털정책과,행정7급,010-1234-5678\n"
    "이서연,seoyeon.lee@busan.example,민원담당관,행정6급,\n"
)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_korean_headers_and_names_from_utf8_csv():
    parsed = parse_roster(KOREAN_CSV.encode(), "명단.csv")

    assert parsed.errors == []
    assert parsed.rows == [
        RosterRow(2, "김민준", "minjun.kim@busan.example", "디지털정책과", "행정7급", "010-1234-5678"),
        RosterRow(3, "이서연", "seoyeon.lee@busan.example", "민원담당관", "행정6급", ""),
    ]


def test_csv_saved_by_korean_excel_in_cp949_with_bom_free_header():
    parsed = parse_roster(KOREAN_CSV.encode("cp949"), "roster.csv")

    assert parsed.ok
    assert [row.name for row in parsed.rows] == ["김민준", "이서연"]


def test_utf8_bom_and_semicolons_are_understood():
    data = "\ufeff이름;이메일\n박지훈;jihun@busan.example\n".encode()

    parsed = parse_roster(data, "roster.csv")

    assert parsed.rows == [RosterRow(2, "박지훈", "jihun@busan.example")]


def test_english_headers_and_optional_role_and_ai_level_columns():
    data = (
        "Name,E-mail,Department,Position,Phone,Role,AI experience\n"
        "Kim Minjun,kim@city.example,Digital Policy,Grade 7,010-1111-2222,퍼실리테이터,고급\n"
        "Lee Seoyeon,lee@city.example,Civil Affairs,Grade 6,,judge,2\n"
    ).encode()

    parsed = parse_roster(data, "roster.csv")

    assert parsed.errors == []
    assert [(r.role, r.ai_level) for r in parsed.rows] == [("facilitator", 4), ("judge", 2)]


def test_xlsx_with_korean_headers_restores_the_leading_zero_excel_dropped():
    data = xlsx_bytes(
        [
            ["이름", "이메일", "부서", "직급", "연락처"],
            ["최수아", "sua@busan.example", "교통정책과", "행정8급", 1098765432],
            [None, None, None, None, None],
            ["정현우", "hyunwoo@busan.example", "복지정책과", "전산7급", "010-2222-3333"],
        ]
    )

    parsed = parse_roster(data, "명단.xlsx")

    assert parsed.errors == []
    assert parsed.rows == [
        RosterRow(2, "최수아", "sua@busan.example", "교통정책과", "행정8급", "01098765432"),
        RosterRow(4, "정현우", "hyunwoo@busan.example", "복지정책과", "전산7급", "010-2222-3333"),
    ]


def test_decomposed_hangul_from_macos_is_normalized_to_nfc():
    name = unicodedata.normalize("NFD", "한지호")
    department = unicodedata.normalize("NFD", "도시계획과")
    data = f"{unicodedata.normalize('NFD', '이름')},이메일,부서\n{name},jiho@busan.example,{department}\n".encode()

    parsed = parse_roster(data, "roster.csv")

    assert parsed.rows[0].name == "한지호"
    assert parsed.rows[0].department == "도시계획과"
    assert unicodedata.is_normalized("NFC", parsed.rows[0].name)


def test_bad_rows_are_each_reported_with_their_line():
    data = (
        "이름,이메일,부서,직급,연락처\n"
        "김민준,minjun@busan.example,디지털정책과,행정7급,010-1234-5678\n"
        ",noname@busan.example,민원담당관,,\n"
        "이서연,,민원담당관,,\n"
        "박지훈,not-an-email,교통정책과,,\n"
        "최수아,MINJUN@busan.example,교통정책과,,\n"
        "정현우,hw@busan.example,복지정책과,,전화없음\n"
    ).encode()

    parsed = parse_roster(data, "roster.csv")

    assert [(e.line, e.message) for e in parsed.errors] == [
        (3, "이름이 비어 있습니다."),
        (4, "이메일이 비어 있습니다."),
        (5, "“not-an-email”은(는) 올바른 이메일 주소가 아닙니다."),
        (6, "이메일 minjun@busan.example이(가) 이미 2번째 줄에 있습니다."),
        (7, "“전화없음”은(는) 전화번호가 아닙니다."),
    ]
    assert not parsed.ok


def test_unknown_and_missing_headers_are_file_level_errors():
    parsed = parse_roster("성함,주소\n김민준,부산\n".encode(), "roster.csv")

    messages = [e.message for e in parsed.errors]
    assert len(messages) == 2
    assert "성함, 주소" in messages[0]
    assert "이름 (name), 이메일 (email)" in messages[1]
    assert parsed.rows == []


def test_unknown_role_and_level_are_reported():
    data = "이름,이메일,역할,AI 경험\n김민준,m@busan.example,관리자,9\n".encode()

    parsed = parse_roster(data, "roster.csv")

    assert [e.line for e in parsed.errors] == [2, 2]
    assert "관리자" in parsed.errors[0].message
    assert "9" in parsed.errors[1].message


def test_broken_files_get_a_clear_message():
    cases = {
        b"": "파일이 비어 있습니다.",
        b"PK\x03\x04" + b"\x00garbage" * 100: "엑셀 통합 문서를 열 수 없습니다. 파일이 손상되었나요?",
        b"\xd0\xcf\x11\xe0"
        + b"\x00" * 100: "구형 엑셀(.xls) 또는 한글(HWP) 파일로 보입니다. XLSX 또는 CSV로 저장한 뒤 다시 시도하세요.",
        b"\x7fELF\x00\x01\x02": "CSV도 XLSX도 아닌 파일입니다. 명단을 CSV(UTF-8) 또는 XLSX로 저장하세요.",
        "이름,이메일\n".encode(): "머리글만 있고 사람이 없습니다.",
        b"\n\n": "파일에 행이 없습니다.",
    }
    for data, message in cases.items():
        parsed = parse_roster(data, "roster.csv")
        assert [(e.line, e.message) for e in parsed.errors] == [(None, message)], data[:10]


def test_a_file_named_xlsx_that_is_text_is_refused():
    parsed = parse_roster(KOREAN_CSV.encode(), "roster.xlsx")

    assert [e.message for e in parsed.errors] == ["파일 이름은 .xlsx이지만 엑셀 통합 문서가 아닙니다."]


def test_too_many_rows_is_refused_without_reading_on():
    data = ("이름,이메일\n" + "".join(f"사람{i},p{i}@city.example\n" for i in range(50))).encode()

    parsed = parse_roster(data, "roster.csv", max_rows=10)

    assert [e.message for e in parsed.errors] == ["파일의 행이 10개를 넘습니다. 나누어 가져오세요."]


names = st.text(
    alphabet=st.characters(whitelist_categories=("Lo",), min_codepoint=0xAC00, max_codepoint=0xD7A3),
    min_size=2,
    max_size=5,
)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(names, st.integers(min_value=0, max_value=10**6)), min_size=1, max_size=30, unique_by=lambda t: t[1]
    )
)
def test_any_well_formed_roster_round_trips(people):
    lines = ["이름,이메일,부서"] + [f"{name},p{number}@city.example,디지털정책과" for name, number in people]

    parsed = parse_roster("\n".join(lines).encode(), "roster.csv")

    assert parsed.errors == []
    assert [(r.name, r.email) for r in parsed.rows] == [(n, f"p{k}@city.example") for n, k in people]


def test_the_template_file_reads_back_as_one_person_with_every_column():
    parsed = parse_roster(roster_template_xlsx(), "명단_양식.xlsx", max_rows=10)

    assert parsed.ok
    assert [(r.name, r.department, r.position, r.role, r.ai_level) for r in parsed.rows] == [
        ("김민준", "디지털정책과", "행정7급", "participant", 3)
    ]


def test_each_problem_line_names_the_person():
    data = "이름,이메일,부서,직급,연락처\n김민준,not-an-address,디지털정책과,행정7급,010-1234-5678\n".encode()

    parsed = parse_roster(data, "roster.csv", max_rows=10)

    assert [(e.line, e.name) for e in parsed.errors] == [(2, "김민준")]
