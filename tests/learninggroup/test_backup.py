"""manage.py backup and restore on PostgreSQL: make data, back up, restore into a fresh database, compare."""

import datetime as dt
import hashlib
import io
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from learninggroup.audit.models import AccessLog
from learninggroup.backup import _conninfo, _safe_media_path, archive_name, backup_prune, table_counts
from learninggroup.models import Membership

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are PostgreSQL dumps")


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _backup(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", dir=str(directory), keep_days=0, stdout=out)
    archives = sorted(directory.glob("learninggroup-*.tar"))
    assert len(archives) == 1, out.getvalue()
    return archives[0]


def test_a_backup_restored_into_a_fresh_database_has_every_row_and_file(
    transactional_db, tmp_path, settings, fresh_database
):
    call_command("seed_demo", stdout=io.StringIO())
    files = {
        "submissions/7/민원 분류 챗봇 시연.pdf": b"%PDF-1.4 demo " * 500,
        "exports/2025/attendance-1.xlsx": bytes(range(256)) * 40,
        "certificates/seals/seal.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048,
    }
    for name, data in files.items():
        default_storage.save(name, ContentFile(data))
    before = _source_counts()
    assert before["learninggroup_membership"] == Membership.objects.count() > 0
    assert before["learning_sessions_attendance"] > 0

    archive = _backup(tmp_path / "backups")

    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(archive), db_name=fresh_database, media_root=str(restored_media), stdout=out)
    with psycopg.connect(_conninfo(connection.settings_dict, fresh_database)) as restored, restored.cursor() as cursor:
        after = table_counts(cursor)
        cursor.execute("SELECT email FROM learninggroup_user WHERE email = 'organizer1@busan.example'")
        assert cursor.fetchone() == ("organizer1@busan.example",)
        # the append-only trigger came back with the data
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_accesslog_append_only'")
        assert cursor.fetchone() == (1,)

    assert after == before
    assert "every table's row count and every file match the backup" in out.getvalue()
    media = Path(settings.MEDIA_ROOT)
    for relative in files:
        assert _sha256(restored_media / relative) == _sha256(media / relative)
    # the backup itself is in the access log (after the snapshot, so not inside the archive)
    assert AccessLog.objects.filter(action="backup").count() == 1
    assert Path(f"{archive}.sha256").read_text() == f"{_sha256(archive)}  {archive.name}\n"


def test_restore_refuses_a_database_that_has_tables(transactional_db, tmp_path):
    archive = _backup(tmp_path)
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(archive), media_root=str(tmp_path / "m"), stdout=io.StringIO())


def test_a_damaged_archive_is_refused_before_anything_is_written(transactional_db, tmp_path, fresh_database):
    archive = _backup(tmp_path)
    with open(archive, "r+b") as handle:
        handle.seek(2000)
        handle.write(b"tampered")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(archive), db_name=fresh_database, media_root=str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()


def test_archive_members_outside_media_are_refused(tmp_path):
    root = tmp_path / "media"
    assert _safe_media_path("media/a/b.pdf", root) == root / "a" / "b.pdf"
    for bad in ("media/../../etc/passwd", "/media/x", "database.dump", "media"):
        assert _safe_media_path(bad, root) is None


def test_old_archives_are_pruned_but_the_newest_always_stays(tmp_path):
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    names = [archive_name(now - dt.timedelta(days=d)) for d in (100, 40, 1)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        (tmp_path / f"{name}.sha256").write_text("x")

    removed = backup_prune(directory=tmp_path, keep_days=35, now=now)

    assert [p.name for p in removed] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == [names[2], f"{names[2]}.sha256"]
    assert backup_prune(directory=tmp_path, keep_days=35, now=now + dt.timedelta(days=400)) == []


def test_the_archive_holds_the_manifest_the_dump_and_the_files(transactional_db, tmp_path):
    default_storage.save("submissions/1/a.txt", ContentFile(b"hello"))
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[:2] == ["manifest.json", "database.dump"]
    assert names[2:] == ["media/submissions/1/a.txt"]
