"""`manage.py export EXPORTER --cohort N [--contest N] --out DIR`: run an exporter here and now, with a
progress bar; `manage.py export --list` prints the exporters, one a line."""

from __future__ import annotations

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from learninggroup.models import Cohort

from ...registry import exporter_class, exporters
from ...services import ExportError, export_run_sync, subject_for


class Bar:
    """A terminal progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.last = stream, width, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        filled = self.width * done // total if total else 0
        percent = f"{done * 100 // total:3d} %" if total else "  … "
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent} {done}/{total or '?'}")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Run an export synchronously into a folder (the same exporter the web page's job runs)."

    def add_arguments(self, parser):
        parser.add_argument("exporter", nargs="?", help="exporter identifier (see --list)")
        parser.add_argument("--list", action="store_true", help="print the exporter identifiers and stop")
        parser.add_argument("--cohort", type=int, help="cohort id")
        parser.add_argument("--contest", type=int, help="contest id (exports marked (contest) need it)")
        parser.add_argument("--out", default=".", help="folder to write the file into (default: here)")

    def handle(self, *args, **options):
        if options["list"]:
            for identifier, cls in exporters().items():
                self.stdout.write(identifier + (" (contest)" if cls.needs_contest else ""))
            return
        identifier = options["exporter"]
        if not identifier:
            raise CommandError("name an exporter, or use --list")
        cls = exporter_class(identifier)
        if cls is None:
            raise CommandError(f"no exporter {identifier!r}; see `manage.py export --list`")
        cohort = Cohort.objects.select_related("organization").filter(pk=options["cohort"]).first()
        if cohort is None:
            raise CommandError("--cohort: no such cohort")
        parameters = {"contest": options["contest"]} if cls.needs_contest else {}
        translation.activate("ko")
        timezone.activate(cohort.zone)
        try:
            subject = subject_for(cohort=cohort, exporter_cls=cls, parameters=parameters)
        except ExportError as exc:
            raise CommandError(f"--contest: {exc.message}") from exc
        folder = options["out"]
        os.makedirs(folder, exist_ok=True)
        name = cls().file_name(subject).replace("/", "_").replace(os.sep, "_")
        path = os.path.join(folder, name)
        partial = path + ".partial"
        bar = Bar(sys.stderr)
        try:
            with open(partial, "wb") as out:
                report = export_run_sync(
                    cohort=cohort, identifier=identifier, parameters=parameters, out=out, progress=bar
                )
            os.replace(partial, path)
        except ExportError as exc:
            raise CommandError(exc.message) from exc
        finally:
            bar.finish()
            if os.path.exists(partial):
                os.remove(partial)
        self.stdout.write(path)
        for item in report.missing:
            self.stderr.write(f"missing: {item}")
        for note in report.notes:
            self.stderr.write(note)
