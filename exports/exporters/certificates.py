"""Completion certificates (수료증) as one PDF/A-2b, a page per person, and the issue ledger (발급대장) as XLSX.

Running the export issues certificates to those who newly qualify (numbers are never reused), then
prints every valid certificate of the cohort with the seal and a QR code to the verification page.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from learninggroup.xlsx import CONTENT_TYPE as XLSX
from learninggroup.xlsx import XlsxBook

from ..base import Exporter, ExportReport
from ..certificates import certificates_issue, verification_url
from ..pdf import PdfRenderer, qr_svg, render_pdf
from ..selectors import certificate_ledger, certificate_settings_for


def korean_date(value: dt.date | None) -> str:
    return f"{value.year}. {value.month}. {value.day}." if value else ""


def _period(starts_on, ends_on) -> str:
    if not starts_on and not ends_on:
        return ""
    return f"{korean_date(starts_on)} ~ {korean_date(ends_on)}"


class CertificatesPdf(Exporter):
    identifier = "certificates-pdf"
    verbose_name = gettext_lazy("Completion certificates (PDF)")
    description = gettext_lazy(
        "Issues certificates to participants who met the attendance threshold and prints every valid one."
    )
    extension = "pdf"
    content_type = "application/pdf"
    permission = "exports.manage_certificates"

    def file_name(self, subject):
        label = _("Certificates")
        return f"{subject.cohort.name} {label}.pdf"

    def write(self, subject, out, progress):
        cohort = subject.cohort
        row = certificate_settings_for(cohort=cohort)
        certificates = certificates_issue(cohort=cohort, user=subject.user)
        total = len(certificates)
        progress(0, total + 1)
        seal = b""
        if row.seal:
            with row.seal.open("rb") as handle:
                seal = handle.read()
        entries = []
        for index, certificate in enumerate(certificates, start=1):
            url = verification_url(certificate)
            entries.append(
                {
                    "number": f"제 {certificate.number} 호",
                    "name": certificate.name,
                    "affiliation": certificate.affiliation,
                    "course": certificate.course_name,
                    "period": _period(certificate.starts_on, certificate.ends_on),
                    "hours": _("%(hours)d hours (attended %(attended)d of %(sessions)d sessions)")
                    % {"hours": certificate.hours, "attended": certificate.attended, "sessions": certificate.sessions},
                    "sentence": _(
                        "The above person has completed the course %(course)s and is awarded this certificate."
                    )
                    % {"course": f"「{certificate.course_name}」"},
                    "issued_on": korean_date(certificate.issued_on),
                    "qr": qr_svg(url),
                    "verify_url": url,
                }
            )
            if index % 200 == 0:
                progress(index, total + 1)
        data = {
            "title": _("Certificate of completion"),
            "issuer": row.issuer_title or cohort.organization.name,
            "seal": "seal.png" if seal else "",
            "labels": {
                "number": "",
                "name": pgettext("certificate", "Name"),
                "affiliation": _("Affiliation"),
                "course": _("Course"),
                "period": _("Period"),
                "hours": _("Hours"),
                "verify": _("Verify this certificate"),
            },
            "certificates": entries,
        }
        if entries:
            with PdfRenderer("certificates.typ", files={"seal.png": seal} if seal else None) as renderer:
                out.write(renderer.render(data, pdf_a=True))
        else:
            out.write(render_pdf("empty.typ", {"message": _("Nobody has met the attendance threshold yet.")}))
        progress(total + 1, total + 1)
        report = ExportReport(items=total)
        if not entries:
            report.notes.append(_("Nobody has met the attendance threshold yet."))
        return report


class CertificateLedgerXlsx(Exporter):
    identifier = "certificate-ledger-xlsx"
    verbose_name = gettext_lazy("Certificate ledger (XLSX)")
    description = gettext_lazy("Every certificate issued, revoked or reissued, by number (발급대장).")
    extension = "xlsx"
    content_type = XLSX
    permission = "exports.manage_certificates"

    def file_name(self, subject):
        label = _("Certificate ledger")
        return f"{subject.cohort.name} {label}.xlsx"

    def write(self, subject, out, progress):
        ledger = list(certificate_ledger(cohort=subject.cohort))
        with XlsxBook(out) as book:
            sheet = book.sheet(_("Certificate ledger"), widths=[16, 12, 28, 12, 10, 12, 16, 24])
            sheet.append(
                [
                    _("Certificate number"),
                    _("Name"),
                    _("Affiliation"),
                    _("Issued on"),
                    _("Hours"),
                    _("Attendance"),
                    _("Reissue of"),
                    _("Revoked"),
                ],
                bold=True,
            )
            for c in ledger:
                sheet.append(
                    [
                        c.number,
                        c.name,
                        c.affiliation,
                        c.issued_on,
                        c.hours,
                        f"{c.attended}/{c.sessions}",
                        c.reissue_of.number if c.reissue_of else "",
                        f"{korean_date(timezone.localdate(c.revoked_at))} {c.revoked_reason}" if c.revoked_at else "",
                    ]
                )
            sheet.freeze_header()
        progress(len(ledger), len(ledger))
        return ExportReport(items=len(ledger))
