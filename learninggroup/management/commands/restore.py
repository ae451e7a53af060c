"""manage.py restore ARCHIVE: bring a backup back into an empty database and MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from learninggroup.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty PostgreSQL database and MEDIA_ROOT; "
        "checks the checksum first and every table's row count afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar archive (its .sha256 must lie beside it).")
        parser.add_argument(
            "--db-name",
            default="",
            help="Restore into this database on the same server instead of the configured one (a restore drill).",
        )
        parser.add_argument("--media-root", default="", help="Write the files here instead of MEDIA_ROOT.")

    def handle(self, *args, **options):
        db = connections["default"].settings_dict
        media_root = Path(options["media_root"] or settings.MEDIA_ROOT)
        try:
            result = backup_restore(
                archive=Path(options["archive"]), db=db, media_root=media_root, database=options["db_name"] or None
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(result.tables.values())
        self.stdout.write(
            f"restored into {result.database}: {len(result.tables)} tables, {rows:,} rows, "
            f"{result.files} files into {media_root}"
        )
        if result.mismatches:
            raise CommandError("The restore does not match the backup:\n" + "\n".join(result.mismatches))
        self.stdout.write("every table's row count and every file match the backup")
