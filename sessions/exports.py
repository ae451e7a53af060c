"""The attendance matrix as an XLSX workbook, through the project's one XLSX writer (learninggroup/xlsx.py):
constant memory, and text starting with = + - @ tab or CR stays text."""

from __future__ import annotations

import io
from typing import IO

from django.utils.translation import gettext as _

from learninggroup.xlsx import XlsxBook

from .formatting import day_label
from .models import AttendanceStatus
from .selectors import Matrix


def matrix_xlsx(matrix: Matrix, *, title: str, out: IO[bytes] | None = None) -> bytes | None:
    """Write the matrix to `out`; with no `out`, return the workbook's bytes."""
    target = out if out is not None else io.BytesIO()
    labels = dict(AttendanceStatus.choices)
    with XlsxBook(target) as book:
        sheet = book.sheet(_("Attendance"), widths=[12, 18, 16])
        sheet.append([title])
        sheet.append(
            [_("Name"), _("Department"), _("Team")]
            + [f"{s.number}. {day_label(s.starts_at)}" for s in matrix.sessions]
            + [_("Present"), _("Late"), _("Excused"), _("Absent"), _("Attendance rate (%)")],
            bold=True,
        )
        for row in matrix.rows:
            member = row.membership
            team = getattr(getattr(member, "team_membership", None), "team", None)
            sheet.append(
                [member.user.name, member.department, team.name if team else ""]
                + [str(labels[status]) if status else "" for status in row.cells]
                + [
                    row.summary["present"],
                    row.summary["late"],
                    row.summary["excused"],
                    row.summary["absent"],
                    row.summary["rate"],
                ]
            )
    return target.getvalue() if out is None else None
