"""CSV that opens cleanly in Excel on Korean Windows: UTF-8 with a BOM, formulas neutralized."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from learninggroup.xlsx import csv_safe

BOM = "\ufeff"


def neutralize(value) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe (learninggroup.xlsx)."""
    return csv_safe("" if value is None else str(value))


def csv_lines(header: Iterable[str], rows: Iterable[Iterable], *, chunk: int = 64 * 1024) -> Iterator[str]:
    """The CSV text in pieces of about ``chunk`` characters (for a streamed response), BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([neutralize(v) for v in header])
    for row in rows:
        writer.writerow([neutralize(v) for v in row])
        if buffer.tell() >= chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    return "".join(csv_lines(header, rows))
