"""What both contest bundles share: the entries with their folders, frozen attachments and members, the
ZIP they are streamed into (zipstream-ng: constant memory, Korean names with the UTF-8 flag, stored members,
exact length in advance), the parts' generated files, and the results workbook of the internal bundle.

A file missing in storage is listed in `누락된 파일.txt` inside the ZIP and in the job's report, never dropped
silently. Members are stored, not deflated: what organizers bundle (slides, HWPX, PDF, images, video, ZIPs)
is compressed already, and a stored stream knows its exact length in advance (sized), so progress is exact.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from contests.models import Entry, EntryStatus, Score, SheetStatus
from contests.selectors import contest_results
from learninggroup.xlsx import XlsxBook
from submissions.models import SUBMISSION_FIELDS, Attachment
from teams.models import TeamMembership

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


def active_entries(contest):
    return Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE)


def entry_keys(contest) -> list[int]:
    """The active entries' keys in entry-number order: what a contest bundle's batches split."""
    return list(active_entries(contest).order_by("number").values_list("pk", flat=True))


def entry_folders(contest) -> dict[int, str]:
    """Each active entry's folder, `001 팀이름`, unique in the bundle (computed over every entry, so a
    batch of entries names its folders as the whole bundle does)."""
    used: set[str] = set()
    folders = {}
    for pk, number, team in active_entries(contest).order_by("number").values_list("pk", "number", "team__name"):
        folder = safe_name(f"{number:03d} {team}", 50)
        while folder in used:
            folder += "_"
        used.add(folder)
        folders[pk] = folder
    return folders


def contest_entries(contest, pks: list[int] | None = None) -> list[EntryFiles]:
    """Active entries (all, or those of `pks`) in number order with their frozen attachments and the
    team's members (four queries)."""
    entries = active_entries(contest)
    if pks is not None:
        entries = entries.filter(pk__in=pks)
    entries = (
        entries.select_related("team", "revision", "submission")
        .prefetch_related(
            Prefetch("revision__attachments", queryset=Attachment.objects.order_by("kind", "created_at", "pk")),
            Prefetch(
                "team__members",
                queryset=TeamMembership.objects.select_related("membership__user").order_by("membership__user__name"),
            ),
        )
        .order_by("number")
    )
    folders = entry_folders(contest)
    return [
        EntryFiles(entry, folders[entry.pk], list(entry.revision.attachments.all()), list(entry.team.members.all()))
        for entry in entries
    ]


class PartFiles:
    """The files a batch generates for its entries, kept in the part's folder with a manifest that says
    which ZIP name each has: `add` while rendering, `save` at the end; `load` reads every part back."""

    MANIFEST = "manifest.json"

    def __init__(self, folder: str):
        self.folder = folder
        self.files: dict[str, list[list[str]]] = {}

    def add(self, entry_pk: int, data: bytes, arcname: str) -> None:
        listed = self.files.setdefault(str(entry_pk), [])
        name = f"{entry_pk}-{len(listed)}"
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(data)
        listed.append([arcname, name])

    def save(self) -> None:
        with open(os.path.join(self.folder, self.MANIFEST), "w", encoding="utf-8") as handle:
            json.dump(self.files, handle, ensure_ascii=False)

    @classmethod
    def load(cls, folders: list[str]) -> dict[int, list[tuple[str, str]]]:
        """entry pk → [(ZIP name, path on disk)] over every part."""
        found: dict[int, list[tuple[str, str]]] = {}
        for folder in folders:
            with open(os.path.join(folder, cls.MANIFEST), encoding="utf-8") as handle:
                for pk, listed in json.load(handle).items():
                    found[int(pk)] = [(arcname, os.path.join(folder, name)) for arcname, name in listed]
        return found


class ZipBundle:
    """Collects the ZIP's members; files on disk are streamed from disk, generated ones from memory or a
    temporary file, and missing attachments are recorded."""

    def __init__(self):
        import zipstream  # noqa: PLC0415 -- slow import

        self.zip = zipstream.ZipStream(sized=True, compress_type=zipfile.ZIP_STORED)
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

    def write(self, out, progress, start: int, total: int) -> None:
        """Stream the ZIP into `out`, progress running from `start` to `total` with the bytes written."""
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
