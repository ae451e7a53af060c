"""Completion certificates (수료증) as one PDF/A-2b, a page per person, and the issue ledger (발급대장) as XLSX.

Running the export issues certificates to those who newly qualify (numbers are never reused), then
prints every valid certificate of the cohort with the seal and a QR code to the verification page.
"""

from __future__ import annotations

import datetime as dt
import os

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from learninggroup.xlsx import CONTENT_TYPE as XLSX
from learninggroup.xlsx import XlsxBook

from ..base import BatchExporter, Exporter, ExportReport
from ..certificates import certificates_issue, verification_url
from ..models import Certificate
from ..pdf import PdfRenderer, merge_pdfs, qr_svg, render_pdf
from ..selectors import certificate_ledger, certificate_settings_for


def korean_date(value: dt.date | None) -> str:
    return f"{value.year}. {value.month}. {value.day}." if value else ""


def _period(starts_on, ends_on) -> str:
    if not starts_on and not ends_on:
        return ""
    return f"{korean_date(starts_on)} ~ {korean_date(ends_on)}"


def _labels() -> dict:
    return {
        "number": "",
        "name": pgettext("certificate", "Name"),
        "affiliation": _("Affiliation"),
        "course": _("Course"),
        "period": _("Period"),
        "hours": _("Hours"),
        "verify": _("Verify this certificate"),
    }


def certificate_page(certificate: Certificate) -> dict:
    url = verification_url(certificate)
    return {
        "number": f"제 {certificate.number} 호",
        "name": certificate.name,
        "affiliation": certificate.affiliation,
        "course": certificate.course_name,
        "period": _period(certificate.starts_on, certificate.ends_on),
        "hours": _("%(hours)d hours (attended %(attended)d of %(sessions)d sessions)")
        % {"hours": certificate.hours, "attended": certificate.attended, "sessions": certificate.sessions},
        "sentence": _("The above person has completed the course %(course)s and is awarded this certificate.")
        % {"course": f"「{certificate.course_name}」"},
        "issued_on": korean_date(certificate.issued_on),
        "qr": qr_svg(url),
        "verify_url": url,
    }


class CertificatesPdf(BatchExporter):
    identifier = "certificates-pdf"
    verbose_name = gettext_lazy("Completion certificates (PDF)")
    description = gettext_lazy(
        "Issues certificates to participants who met the attendance threshold and prints every valid one."
    )
    extension = "pdf"
    content_type = "application/pdf"
    permission = "exports.manage_certificates"
    batch_size = 1000  # certificates per batch when the job is split over several workers
    PART = "certificates.pdf"

    def file_name(self, subject):
        label = _("Certificates")
        return f"{subject.cohort.name} {label}.pdf"

    def plan(self, subject):
        """Issue to those who newly qualify (once, before any batch), then every valid certificate by number."""
        return [c.pk for c in certificates_issue(cohort=subject.cohort, user=subject.user)]

    def write_part(self, subject, keys, folder, progress):
        if not keys:
            return ExportReport()
        cohort = subject.cohort
        row = certificate_settings_for(cohort=cohort)
        seal = b""
        if row.seal:
            with row.seal.open("rb") as handle:
                seal = handle.read()
        pages = []
        for index, certificate in enumerate(Certificate.objects.filter(pk__in=keys).order_by("serial"), start=1):
            pages.append(certificate_page(certificate))
            if index % 200 == 0:
                progress(index // 2, len(keys))  # the QR codes: half the work, Typst the other half
        data = {
            "title": _("Certificate of completion"),
            "issuer": row.issuer_title or cohort.organization.name,
            "seal": "seal.png" if seal else "",
            "labels": _labels(),
            "certificates": pages,
        }
        with PdfRenderer("certificates.typ", files={"seal.png": seal} if seal else None) as renderer:
            pdf = renderer.render(data, pdf_a=True)
        with open(os.path.join(folder, self.PART), "wb") as handle:
            handle.write(pdf)
        progress(len(keys), len(keys))
        return ExportReport(items=len(pages))

    def assemble(self, subject, folders, out, progress):
        parts = [os.path.join(f, self.PART) for f in folders if os.path.exists(os.path.join(f, self.PART))]
        if not parts:
            message = _("Nobody has met the attendance threshold yet.")
            out.write(render_pdf("empty.typ", {"message": message}))
            return ExportReport(notes=[message])
        merge_pdfs(parts, out)
        return ExportReport()


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
                    pgettext("certificate", "Name"),
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
