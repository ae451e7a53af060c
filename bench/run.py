"""The benchmark (`make bench`): every `bench/bench_*.py` against PostgreSQL, one table at the end.

    .venv/bin/python bench/run.py [NAME ...]     # NAME: run only bench_NAME.py

The database comes from DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/bench. It is
dropped and created afresh at every run so that runs compare, so its name must contain "bench".
Tasks run eagerly and e-mail stays in memory; DEBUG is off, as in production.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project, not bench/, is the import root: `import bench.harness`

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def reset_database(url: str) -> str:
    """Drop and create the database the URL names (connecting to the `postgres` database)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        fail(f"the benchmark runs on PostgreSQL; DATABASE_URL is {parts.scheme}://…")
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        fail(f"the benchmark drops and re-creates its database; use one whose name contains 'bench', not {name!r}")
    try:
        with psycopg.connect(
            host=parts.hostname or None,
            port=parts.port or 5432,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            version = connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as exc:
        fail(f"cannot prepare the database {name!r}: {exc}")
    return version


def set_up_django(url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="learninggroup.settings",
        DJANGO_ENV="development",  # no https redirect for the test client; DEBUG is turned off below
        DEBUG="false",
        DATABASE_URL=url,
        EMAIL_URL="memorymail://",  # django.core.mail.backends.locmem: nothing printed or sent
        LOG_LEVEL="WARNING",
    )
    # The load benchmark (bench_load.py) runs real servers on Redis: it takes BENCH_REDIS_URL, else REDIS_URL.
    os.environ.setdefault("BENCH_REDIS_URL", os.environ.get("REDIS_URL", ""))
    os.environ.pop("REDIS_URL", None)  # eager tasks and the in-memory cache: the same run on every machine

    # whitenoise: STATIC_ROOT exists only after collectstatic, which the benchmark does not need
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.core.management import call_command

    django.setup()

    from learninggroup import celery_app

    celery_app.conf.task_always_eager = True
    call_command("migrate", interactive=False, verbosity=0)


def discover(names: list[str]) -> list[str]:
    found = sorted(path.stem for path in (ROOT / "bench").glob("bench_*.py"))
    if not names:
        return found
    wanted = [f"bench_{name.removeprefix('bench_')}" for name in names]
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        fail(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(found)})")
    return wanted


def main(argv: list[str]) -> int:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    modules = discover(argv)
    started = time.perf_counter()
    server_version = reset_database(url)
    set_up_django(url)

    from django.core.management import call_command

    from bench.harness import render_table

    rows = []
    for name in modules:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        call_command("flush", interactive=False, verbosity=0)  # each module starts from an empty database
        module = importlib.import_module(f"bench.{name}")
        rows.extend(module.benchmarks())

    import django

    print()
    print(render_table(rows))
    print()
    print(
        f"PostgreSQL {server_version} · Python {platform.python_version()} · Django {django.get_version()} · "
        f"{os.cpu_count()} CPUs · whole run {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
