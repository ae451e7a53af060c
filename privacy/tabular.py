"""CSV that opens cleanly in Excel on Korean Windows: UTF-8 with a BOM, formulas neutralized."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text, one line at a time (for a streamed response), BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralize(v) for v in values])
        return buffer.getvalue()

    yield BOM + line(header)
    for row in rows:
        yield line(row)


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(header, rows))
