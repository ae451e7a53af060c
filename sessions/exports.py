"""The attendance matrix as an XLSX workbook (openpyxl, write-only: constant memory per row)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .formatting import day_label
from .models import AttendanceStatus
from .selectors import Matrix

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def matrix_xlsx(matrix: Matrix, *, title: str) -> bytes:
    labels = dict(AttendanceStatus.choices)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Attendance")[:31])
    bold = Font(bold=True)

    def header(values):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=neutralize(value))
            cell.font = bold
            cells.append(cell)
        return cells

    sheet.append([neutralize(title)])
    sheet.append(
        header(
            [_("Name"), _("Department"), _("Team")]
            + [f"{s.number}. {day_label(s.starts_at)}" for s in matrix.sessions]
            + [_("Present"), _("Late"), _("Excused"), _("Absent"), _("Attendance rate (%)")]
        )
    )
    for row in matrix.rows:
        member = row.membership
        team = getattr(getattr(member, "team_membership", None), "team", None)
        sheet.append(
            [neutralize(member.user.name), neutralize(member.department), neutralize(team.name if team else "")]
            + [str(labels[status]) if status else "" for status in row.cells]
            + [
                row.summary["present"],
                row.summary["late"],
                row.summary["excused"],
                row.summary["absent"],
                row.summary["rate"],
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
