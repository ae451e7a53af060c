"""Contest bundles (ZIP, streamed with zipstream-ng in constant memory, Korean names with the UTF-8 flag):

- the internal contest bundle: an XLSX with one row per entry and a sheet of every score (judges as
  심사위원 1…n unless the organizer chooses names), and per entry a folder with its frozen attachments and
  the entry's PDF;
- the Ministry bundle: per entry the entry form (참가신청서 + 원고) as HWPX, filled into the contest's 서식 or
  the default one, and as PDF, its attachments, and an XLSX index.

A file missing in storage is listed in `누락된 파일.txt` inside the ZIP and in the job's report, never dropped
silently. Members are stored, not deflated: what organizers bundle (slides, HWPX, PDF, images, video, ZIPs)
is compressed already, and a stored stream knows its exact length in advance (sized), so progress is exact.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.models import Entry, EntryStatus, Score, SheetStatus
from contests.selectors import contest_results
from learninggroup.xlsx import XlsxBook
from submissions.models import SUBMISSION_FIELDS, Attachment
from teams.models import TeamMembership

from ..base import Exporter, ExportReport, ExportSubject
from ..entryform import pdf_data
from ..hwpx import DEFAULT_ENTRY_FORM, HwpxTemplate, HwpxTemplateError, read_back_quick
from ..models import ContestFormTemplate
from ..pdf import PdfRenderer
from ..services import ExportError

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_name(name: str, limit: int = 60) -> str:
    """A file or folder name Windows accepts, NFC-normalized Korean kept, short."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name or "")).strip(" .")
    stem, extension = os.path.splitext(cleaned)
    if len(extension) > 10:
        stem, extension = cleaned, ""
    return (stem[: limit - len(extension)].rstrip(" .") or "_") + extension


@dataclass
class EntryFiles:
    entry: Entry
    folder: str
    attachments: list[Attachment] = field(default_factory=list)
    members: list[TeamMembership] = field(default_factory=list)

    @property
    def member_names(self) -> str:
        return ", ".join(m.membership.user.name for m in self.members)

    @property
    def departments(self) -> str:
        return ", ".join(dict.fromkeys(m.membership.department for m in self.members if m.membership.department))


def contest_entries(contest) -> list[EntryFiles]:
    """Active entries in number order with their frozen attachments and the team's members (three queries)."""
    entries = list(
        Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE)
        .select_related("team", "revision", "submission")
        .prefetch_related(
            Prefetch("revision__attachments", queryset=Attachment.objects.order_by("kind", "created_at", "pk")),
            Prefetch(
                "team__members",
                queryset=TeamMembership.objects.select_related("membership__user").order_by("membership__user__name"),
            ),
        )
        .order_by("number")
    )
    used: set[str] = set()
    result = []
    for entry in entries:
        folder = safe_name(f"{entry.number:03d} {entry.team.name}", 50)
        while folder in used:
            folder += "_"
        used.add(folder)
        result.append(EntryFiles(entry, folder, list(entry.revision.attachments.all()), list(entry.team.members.all())))
    return result


class _Bundle:
    """Collects the ZIP's members; files on disk are streamed from disk, generated ones from memory or a
    temporary file, and missing attachments are recorded."""

    def __init__(self, work: str):
        import zipstream  # noqa: PLC0415 -- slow import

        self.zip = zipstream.ZipStream(sized=True, compress_type=zipfile.ZIP_STORED)
        self.work = work
        self.missing: list[str] = []
        self.names: set[str] = set()

    def unique(self, arcname: str) -> str:
        stem, extension = os.path.splitext(arcname)
        candidate, n = arcname, 2
        while candidate.lower() in self.names:
            candidate = f"{stem} ({n}){extension}"
            n += 1
        self.names.add(candidate.lower())
        return candidate

    def add_bytes(self, data: bytes, arcname: str) -> None:
        self.zip.add(data, self.unique(arcname))

    def add_path(self, path: str, arcname: str) -> None:
        self.zip.add_path(path, self.unique(arcname), recurse=False)

    def add_attachment(self, attachment: Attachment, folder: str, label: str) -> None:
        name = attachment.file.name
        path = default_storage.path(name) if name else ""
        if not name or not os.path.isfile(path):
            self.missing.append(f"{label}: {attachment.original_name}")
            return
        self.add_path(path, f"{folder}/{safe_name(attachment.original_name, 80)}")

    def temp_path(self, name: str) -> str:
        return os.path.join(self.work, name)

    def write(self, out, progress, start: int, total: int) -> None:
        if self.missing:
            text = _("These files were missing in storage and are not in this bundle:") + "\n"
            text += "\n".join(f"- {m}" for m in self.missing) + "\n"
            self.add_bytes(("\ufeff" + text).encode("utf-8"), _("Missing files") + ".txt")
        size = len(self.zip)
        written = 0
        for chunk in self.zip:
            out.write(chunk)
            written += len(chunk)
            progress(start + (total - start) * written // max(size, 1), total)


def _snapshot(entry: Entry) -> dict:
    return (entry.revision.snapshot or {}).get("fields", {})


def entry_pdf_data(item: EntryFiles, contest_name: str) -> dict:
    fields = _snapshot(item.entry)
    labels = {
        "title": _("Title"),
        "summary": _("One-line summary"),
        "background": _("Problem and background"),
        "description": _("What the prototype does"),
        "beneficiaries": _("Citizens or staff served"),
        "expected_effect": _("Expected effect"),
        "ai_tools": _("AI tools and models used"),
        "demo_url": _("Demo URL"),
        "source_url": _("Source URL"),
    }
    rows = [[_("Entry number"), str(item.entry.number)], [_("Team"), item.entry.team.name]]
    rows += [[_("Members"), item.member_names], [_("Departments"), item.departments]]
    rows += [[labels[name], fields.get(name, "")] for name in SUBMISSION_FIELDS if fields.get(name)]
    files = ", ".join(a.original_name for a in item.attachments) or "—"
    rows.append([_("Attachments"), files])
    return {"form_title": item.entry.title, "contest": contest_name, "fields": rows}


class InternalBundle(Exporter):
    identifier = "contest-internal-zip"
    verbose_name = gettext_lazy("Internal contest bundle (ZIP)")
    description = gettext_lazy(
        "Entries and every score as XLSX, and per entry its frozen attachments and a PDF of the entry."
    )
    extension = "zip"
    content_type = "application/zip"
    permission = "exports.export_contest"
    needs_contest = True
    offers_judge_names = True

    def file_name(self, subject: ExportSubject) -> str:
        return f"{subject.contest.name}.zip"

    def write(self, subject, out, progress):
        contest = subject.contest
        items = contest_entries(contest)
        total = len(items) * 2 + 2
        progress(0, total)
        with tempfile.TemporaryDirectory(prefix="bundle-") as work:
            bundle = _Bundle(work)
            xlsx = bundle.temp_path("entries.xlsx")
            scores_written = write_results_xlsx(
                contest, items, xlsx, judge_names=bool(subject.options.get("judge_names"))
            )
            bundle.add_path(xlsx, f"{safe_name(contest.name)} {_('Results')}.xlsx")
            progress(1, total)
            with PdfRenderer("entry.typ") as renderer:
                for index, item in enumerate(items, start=1):
                    label = f"{item.entry.number}. {item.entry.title}"
                    pdf = renderer.render(entry_pdf_data(item, contest.name))
                    bundle.add_bytes(pdf, f"{item.folder}/{safe_name(item.folder)}.pdf")
                    for attachment in item.attachments:
                        bundle.add_attachment(attachment, item.folder, label)
                    progress(1 + index, total)
            bundle.write(out, progress, 1 + len(items), total)
        report = ExportReport(items=len(items), missing=bundle.missing)
        report.notes.append(_("%(n)d scores in the score sheet.") % {"n": scores_written})
        return report


def write_results_xlsx(contest, items: list[EntryFiles], path: str, *, judge_names: bool) -> int:
    """Sheet 1: one row per entry with per-criterion means and the results; sheet 2: every score."""
    results = contest_results(contest=contest, charts_on=False)
    by_entry = {row.entry.pk: row for row in results.rows}
    criteria = [(rv.round, c) for rv in results.rounds for c in rv.round.criteria.all()]
    scores = list(
        Score.objects.filter(
            sheet__assignment__entry__contest=contest,
            sheet__assignment__entry__status=EntryStatus.ACTIVE,
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__is_shadow=False,
        )
        .select_related("criterion__round", "sheet__assignment__entry", "sheet__assignment__judge__user")
        .order_by("sheet__assignment__entry__number", "criterion__round__order", "criterion__order", "pk")
    )
    judges = sorted({s.sheet.assignment.judge for s in scores}, key=lambda m: m.pk)
    label = {
        judge.pk: (judge.user.name if judge_names else _("Judge %(n)d") % {"n": n})
        for n, judge in enumerate(judges, start=1)
    }
    sums: dict[tuple[int, int], list[float]] = defaultdict(list)
    for s in scores:
        if s.value is not None:
            sums[(s.sheet.assignment.entry_id, s.criterion_id)].append(float(s.value))
    final_label = _("Final (adjusted)") if results.order_by == "adjusted" else _("Final (raw)")
    with XlsxBook(path) as book:
        sheet = book.sheet(_("Entries"), widths=[8, 16, 24, 24, 30, 40])
        sheet.append(
            [_("Entry number"), _("Team"), _("Members"), _("Departments"), _("Title"), _("Summary")]
            + [f"{rnd.name} · {c.name}" for rnd, c in criteria]
            + [_("Raw score"), _("Adjusted score"), final_label, _("Rank"), _("Award")],
            bold=True,
        )
        for item in items:
            entry = item.entry
            row = by_entry.get(entry.pk)
            means = []
            for _rnd, c in criteria:
                values = sums.get((entry.pk, c.pk))
                means.append(round(sum(values) / len(values), 2) if values else None)
            final = None
            if row is not None:
                final = row.adjusted if results.order_by == "adjusted" else row.raw
            sheet.append(
                [
                    entry.number,
                    entry.team.name,
                    item.member_names,
                    item.departments,
                    entry.title,
                    _snapshot(entry).get("summary", ""),
                    *means,
                    _num(row.raw if row else None),
                    _num(row.adjusted if row else None),
                    _num(final),
                    row.rank_text if row and row.rank else "",
                    row.award.name if row and row.award else "",
                ]
            )
        sheet.freeze_header()
        detail = book.sheet(_("Scores"), widths=[8, 30, 14, 16, 20, 8, 40])
        detail.append(
            [_("Entry number"), _("Title"), _("Judge"), _("Round"), _("Criterion"), _("Points"), _("Comment")],
            bold=True,
        )
        for s in scores:
            entry = s.sheet.assignment.entry
            detail.append(
                [
                    entry.number,
                    entry.title,
                    label[s.sheet.assignment.judge_id],
                    s.criterion.round.name,
                    s.criterion.name,
                    _num(s.value),
                    s.comment,
                ]
            )
        detail.freeze_header()
    return len(scores)


def _num(value):
    return None if value is None else round(float(value), 2)


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


class MinistryBundle(Exporter):
    identifier = "contest-ministry-zip"
    verbose_name = gettext_lazy("Ministry contest bundle (HWPX + PDF)")
    description = gettext_lazy(
        "Per entry the entry form as HWPX (the contest's form or the default one) and as PDF, its attachments, "
        "and an XLSX index."
    )
    extension = "zip"
    content_type = "application/zip"
    permission = "exports.export_contest"
    needs_contest = True
    offers_form_template = True

    def file_name(self, subject: ExportSubject) -> str:
        return f"{subject.contest.name} 제출용.zip"

    def write(self, subject, out, progress):
        contest = subject.contest
        items = contest_entries(contest)
        forms = {e.pk: e for e in Entry.objects.filter(pk__in=[i.entry.pk for i in items]).select_related("form")}
        try:
            template = HwpxTemplate.load(contest_template(contest))
        except HwpxTemplateError as exc:
            raise ExportError(exc.args[0]) from exc
        total = len(items) * 2 + 2
        progress(0, total)
        with tempfile.TemporaryDirectory(prefix="ministry-") as work:
            bundle = _Bundle(work)
            index_rows = []
            with PdfRenderer("entry.typ") as renderer:
                for n, item in enumerate(items, start=1):
                    entry = forms[item.entry.pk]
                    values = form_values(entry)
                    label = f"{entry.number}. {entry.title}"
                    base = safe_name(f"{entry.number:03d} {values['사례명']}", 50)
                    document = template.fill_bytes(values)
                    text = read_back_quick(document)  # python-hwpx reads every produced form back
                    if values["사례명"] and values["사례명"].split("\n")[0][:20] not in text:
                        raise ExportError(_("The HWPX form of entry %(n)s lost its text.") % {"n": entry.number})
                    bundle.add_bytes(document, f"{item.folder}/{base}.hwpx")
                    pdf = renderer.render(pdf_data(values, contest=contest.name))
                    bundle.add_bytes(pdf, f"{item.folder}/{base}.pdf")
                    for attachment in item.attachments:
                        bundle.add_attachment(attachment, item.folder, label)
                    index_rows.append((entry, values, item))
                    progress(n, total)
            index = bundle.temp_path("index.xlsx")
            with XlsxBook(index) as book:
                sheet = book.sheet(_("Index"), widths=[8, 40, 20, 20, 30, 12])
                sheet.append([_("Entry number"), "사례명", "기관명", "부서", _("Folder"), _("Attachments")], bold=True)
                for entry, values, item in index_rows:
                    sheet.append(
                        [
                            entry.number,
                            values["사례명"],
                            values.get("기관명", ""),
                            values.get("부서", ""),
                            item.folder,
                            len(item.attachments),
                        ]
                    )
            bundle.add_path(index, f"{safe_name(contest.name)} {_('Index')}.xlsx")
            bundle.write(out, progress, len(items) + 1, total)
        return ExportReport(items=len(items), missing=bundle.missing)
