"""manage.py backup: one dated archive of the database and the media files, with its checksum."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from learninggroup.audit.log import record_access
from learninggroup.backup import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = "Write a consistent PostgreSQL dump and the media files into one dated archive with a checksum."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BACKUP_DIR), help="Where archives go (BACKUP_DIR).")
        parser.add_argument(
            "--keep-days",
            type=int,
            default=settings.BACKUP_KEEP_DAYS,
            help="Delete archives older than this many days afterwards (BACKUP_KEEP_DAYS; 0 keeps everything).",
        )

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        db = connections["default"].settings_dict
        try:
            result = backup_create(directory=directory, db=db, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        record_access(
            None,
            action="backup",
            dataset="database_and_media",
            detail=f"{result.archive.name} sha256={result.checksum[:16]}… {result.files} files",
        )
        rows = sum(result.tables.values())
        self.stdout.write(
            f"{result.archive} ({result.bytes:,} bytes): {len(result.tables)} tables, {rows:,} rows, "
            f"{result.files} files; sha256 {result.checksum}"
        )
        if options["keep_days"] > 0:
            for removed in backup_prune(directory=directory, keep_days=options["keep_days"]):
                self.stdout.write(f"removed {removed.name} (older than {options['keep_days']} days)")
