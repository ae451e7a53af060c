"""The attendance matrix as XLSX; the Markdown sanitizer."""

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from learninggroup.models import Role
from learninggroup.xlsx import csv_safe
from sessions import selectors
from sessions.exports import matrix_xlsx
from sessions.markup import render_markdown
from tests.factories import MembershipFactory

from .factories import KST, AttendanceFactory, SessionFactory, TeamFactory, put_in_team


def test_csv_cells_that_would_run_as_formulas_are_neutralized():
    assert [csv_safe(v) for v in ["=SUM(A1)", "+1", "-1", "@cmd", "김민준", 3]] == [
        "'=SUM(A1)",
        "'+1",
        "'-1",
        "'@cmd",
        "김민준",
        3,
    ]


def test_the_xlsx_has_one_row_per_participant_with_the_rate(cohort):
    hostile = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department='=HYPERLINK("http://x")')
    hostile.user.name = "=1+2"
    hostile.user.save()
    first = SessionFactory(cohort=cohort, number=1)
    SessionFactory(cohort=cohort, number=2, starts_at=first.starts_at + dt.timedelta(days=7))
    AttendanceFactory(session=first, membership=hostile, status="late")
    put_in_team(TeamFactory(cohort=cohort, name="@팀"), hostile.user)

    matrix = selectors.attendance_matrix(cohort=cohort, now=dt.datetime(2025, 6, 1, tzinfo=KST))
    data = matrix_xlsx(matrix, title="출석부")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert rows[1] == [
        "이름",
        "부서",
        "팀",
        "1. 2025년 5월 13일(화)",  # not this year: with the year
        "2. 2025년 5월 20일(화)",
        "출석",
        "지각",
        "공결",
        "결석",
        "출석률(%)",
    ]
    assert rows[2] == ["=1+2", '=HYPERLINK("http://x")', "@팀", "지각", None, 0, 1, 0, 1, 50]
    assert [sheet.cell(3, column).data_type for column in (1, 2, 3)] == ["s", "s", "s"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula cell at all


def test_markdown_keeps_structure_and_drops_scripts_styles_and_handlers():
    html = render_markdown(
        "# 제목\n\n- 하나\n- [링크](https://busan.go.kr)\n\n<script>x()</script><style>p{}</style>"
        '<img src=x onerror="alert(1)"> <b onclick="x()">굵게</b>'
    )

    assert html == (
        "<h1>제목</h1>\n<ul>\n<li>하나</li>\n"
        '<li><a href="https://busan.go.kr" rel="noopener noreferrer">링크</a></li>\n'
        "</ul>\n\n\n<p> <b>굵게</b></p>"
    )
