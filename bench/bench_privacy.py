"""Personal data: what the access log costs a page, the log's own page at scale, destruction, backups.

- The roster page of one cohort of 35, with the access log on, against the same page with the log's write
  turned off (the baseline), timed call by call in turn: the price of one INSERT (and its commit) per access.
- The organizer's access-log page and its CSV with 1,000 entries of the cohort, then with 200,000 entries
  spread over 50 cohorts (the baseline is the 1,000-entry page): the page must not grow with the log.
- The Busan pilot from `seed_demo` (42 people, ten sessions, teams, submissions, uploads): a person's own data
  as a ZIP, `purge_expired --dry-run`, and one real destruction of the cohort.
- `manage.py backup` of that database and `manage.py restore` into a fresh database (one run each).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

import psycopg
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.bench_foundation import populate_cohort
from bench.harness import QueryCounter, Row, Timing, measure
from learninggroup.audit.models import AccessLog
from learninggroup.backup import _conninfo
from learninggroup.models import Organization, User
from privacy.services import person_data_zip, purge_expired


def _get(client: Client, url: str):
    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    return get


def _timing(times: list[float], queries: int | None) -> Timing:
    times = sorted(times)
    deciles = statistics.quantiles(times, n=10, method="inclusive")
    return Timing(statistics.median(times), deciles[0], deciles[-1], "p10–p90", len(times), queries)


def interleaved(on, off, repeat: int = 40) -> tuple[Timing, Timing]:
    """Time two variants call by call in turn, so a busy machine slows both alike."""
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        on()
    on_queries, counter.count = counter.count, 0
    with mock.patch("learninggroup.audit.log.record_access"), connection.execute_wrapper(counter):
        off()
    times_on, times_off = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        on()
        times_on.append(time.perf_counter() - start)
        with mock.patch("learninggroup.audit.log.record_access"):
            start = time.perf_counter()
            off()
            times_off.append(time.perf_counter() - start)
    return _timing(times_on, on_queries), _timing(times_off, counter.count)


def _log_rows(cohort_ids: list[int], count: int, actor: User) -> None:
    now = timezone.now()
    batch = []
    for index in range(count):
        batch.append(
            AccessLog(
                at=now - dt.timedelta(minutes=index),
                actor_id=actor.pk,
                actor_label=f"{actor.name} <{actor.email}>",
                client_address=f"10.0.{index % 250}.{index % 200 + 1}",
                action=("view", "change", "download")[index % 3],
                dataset=("roster", "attendance", "attendance_matrix")[index % 3],
                cohort_id=cohort_ids[index % len(cohort_ids)],
                detail=f"q=김 page={index % 5 + 1}",
                path="/cohorts/1/roster/",
            )
        )
        if len(batch) == 5000:
            AccessLog.objects.bulk_create(batch)
            batch = []
    AccessLog.objects.bulk_create(batch)


def access_log_benchmarks() -> list[Row]:
    organization = Organization.objects.create(name="접속기록시", slug="bench-privacy")
    unusable = make_password(None)
    cohort, organizer = populate_cohort(organization, 901, unusable)
    client = Client()
    client.force_login(organizer)
    roster = reverse("cohort_roster", args=[cohort.pk])
    logged, unlogged = interleaved(_get(client, roster), _get(client, roster))
    rows = [
        Row(f"roster page, access log off ({unlogged.queries} queries)", "1 cohort × 35", unlogged, "< 200 ms"),
        Row(
            f"roster page, access log on ({logged.queries} queries)",
            "1 cohort × 35",
            logged,
            "< 200 ms",
            unlogged,
            "log off",
        ),
    ]
    page = reverse("access_log", args=[cohort.pk])
    export = reverse("access_log_csv", args=[cohort.pk])
    _log_rows([cohort.pk], 1000, organizer)
    small_page = measure(_get(client, page), repeat=20, warmup=2, count_queries=True)
    small_csv = measure(_get(client, export), repeat=5, warmup=1)
    others = [populate_cohort(organization, 910 + n, unusable)[0].pk for n in range(49)]
    _log_rows([cohort.pk, *others], 199_000, organizer)
    own = AccessLog.objects.filter(cohort_id=cohort.pk).count()
    large_page = measure(_get(client, page), repeat=20, warmup=2, count_queries=True)
    large_csv = measure(_get(client, export), repeat=5, warmup=1)
    filtered = measure(_get(client, page + "?person=%EA%B9%80&action=view&page=3"), repeat=20, warmup=2)
    rows += [
        Row(f"access-log page ({small_page.queries} queries)", "1,000 entries", small_page, "< 200 ms"),
        Row(
            f"access-log page ({large_page.queries} queries)",
            f"200,000 entries, {own:,} of the cohort",
            large_page,
            "< 200 ms",
            small_page,
            "1,000 entries",
        ),
        Row("access-log page, person + action filter, page 3", "200,000 entries", filtered, "< 500 ms"),
        Row("access-log CSV (streamed)", "1,000 entries", small_csv, "< 1 s"),
        Row("access-log CSV (streamed)", f"{own:,} entries of 200,000", large_csv, "< 5 s", small_csv, "1,000"),
    ]
    return rows


def pilot_benchmarks() -> list[Row]:
    call_command("seed_demo", stdout=io.StringIO())
    person = User.objects.get(email="participant05@busan.example")
    own = measure(lambda: person_data_zip(user=person), repeat=20, warmup=2, count_queries=True)
    today = dt.date(2099, 1, 1)  # every demo cohort is past its retention
    dry = measure(lambda: purge_expired(today=today, dry_run=True), repeat=5, warmup=1, count_queries=True)
    rows = [
        Row(f"my data ZIP ({own.queries} queries)", "the pilot's participant05", own, "< 500 ms"),
        Row(f"purge_expired --dry-run ({dry.queries} queries)", "Busan pilot (42 people)", dry, "< 5 s"),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        backup = measure(
            lambda: call_command("backup", dir=str(directory / "b"), keep_days=0, stdout=io.StringIO()),
            repeat=1,
            warmup=0,
        )
        archive = next((directory / "b").glob("*.tar"))
        size = archive.stat().st_size
        db = connection.settings_dict
        target = f"{db['NAME']}_restore"
        with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
            admin.execute(f'CREATE DATABASE "{target}"')
        try:
            restore = measure(
                lambda: call_command(
                    "restore", str(archive), db_name=target, media_root=str(directory / "m"), stdout=io.StringIO()
                ),
                repeat=1,
                warmup=0,
            )
        finally:
            with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    rows += [
        Row("manage.py backup (pg_dump + media + checksum)", f"pilot + 200,000 log entries, {size:,} B", backup),
        Row("manage.py restore into a fresh database", f"{size:,} B archive", restore),
    ]
    real = measure(lambda: purge_expired(today=today), repeat=1, warmup=0, count_queries=False)
    rows.append(Row("purge_expired (destroys the pilot)", "Busan pilot (42 people)", real, "< 10 s"))
    return rows


def benchmarks() -> list[Row]:
    return access_log_benchmarks() + pilot_benchmarks()
