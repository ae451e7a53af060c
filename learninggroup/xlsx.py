"""The one way this project writes XLSX: XlsxWriter in constant memory, text never turned into a formula.

Every export (attendance, contest bundles, indexes) writes through `XlsxBook`. Strings are always
written as string cells (`strings_to_formulas` off, and `write_string` for every str), so a title
such as ``=HYPERLINK("http://x","y")`` or a cell starting with + - @ tab or CR stays text in Excel.
Rows are written in order (constant memory flushes each row as the next one starts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text a spreadsheet would run as a formula (or as DDE) when typed in; kept as text here.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_FORBIDDEN_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value: Any) -> Any:
    """For CSV only (no cell types there): a leading apostrophe before = + - @ tab CR."""
    return "'" + value if is_formula_like(value) else value


def sheet_name(name: str, used: set[str] | None = None) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = (name or "Sheet").translate(_FORBIDDEN_SHEET_CHARS).strip("'")[:31] or "Sheet"
    if used is None:
        return base
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


class Sheet:
    """One worksheet; `append` writes the next row."""

    def __init__(self, book: XlsxBook, worksheet, widths: Iterable[float] | None = None):
        self._book = book
        self._ws = worksheet
        self._row = 0
        for column, width in enumerate(widths or ()):
            worksheet.set_column(column, column, width)

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        book, ws, row = self._book, self._ws, self._row
        style = book.bold if bold else None
        for column, value in enumerate(values):
            if value is None or value == "":
                if style is not None:
                    ws.write_blank(row, column, None, style)
                continue
            if isinstance(value, bool):
                ws.write_boolean(row, column, value, style)
            elif isinstance(value, int | float):
                ws.write_number(row, column, value, style)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(row, column, value.replace(tzinfo=None), book.datetime_format)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, column, dt.datetime(value.year, value.month, value.day), book.date_format)
            else:
                ws.write_string(row, column, str(value), style)
        self._row += 1

    def freeze_header(self, rows: int = 1) -> None:
        self._ws.freeze_panes(rows, 0)


class XlsxBook:
    """An XLSX workbook written to a file object (or path) in constant memory.

    >>> with XlsxBook(out) as book:
    ...     sheet = book.sheet("출석")
    ...     sheet.append(["이름", "부서"], bold=True)
    """

    def __init__(self, out: IO[bytes] | str):
        self._workbook = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "in_memory": False,
            },
        )
        self.bold = self._workbook.add_format({"bold": True})
        self.date_format = self._workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = self._workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self._names: set[str] = set()

    def sheet(self, name: str, *, widths: Iterable[float] | None = None) -> Sheet:
        return Sheet(self, self._workbook.add_worksheet(sheet_name(name, self._names)), widths)

    def close(self) -> None:
        self._workbook.close()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
