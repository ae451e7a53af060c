"""Contest bundles (ZIP): the internal contest's records and the Ministry Government Innovation Contest's entries.

- the internal bundle: an XLSX with one row per entry and a sheet of every score (judges as 심사위원 1…n unless
  the organizer chooses names), and per entry a folder with its frozen attachments and the entry's PDF;
- the Ministry bundle: per entry the entry form (참가신청서 + 원고) as HWPX, filled into the contest's 서식 or
  the default one, and as PDF, its attachments, and an XLSX index.

Both are batch exporters (exports/base.py): a batch of entries renders their PDFs and HWPX forms into a part
folder, and the assembly streams the ZIP from the parts and the attachments in storage (exports/batches.py
runs the batches on several workers). The shared pieces are in bundle.py.
"""

from __future__ import annotations

import os
import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.models import Entry
from learninggroup.xlsx import XlsxBook

from ..base import BatchExporter, ExportReport, ExportSubject
from ..entryform import pdf_data
from ..hwpx import DEFAULT_ENTRY_FORM, HwpxTemplate, read_back_quick
from ..models import ContestFormTemplate
from ..pdf import PdfRenderer
from ..services import ExportError
from .bundle import (
    PartFiles,
    ZipBundle,
    _snapshot,
    contest_entries,
    entry_keys,
    entry_pdf_data,
    safe_name,
    write_results_xlsx,
)


class _ContestBundle(BatchExporter):
    extension = "zip"
    content_type = "application/zip"
    permission = "exports.export_contest"
    needs_contest = True

    def plan(self, subject: ExportSubject) -> list[int]:
        return entry_keys(subject.contest)

    def _stream(self, bundle: ZipBundle, items, generated) -> None:
        """Per entry its generated files, then its attachments (missing ones recorded); then the ZIP."""
        for item in items:
            for arcname, path in generated.get(item.entry.pk, []):
                bundle.add_path(path, arcname)
            label = f"{item.entry.number}. {item.entry.title}"
            for attachment in item.attachments:
                bundle.add_attachment(attachment, item.folder, label)


class InternalBundle(_ContestBundle):
    identifier = "contest-internal-zip"
    verbose_name = gettext_lazy("Internal contest bundle (ZIP)")
    description = gettext_lazy(
        "Entries and every score as XLSX, and per entry its frozen attachments and a PDF of the entry."
    )
    offers_judge_names = True

    def file_name(self, subject: ExportSubject) -> str:
        return f"{subject.contest.name}.zip"

    def write_part(self, subject, keys, folder, progress):
        contest = subject.contest
        items = contest_entries(contest, keys)
        files = PartFiles(folder)
        with PdfRenderer("entry.typ") as renderer:
            for index, item in enumerate(items, start=1):
                pdf = renderer.render(entry_pdf_data(item, contest.name))
                files.add(item.entry.pk, pdf, f"{item.folder}/{safe_name(item.folder)}.pdf")
                progress(index, len(items))
        files.save()
        return ExportReport(items=len(items))

    def assemble(self, subject, folders, out, progress):
        contest = subject.contest
        items = contest_entries(contest)
        with tempfile.TemporaryDirectory(prefix="bundle-") as work:
            bundle = ZipBundle()
            xlsx = os.path.join(work, "entries.xlsx")
            scores = write_results_xlsx(contest, items, xlsx, judge_names=bool(subject.options.get("judge_names")))
            bundle.add_path(xlsx, f"{safe_name(contest.name)} {_('Results')}.xlsx")
            self._stream(bundle, items, PartFiles.load(folders))
            bundle.write(out, progress, 0, len(items))
        report = ExportReport(missing=bundle.missing)
        report.notes.append(_("%(n)d scores in the score sheet.") % {"n": scores})
        return report


# The Ministry bundle ---------------------------------------------------------------------------------------


def form_values(entry: Entry) -> dict[str, str]:
    """The entry form's values for the HWPX placeholders and the PDF (from contests' EntryForm)."""
    form = getattr(entry, "form", None)
    if form is None:
        fields = _snapshot(entry)
        return {"사례명": entry.title, "사례요약": fields.get("summary", ""), "추진배경": fields.get("background", "")}
    participants = form.participants.strip()
    content = form.content
    if form.ai_usage:
        content += "\n\n[AI 도구·프롬프트·데이터] " + form.ai_usage
    if form.security_measures:
        content += "\n\n[보안·개인정보 보호 조치] " + form.security_measures
    results = "\n".join(
        filter(
            None,
            [
                form.results_before and "도입 전: " + form.results_before,
                form.results_after and "도입 후: " + form.results_after,
            ],
        )
    )
    return {
        "사례명": form.case_name or entry.title,
        "분야": form.field,
        "기관명": form.organization_name,
        "부서": form.department,
        "참여자": participants,
        "대표담당자": participants.splitlines()[0] if participants else "",
        "사무실전화": form.contact_phone,
        "업무메일": form.contact_email,
        "추진기간": form.period,
        "사례요약": form.summary,
        "추진배경": form.background,
        "추진내용": content.strip(),
        "추진성과": results,
        "확산가능성": form.spread,
        "향후계획": form.plans,
    }


def contest_template(contest) -> bytes:
    uploaded = ContestFormTemplate.objects.filter(contest=contest).first()
    if uploaded and uploaded.file:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return DEFAULT_ENTRY_FORM.read_bytes()


class MinistryBundle(_ContestBundle):
    identifier = "contest-ministry-zip"
    verbose_name = gettext_lazy("Ministry contest bundle (HWPX + PDF)")
    description = gettext_lazy(
        "Per entry the entry form as HWPX (the contest's form or the default one) and as PDF, its attachments, "
        "and an XLSX index."
    )
    offers_form_template = True

    def file_name(self, subject: ExportSubject) -> str:
        return f"{subject.contest.name} 제출용.zip"

    def write_part(self, subject, keys, folder, progress):
        contest = subject.contest
        items = contest_entries(contest, keys)
        forms = {e.pk: e for e in Entry.objects.filter(pk__in=keys).select_related("form")}
        template = HwpxTemplate.load(contest_template(contest))  # HwpxTemplateError: a DomainError, shown as is
        files = PartFiles(folder)
        with PdfRenderer("entry.typ") as renderer:
            for n, item in enumerate(items, start=1):
                entry = forms[item.entry.pk]
                values = form_values(entry)
                base = safe_name(f"{entry.number:03d} {values['사례명']}", 50)
                document = template.fill_bytes(values)
                text = read_back_quick(document)  # python-hwpx reads every produced form back
                if values["사례명"] and values["사례명"].split("\n")[0][:20] not in text:
                    raise ExportError(_("The HWPX form of entry %(n)s lost its text.") % {"n": entry.number})
                files.add(entry.pk, document, f"{item.folder}/{base}.hwpx")
                files.add(
                    entry.pk, renderer.render(pdf_data(values, contest=contest.name)), f"{item.folder}/{base}.pdf"
                )
                progress(n, len(items))
        files.save()
        return ExportReport(items=len(items))

    def assemble(self, subject, folders, out, progress):
        contest = subject.contest
        items = contest_entries(contest)
        forms = {e.pk: e for e in Entry.objects.filter(pk__in=[i.entry.pk for i in items]).select_related("form")}
        with tempfile.TemporaryDirectory(prefix="ministry-") as work:
            bundle = ZipBundle()
            self._stream(bundle, items, PartFiles.load(folders))
            index = os.path.join(work, "index.xlsx")
            with XlsxBook(index) as book:
                sheet = book.sheet(_("Index"), widths=[8, 40, 20, 20, 30, 12])
                sheet.append([_("Entry number"), "사례명", "기관명", "부서", _("Folder"), _("Attachments")], bold=True)
                for item in items:
                    values = form_values(forms[item.entry.pk])
                    sheet.append(
                        [
                            item.entry.number,
                            values["사례명"],
                            values.get("기관명", ""),
                            values.get("부서", ""),
                            item.folder,
                            len(item.attachments),
                        ]
                    )
            bundle.add_path(index, f"{safe_name(contest.name)} {_('Index')}.xlsx")
            bundle.write(out, progress, 0, len(items))
        return ExportReport(missing=bundle.missing)
