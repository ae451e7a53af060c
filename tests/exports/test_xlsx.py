"""The one XLSX writer: text that a spreadsheet would run stays text, in every cell, with any sheet name."""

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from learninggroup.xlsx import XlsxBook, sheet_name

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+2"]


def test_hostile_text_is_written_as_text_never_as_a_formula():
    out = io.BytesIO()
    with XlsxBook(out) as book:
        sheet = book.sheet("시험")
        sheet.append(["제목"], bold=True)
        sheet.append([*HOSTILE, 3, 2.5, dt.date(2025, 5, 13), None, True])

    workbook = load_workbook(io.BytesIO(out.getvalue()))
    row = [cell for cell in next(workbook.active.iter_rows(min_row=2))]
    # openpyxl leaves a carriage return in OOXML's escaped form (_x000D_); Excel shows it as CR
    assert [c.value for c in row[: len(HOSTILE)]] == [v.replace("\r", "_x000D_") for v in HOSTILE]
    assert {c.data_type for c in row[: len(HOSTILE)]} == {"s"}
    assert [c.value for c in row[len(HOSTILE) :]] == [3, 2.5, dt.datetime(2025, 5, 13), None, True]
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_sheet_names_are_made_acceptable_and_unique():
    used = set()
    assert sheet_name("심사 점수 [1차]: 서면/발표", used) == "심사 점수 _1차__ 서면_발표"
    assert sheet_name("a" * 40, used) == "a" * 31
    assert sheet_name("A" * 40, used) == "A" * 27 + " (2)"
