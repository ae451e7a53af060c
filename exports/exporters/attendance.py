"""Attendance: the matrix as XLSX (per session, totals, rates) and a printable sign-in sheet as PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from learninggroup.xlsx import CONTENT_TYPE as XLSX
from sessions.exports import matrix_xlsx
from sessions.formatting import day_label
from sessions.models import Session
from sessions.selectors import attendance_matrix, participants_of

from ..base import Exporter, ExportReport, ExportSubject
from ..pdf import render_pdf


class AttendanceXlsx(Exporter):
    identifier = "attendance-xlsx"
    verbose_name = gettext_lazy("Attendance matrix (XLSX)")
    description = gettext_lazy("Every participant × every session, with totals and the attendance rate.")
    extension = "xlsx"
    content_type = XLSX
    permission = "exports.export_attendance"

    def file_name(self, subject: ExportSubject) -> str:
        label = _("Attendance")
        return f"{subject.cohort.name} {label}.xlsx"

    def write(self, subject, out, progress):
        matrix = attendance_matrix(cohort=subject.cohort)
        progress(0, len(matrix.rows))
        label = _("Attendance")
        matrix_xlsx(matrix, title=f"{subject.cohort.name} · {label}", out=out)
        progress(len(matrix.rows), len(matrix.rows))
        return ExportReport(items=len(matrix.rows))


class SignInSheetPdf(Exporter):
    identifier = "attendance-signin-pdf"
    verbose_name = gettext_lazy("Sign-in sheet (PDF)")
    description = gettext_lazy("Names and departments with a signature column per session, to print.")
    extension = "pdf"
    content_type = "application/pdf"
    permission = "exports.export_attendance"

    def file_name(self, subject: ExportSubject) -> str:
        label = _("Sign-in sheet")
        return f"{subject.cohort.name} {label}.pdf"

    def write(self, subject, out, progress):
        cohort = subject.cohort
        sessions = list(Session.objects.held().filter(cohort=cohort).order_by("starts_at", "number"))
        members = list(participants_of(cohort=cohort))
        progress(0, len(members))
        label = _("Sign-in sheet")
        data = {
            "title": f"{cohort.name} {label}",
            "subtitle": " · ".join(filter(None, [cohort.organization.name, cohort.venue])),
            "labels": {"number": pgettext("row number", "No."), "name": _("Name"), "department": _("Department")},
            "sessions": [f"{s.number}. {day_label(s.starts_at)}" for s in sessions],
            "rows": [{"name": m.user.name, "department": m.department} for m in members],
        }
        out.write(render_pdf("signin.typ", data))
        progress(len(members), len(members))
        return ExportReport(items=len(members))
