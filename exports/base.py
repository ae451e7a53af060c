"""The exporter interface (pretalx's BaseExporter without the request and the in-memory file).

An exporter is a class with a few attributes and one method, `write(subject, out, progress)`,
which streams the file into `out` (a binary file object), calls `progress(done, total)` as it
goes and returns an `ExportReport` (what was missing, notes for the job page). `subject` is an
`ExportSubject`: the cohort, and for contest exports the contest, plus the job's options.
The same class runs in the Celery task, in `manage.py export` and in the tests.
"""

from __future__ import annotations

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
