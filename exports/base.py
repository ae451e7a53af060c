"""The exporter interface (pretalx's BaseExporter without the request and the in-memory file).

An exporter is a class with a few attributes and one method, `write(subject, out, progress)`,
which streams the file into `out` (a binary file object), calls `progress(done, total)` as it
goes and returns an `ExportReport` (what was missing, notes for the job page). `subject` is an
`ExportSubject`: the cohort, and for contest exports the contest, plus the job's options.
The same class runs in the Celery task, in `manage.py export` and in the tests.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from learninggroup.models import Cohort

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """A progress callback that ignores what it is told."""


@dataclass
class ExportSubject:
    cohort: Cohort
    contest: Any = None  # contests.models.Contest for contest exports
    options: dict = field(default_factory=dict)
    user: Any = None  # who asked (None from the command line)


@dataclass
class ExportReport:
    items: int = 0  # what the file holds: entries, people, prompts …
    missing: list[str] = field(default_factory=list)  # files missing in storage, listed, never silently dropped
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"items": self.items, "missing": list(self.missing), "notes": list(self.notes)}

    @classmethod
    def from_json(cls, data: dict) -> ExportReport:
        return cls(int(data.get("items", 0)), list(data.get("missing", [])), list(data.get("notes", [])))

    def add(self, other: ExportReport) -> None:
        self.items += other.items
        self.missing += other.missing
        self.notes += [note for note in other.notes if note not in self.notes]


class Exporter:
    identifier: ClassVar[str]  # stable, used in URLs, jobs and `manage.py export`
    verbose_name: ClassVar[str]  # what organizers read (lazy translation)
    description: ClassVar[str] = ""
    extension: ClassVar[str]  # "zip", "pdf", "xlsx", "hwpx", "md"
    content_type: ClassVar[str]
    permission: ClassVar[str] = "exports.export_contest"  # a rules permission over the cohort
    needs_contest: ClassVar[bool] = False
    personal_data: ClassVar[bool] = True  # downloads are logged with a reason

    def file_name(self, subject: ExportSubject) -> str:
        """The name the browser saves the file as (Korean is fine; the header is RFC 5987 encoded)."""
        base = subject.contest.name if subject.contest is not None else subject.cohort.name
        return f"{base} {self.verbose_name}.{self.extension}"

    def total(self, subject: ExportSubject) -> int:
        """A first estimate of the work, for the progress bar before `write` starts (0: unknown)."""
        return 0

    def write(self, subject: ExportSubject, out: IO[bytes], progress: Progress) -> ExportReport:
        raise NotImplementedError


class BatchExporter(Exporter):
    """An exporter whose work is per item (entry, certificate …) and can be split into batches.

    `plan` lists the items' keys (JSON values, in the file's order); `write_part` renders a batch of them
    into files in a folder of its own; `assemble` builds the final file from the parts' folders, in order.
    One worker runs all three in `write` (one part holding every key). With several workers, the job
    runs each batch of `batch_size` keys as a task of its own on the `exports` queue and the last batch to
    finish starts the assembly (exports/batches.py), if the installation says so (`EXPORT_SPLIT`).
    Progress: the parts count their items, the assembly counts the items again as it puts them in the
    file, so a job's total is twice the items plus one.
    """

    batch_size: ClassVar[int] = 100
    planned: list | None = None  # the keys, when the job already planned them and chose not to split

    def plan(self, subject: ExportSubject) -> list:
        raise NotImplementedError

    def write_part(self, subject: ExportSubject, keys: list, folder: str, progress: Progress) -> ExportReport:
        raise NotImplementedError

    def assemble(self, subject: ExportSubject, folders: list[str], out: IO[bytes], progress: Progress) -> ExportReport:
        raise NotImplementedError

    def write(self, subject: ExportSubject, out: IO[bytes], progress: Progress) -> ExportReport:
        """The whole export in this process: one part holding every key, then the assembly. (Batches one
        after another would save no memory, Typst keeps its layouts for the process's life, and would add
        the join of the parts: 13 s of CPU for 8,500 certificates.)"""
        keys = self.planned if self.planned is not None else self.plan(subject)
        total = 2 * len(keys) + 1
        progress(0, total)
        with tempfile.TemporaryDirectory(prefix="export-part-") as folder:
            report = self.write_part(subject, keys, folder, lambda done, _n: progress(done, total))
            assembled = self.assemble(subject, [folder], out, lambda done, _n: progress(len(keys) + done, total))
        progress(total, total)
        report.add(assembled)
        return report
