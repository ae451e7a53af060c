"""Backups: one dated archive holding a consistent PostgreSQL dump and the media files, with a checksum.

The archive (``learninggroup-YYYYMMDD-HHMMSSZ.tar``) holds

- ``database.dump``: ``pg_dump --format=custom`` taken on an exported snapshot, so it is one consistent
  moment of the database while the platform keeps running;
- ``media/…``: every file under MEDIA_ROOT (uploads, export files, certificate seals);
- ``manifest.json``: when, the server and client versions, each table's row count *in the same snapshot*,
  and every media file's size and SHA-256.

Beside it, ``<archive>.sha256`` (the ``sha256sum`` format) lets anyone check the archive before restoring.
Media files are written once and never changed in place, so copying them after the snapshot is safe: a
file the dump refers to already exists; a file newer than the snapshot is harmless extra.

Restoring (:func:`backup_restore`) checks the checksum, refuses a database that has tables, runs
``pg_restore`` in one transaction, writes the files back (checking each SHA-256) and compares every table's
row count with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import sql

from .errors import DomainError

ARCHIVE_PREFIX = "learninggroup-"
ARCHIVE_PATTERN = re.compile(r"^learninggroup-(\d{8})-(\d{6})Z\.tar$")
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(DomainError):
    """A backup or restore that cannot be done; the message says why."""


@dataclass
class BackupResult:
    archive: Path
    checksum: str
    tables: dict[str, int]
    files: int
    bytes: int


@dataclass
class RestoreResult:
    database: str
    tables: dict[str, int]
    files: int
    mismatches: list[str] = field(default_factory=list)


# Connections -----------------------------------------------------------------------------------------


def _conninfo(db: dict, name: str | None = None) -> str:
    parts = {
        "dbname": name or db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _require_postgresql(db: dict) -> None:
    if db.get("ENGINE") != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://…); SQLite is for local trials only.")


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program (PG_BIN_DIR first, then PATH)."""
    found = shutil.which(name, path=os.environ.get("PG_BIN_DIR") or None) or shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not available: install postgresql-client.")
    return found


def _tool_major(tool: str) -> int:
    try:
        out = subprocess.run([_tool(tool), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(f"{tool} is not available: install postgresql-client ({exc}).") from exc
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    if not match:
        raise BackupError(f"Cannot read the version of {tool}: {out!r}")
    return int(match.group(1))


def _check_client(tool: str, server_major: int) -> int:
    major = _tool_major(tool)
    if major < server_major:
        raise BackupError(
            f"{tool} {major} is older than the PostgreSQL server {server_major}; "
            f"install postgresql-client-{server_major} (an older client cannot read a newer server)."
        )
    return major


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


# Writing ------------------------------------------------------------------------------------------------


class _HashingWriter(io.RawIOBase):
    """A write-only file that hashes what passes through it."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.target.write(data)
        return len(data)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def archive_name(now: dt.datetime) -> str:
    return f"{ARCHIVE_PREFIX}{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}Z.tar"


def backup_create(*, directory: Path, db: dict, media_root: Path, now: dt.datetime | None = None) -> BackupResult:
    """Write one archive into ``directory`` (and its ``.sha256``); see the module docstring."""
    _require_postgresql(db)
    now = now or dt.datetime.now(dt.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / archive_name(now)
    if final.exists():
        raise BackupError(f"{final} exists already.")
    with psycopg.connect(_conninfo(db), autocommit=False) as conn, conn.cursor() as cursor:
        server_major = conn.info.server_version // 10000
        dump_major = _check_client("pg_dump", server_major)
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        counts = table_counts(cursor)
        with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as scratch:
            dump = Path(scratch) / "database.dump"
            result = subprocess.run(  # noqa: S603
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    "--dbname",
                    db["NAME"],
                ],
                env=_pg_env(db),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
            conn.rollback()  # the snapshot is no longer needed
            files = _media_files(media_root)
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": now.isoformat(),
                "database": db["NAME"],
                "server_version": server_version,
                "pg_dump_major": dump_major,
                "database_sha256": _sha256_of(dump),
                "tables": counts,
                "files": [
                    {"path": p.relative_to(media_root).as_posix(), "size": p.stat().st_size, "sha256": _sha256_of(p)}
                    for p in files
                ],
            }
            partial = directory / (final.name + ".partial")
            with open(partial, "wb") as raw:
                writer = _HashingWriter(raw)
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                    info = tarfile.TarInfo("manifest.json")
                    info.size = len(data)
                    info.mtime = int(now.timestamp())
                    tar.addfile(info, io.BytesIO(data))
                    tar.add(dump, arcname="database.dump")
                    for path in files:
                        tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}", recursive=False)
                raw.flush()
                os.fsync(raw.fileno())
            checksum = writer.sha256.hexdigest()
            partial.rename(final)
    Path(f"{final}.sha256").write_text(f"{checksum}  {final.name}\n")
    return BackupResult(
        archive=final,
        checksum=checksum,
        tables=counts,
        files=len(manifest["files"]),
        bytes=final.stat().st_size,
    )


def backup_prune(*, directory: Path, keep_days: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete archives (and their checksums) older than ``keep_days``; the newest one always stays."""
    now = now or dt.datetime.now(dt.UTC)
    archives = []
    for path in directory.glob(f"{ARCHIVE_PREFIX}*.tar"):
        match = ARCHIVE_PATTERN.match(path.name)
        if match:
            made = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
            archives.append((made, path))
    archives.sort()
    removed = []
    for made, path in archives[:-1]:
        if now - made > dt.timedelta(days=keep_days):
            path.unlink()
            Path(f"{path}.sha256").unlink(missing_ok=True)
            removed.append(path)
    return removed


# Reading ------------------------------------------------------------------------------------------------


def backup_verify(archive: Path) -> dict:
    """Check the archive against its ``.sha256`` and return its manifest."""
    sidecar = Path(f"{archive}.sha256")
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    if not sidecar.is_file():
        raise BackupError(f"{sidecar} is missing: the archive cannot be checked.")
    expected = sidecar.read_text().split()[0].strip().lower()
    if _sha256_of(archive) != expected:
        raise BackupError(f"{archive.name} does not match its checksum: it is damaged or was changed.")
    with tarfile.open(archive, mode="r:") as tar:
        member = tar.getmember("manifest.json")
        manifest = json.loads(tar.extractfile(member).read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_media_path(name: str, media_root: Path) -> Path | None:
    """The destination of an archive member under media/, or None when it would leave MEDIA_ROOT."""
    posix = PurePosixPath(name)
    if posix.is_absolute() or ".." in posix.parts or len(posix.parts) < 2 or posix.parts[0] != "media":
        return None
    return media_root.joinpath(*posix.parts[1:])


def backup_restore(*, archive: Path, db: dict, media_root: Path, database: str | None = None) -> RestoreResult:
    """Restore ``archive`` into an empty database (``database``, or the configured one) and MEDIA_ROOT."""
    _require_postgresql(db)
    manifest = backup_verify(archive)
    target = database or db["NAME"]
    with psycopg.connect(_conninfo(db, target), autocommit=True) as conn, conn.cursor() as cursor:
        server_major = conn.info.server_version // 10000
        existing = _tables(cursor)
    if existing:
        raise BackupError(
            f"The database {target} is not empty ({len(existing)} tables). Restore into a new, empty database."
        )
    _check_client("pg_restore", max(server_major, int(manifest.get("pg_dump_major") or 0)))
    expected_files = {f["path"]: f for f in manifest["files"]}
    written = 0
    with tempfile.TemporaryDirectory(prefix=".restore-") as scratch, tarfile.open(archive, mode="r:") as tar:
        dump = Path(scratch) / "database.dump"
        with tar.extractfile("database.dump") as source, open(dump, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256_of(dump) != manifest["database_sha256"]:
            raise BackupError("The database dump inside the archive does not match the manifest.")
        result = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                target,
                str(dump),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        for member in tar:
            if not member.name.startswith("media/"):
                continue
            destination = _safe_media_path(member.name, media_root)
            relative = member.name.removeprefix("media/")
            if destination is None or not member.isfile() or relative not in expected_files:
                raise BackupError(f"The archive holds an unexpected entry: {member.name!r}")
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, open(destination, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected_files[relative]["sha256"]:
                raise BackupError(f"{relative} does not match the manifest.")
            written += 1
    with psycopg.connect(_conninfo(db, target), autocommit=True) as conn, conn.cursor() as cursor:
        counts = table_counts(cursor)
    mismatches = [
        f"{table}: {counts.get(table)} rows, {expected} in the backup"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if written != len(expected_files):
        mismatches.append(f"{written} files restored, {len(expected_files)} in the backup")
    return RestoreResult(database=target, tables=counts, files=written, mismatches=mismatches)
