"""The evening of a session, under load: real gunicorn, PostgreSQL, Redis and Celery on 127.0.0.1.

Gunicorn (the options and CONN_MAX_AGE of docker-compose.yml's web service, read from the file) and
two Celery workers run against the benchmark database and Redis; a scripted crowd talks HTTP to 127.0.0.1
only, on a fixed schedule, and stops by itself (each phase has a hard deadline). Per cohort of 40 participants:

- everyone logs in within one "minute" (GET the log-in page, POST, follow the redirects to their home);
- everyone checks in by the QR code within two "minutes", with the code the facilitator's QR page shows; the
  facilitator's page polls every 5 s (htmx) and the attendance sheet is reloaded every 15 s;
- one member of each of the 10 teams opens the submission and autosaves it every 5 s;
- the organizer opens the dashboard and the roster every 10 s and resends the 10 pending invitations (each a
  Celery task that sends a mail).

Phases: 1 cohort (40 people); 10 cohorts (400 people, a day of several cohorts); 10 other cohorts again with
one of the two Celery workers killed (SIGKILL) halfway. In real time, as the issue states it: the log-ins
within one minute, the check-ins within two (BENCH_TIME_SCALE=0.5 compresses both, as earlier runs did).
Errors are every answer other than 200/302 and every failed connection; they must be 0. After each phase the
database is checked: every check-in recorded, every autosave's version there, every resent invitation's mail
sent (the killed worker's task comes back after the Redis visibility timeout, 15 s here), and one JSON log line
per request.

Every browser fetches the static files of its first page once (then keeps them, as a browser's cache does):
whitenoise serves them from a collectstatic of the production storage (hashed names).

Password hashing is the production one (Argon2id, learninggroup/hashers.py): the crowd's log-ins pay what real
ones pay. A row times one password check with it and with the PBKDF2 it replaced.

Run a part: BENCH_LOAD_PHASES=40 (or 400, killed; comma-separated). Try another sizing without editing the
compose file: BENCH_WORKERS, BENCH_THREADS, BENCH_CONN_MAX_AGE, BENCH_TIME_SCALE.
"""

from __future__ import annotations

import heapq
import html
import http.client
import os
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.utils import timezone

from bench.harness import Row, Timing, measure
from learninggroup.models import Cohort, Invitation, Membership, Organization, Role, User
from learninggroup.services import INVITATION_KIND
from notifications.models import Delivery
from sessions.models import Attendance, Session
from submissions.models import Submission
from teams.models import Team, TeamMembership

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PORTS = range(8170, 8180)
PASSWORD = "bench-password-2025"  # noqa: S105 -- the crowd's made-up accounts

TIME_SCALE = float(os.environ.get("BENCH_TIME_SCALE", "1"))
LOGIN_WINDOW = 60 * TIME_SCALE
CHECKIN_WINDOW = 120 * TIME_SCALE
PHASE_SECONDS = CHECKIN_WINDOW + 8
PHASE_DEADLINE = PHASE_SECONDS + 60  # a phase not finished by then is stopped; its missing steps count as errors
AUTOSAVE_EVERY = 5.0
QR_POLL_EVERY = 5.0
SHEET_EVERY = 15.0
ORGANIZER_EVERY = 10.0
PARTICIPANTS = 40
TEAMS = 10
PENDING_INVITATIONS = 10
CLIENT_THREADS = 128  # the crowd's steps start on time; the queueing happens at the server, where it is measured
REQUEST_TIMEOUT = 60


# --- data ---------------------------------------------------------------------------------------------------


@dataclass
class Person:
    email: str
    user_id: int


@dataclass
class CohortPlan:
    cohort_id: int
    session_id: int
    organizer: Person
    facilitator: Person
    participants: list[Person]
    autosavers: dict[int, Person]  # team id -> the member who edits
    invitations: list[int]


def build_cohorts(organization: Organization, count: int, tag: str, password_hash: str) -> list[CohortPlan]:
    plans = []
    now = timezone.now()
    for number in range(count):
        cohort = Cohort.objects.create(organization=organization, name=f"부하 {tag}{number + 1}기", year=2025)
        session = Session.objects.create(
            cohort=cohort,
            number=1,
            title="3회차: 프롬프트 실습",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=2),
        )
        roles = (
            [Role.ORGANIZER, Role.FACILITATOR]
            + [Role.PARTICIPANT] * PARTICIPANTS
            + [Role.PARTICIPANT] * PENDING_INVITATIONS
        )
        users = User.objects.bulk_create(
            User(
                email=f"{tag}{number:02d}-{index:03d}@load.example",
                name=f"참여자{index:03d}",
                password=password_hash if index < 2 + PARTICIPANTS else "!",
            )
            for index in range(len(roles))
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users[: 2 + PARTICIPANTS]
        )
        memberships = Membership.objects.bulk_create(
            Membership(user=user, cohort=cohort, role=role, department="디지털정책과")
            for user, role in zip(users, roles, strict=True)
        )
        session.facilitators.add(memberships[1])
        teams = Team.objects.bulk_create(Team(cohort=cohort, name=f"{index + 1}팀") for index in range(TEAMS))
        participant_memberships = memberships[2 : 2 + PARTICIPANTS]
        TeamMembership.objects.bulk_create(
            TeamMembership(team=teams[index % TEAMS], membership=membership)
            for index, membership in enumerate(participant_memberships)
        )
        Submission.objects.bulk_create(Submission(team=team, cohort=cohort) for team in teams)
        invited = users[2 + PARTICIPANTS :]
        invitations = Invitation.objects.bulk_create(
            Invitation(cohort=cohort, user=user, sent_at=now, send_count=1) for user in invited
        )
        people = [Person(user.email, user.pk) for user in users]
        participants = people[2 : 2 + PARTICIPANTS]
        plans.append(
            CohortPlan(
                cohort_id=cohort.pk,
                session_id=session.pk,
                organizer=people[0],
                facilitator=people[1],
                participants=participants,
                autosavers={team.pk: participants[index] for index, team in enumerate(teams)},
                invitations=[invitation.pk for invitation in invitations],
            )
        )
    return plans


# --- the servers --------------------------------------------------------------------------------------------


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


@dataclass(frozen=True)
class Sizing:
    gunicorn: tuple[str, ...]  # gunicorn's options as docker-compose.yml runs it, but --bind
    conn_max_age: int

    def __str__(self) -> str:
        return f"gunicorn {' '.join(self.gunicorn)}, CONN_MAX_AGE={self.conn_max_age}"


def compose_sizing() -> Sizing:
    """The web service's gunicorn options and CONN_MAX_AGE as docker-compose.yml ships them (BENCH_WORKERS,
    BENCH_THREADS and BENCH_CONN_MAX_AGE override them for a trial)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    command = compose["services"]["web"]["command"]
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] == ["sh", "-c"]:
        argv = shlex.split(next(part for part in argv[2].split("&&") if part.strip().startswith("gunicorn")))
    if argv[0] != "gunicorn":
        raise RuntimeError(f"docker-compose.yml's web command does not run gunicorn: {command!r}")
    options, index = [], 1
    while index < len(argv):
        word = argv[index]
        if word == "--bind":
            index += 2
            continue
        value = {"--workers": os.environ.get("BENCH_WORKERS"), "--threads": os.environ.get("BENCH_THREADS")}.get(word)
        options.append(word)
        if value and index + 1 < len(argv):
            options.append(value)
            index += 1
        index += 1
    environment = compose["x-app"]["environment"]
    return Sizing(
        gunicorn=tuple(options),
        conn_max_age=int(os.environ.get("BENCH_CONN_MAX_AGE") or environment.get("CONN_MAX_AGE", 0)),
    )


def cpu_seconds(pgid: int) -> float:
    """User + system CPU of a process group (gunicorn's master and workers): the living processes', plus what
    the leader's reaped children used (workers recycled by --max-requests during a phase)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # fields after the name: state, ppid, pgrp, …, utime (12), stime (13), cutime (14), cstime (15)
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
            if stat.parent.name == str(pgid):
                total += int(fields[13]) + int(fields[14])
    return total / ticks


class Stack:
    """gunicorn, two Celery workers and beat in their own process groups; all of them stopped on exit."""

    def __init__(self, *, redis_url: str, workdir: Path, sizing: Sizing) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.sizing = sizing
        self.mail_dir = workdir / "mail"
        self.mail_dir.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": os.environ["DATABASE_URL"],  # the benchmark's database (bench/run.py)
            "REDIS_URL": redis_url,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "BENCH_MAIL_DIR": str(self.mail_dir),
            "BENCH_STATIC_ROOT": str(workdir / "static"),
            "CONN_MAX_AGE": str(sizing.conn_max_age),
            "PYTHONPATH": str(ROOT),
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.base = f"http://{HOST}:{self.port}"

    def _start(self, name: str, argv: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def __enter__(self) -> Stack:
        # The static files as production serves them: collected with hashed names and compressed copies.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        self._start(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                *self.sizing.gunicorn,
                "--bind",
                f"{HOST}:{self.port}",
            ],
        )
        for number in (1, 2):
            self._start(
                f"worker{number}",
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "learninggroup",
                    "worker",
                    "-Q",
                    "celery,exports",
                    "--concurrency",
                    "1",
                    "-n",
                    f"bench{number}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "INFO",
                ],
            )
        self._start(
            "beat",
            [str(VENV_BIN / "celery"), "-A", "learninggroup", "beat", "-s", str(self.workdir / "beat-schedule")],
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                status, _, _ = raw_request(self.port, "GET", "/healthz", timeout=5)
                if status == 200:
                    self.warm_up()
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer on {self.base}/healthz; see {self.workdir}/gunicorn.log")

    def warm_up(self) -> None:
        """A few log-in pages on every worker thread first, as a server running since the afternoon has had:
        the phases measure the evening, not the first request of a fresh process."""
        with ThreadPoolExecutor(16) as pool:
            list(
                pool.map(lambda _: raw_request(self.port, "GET", "/accounts/login/", headers={"Host": HOST}), range(64))
            )

    def cpu(self) -> float:
        """CPU seconds used so far by gunicorn's master and workers (recycled ones included)."""
        return cpu_seconds(self.processes["gunicorn"].pid)

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def __exit__(self, *exc) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def request_lines(self) -> int:
        count = 0
        for line in (self.workdir / "gunicorn.log").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{") and '"event": "request"' in line:
                count += 1
        return count

    def mails(self) -> int:
        return sum(
            path.read_text(encoding="utf-8", errors="replace").count("\nMessage-ID:")
            for path in self.mail_dir.iterdir()
        )


# --- the crowd ----------------------------------------------------------------------------------------------


def raw_request(port: int, method: str, path: str, *, body: bytes | None = None, headers=None, timeout=REQUEST_TIMEOUT):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


LABELS = [
    (re.compile(r"^/accounts/login/$"), {"GET": "log-in page", "POST": "log-in (POST)"}),
    (re.compile(r"^/$"), {"GET": "home (redirect)"}),
    (re.compile(r"^/cohorts/\d+/$"), {"GET": "participant home"}),
    (re.compile(r"^/cohorts/\d+/dashboard/$"), {"GET": "organizer dashboard"}),
    (re.compile(r"^/cohorts/\d+/roster/$"), {"GET": "roster"}),
    (re.compile(r"^/cohorts/\d+/sessions/\d+/qr/$"), {"GET": "QR page poll (htmx)"}),
    (re.compile(r"^/cohorts/\d+/sessions/\d+/attendance/$"), {"GET": "attendance sheet"}),
    (re.compile(r"^/cohorts/\d+/sessions/\d+/check-in/$"), {"GET": "QR check-in"}),
    (re.compile(r"^/cohorts/\d+/submissions/teams/\d+/edit/$"), {"GET": "submission edit page"}),
    (re.compile(r"^/cohorts/\d+/submissions/teams/\d+/autosave/$"), {"POST": "autosave (htmx)"}),
    (re.compile(r"^/cohorts/\d+/invitations/\d+/resend/$"), {"POST": "invitation resend"}),
    (re.compile(r"^/static/"), {"GET": "static file (once)"}),
]
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def label(method: str, path: str) -> str:
    for pattern, names in LABELS:
        if pattern.match(path):
            return names.get(method, f"{method} {path}")
    return f"{method} other"


@dataclass
class Metrics:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    page_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: int = 0

    def record(self, name: str, seconds: float) -> None:
        with self.lock:
            self.latencies[name].append(seconds)

    def error(self, text: str, page: str = "other") -> None:
        with self.lock:
            self.errors.append(text)
            self.page_errors[page] += 1

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())


class Browser:
    """One person's cookies; every request timed and labelled; redirects followed."""

    def __init__(self, port: int, metrics: Metrics) -> None:
        self.port = port
        self.metrics = metrics
        self.cookies: dict[str, str] = {}
        self.cached: set[str] = set()  # static files this browser already holds

    def fetch_static(self, page: str) -> None:
        """The stylesheet, scripts and images of a page the first time they appear (a browser's cache after)."""
        for path in dict.fromkeys(STATIC.findall(page)):
            if path in self.cached:
                continue
            self.cached.add(path)
            name = label("GET", path)
            started = time.perf_counter()
            try:
                status, _, _ = raw_request(self.port, "GET", path, headers={"Host": HOST, "Accept-Encoding": "gzip"})
            except OSError as error:
                self.metrics.error(f"{name}: {error.__class__.__name__}", name)
                continue
            self.metrics.record(name, time.perf_counter() - started)
            if status != 200:
                self.metrics.error(f"{name}: HTTP {status} for {path}", name)

    def request(self, method: str, path: str, data: dict | None = None, *, htmx: bool = False) -> tuple[int, str]:
        for _ in range(5):
            headers = {"Host": HOST}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if method == "POST":
                body = urlencode(data or {}).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            if htmx:
                headers["HX-Request"] = "true"
            name = label(method, urlsplit(path).path)
            started = time.perf_counter()
            try:
                status, response_headers, content = raw_request(self.port, method, path, body=body, headers=headers)
            except OSError as error:
                self.metrics.error(f"{name}: {error.__class__.__name__}", name)
                return 0, ""
            self.metrics.record(name, time.perf_counter() - started)
            for key, value in response_headers:
                if key.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            if status not in (200, 302):
                reason = re.search(r'role="alert">([^<]{1,120})', content.decode("utf-8", errors="replace"))
                self.metrics.error(f"{name}: HTTP {status}" + (f" ({reason.group(1).strip()})" if reason else ""), name)
                return status, ""
            if status == 302:
                location = dict((k.lower(), v) for k, v in response_headers)["location"]
                method, path, data, htmx = "GET", urlsplit(location).path or "/", None, False
                if urlsplit(location).query:
                    path += "?" + urlsplit(location).query
                continue
            text = content.decode("utf-8", errors="replace")
            if not htmx:
                self.fetch_static(text)
            return status, text
        self.metrics.error(f"{path}: too many redirects")
        return 0, ""

    def log_in(self, email: str) -> bool:
        self.request("GET", "/accounts/login/")
        status, page = self.request("POST", "/accounts/login/", {"login": email, "password": PASSWORD})
        if status == 200 and 'name="password"' in page:
            self.metrics.error(f"log-in refused for {email}")
            return False
        return status == 200


class Scheduler:
    """Runs steps at their times on a thread pool; a step may schedule the next one of the same person."""

    def __init__(self, threads: int) -> None:
        self.pool = ThreadPoolExecutor(threads)
        self.heap: list[tuple[float, int, object]] = []
        self.counter = 0
        self.lock = threading.Condition()
        self.running = 0
        self.start = time.monotonic()

    def at(self, offset: float, step) -> None:
        with self.lock:
            self.counter += 1
            heapq.heappush(self.heap, (self.start + offset, self.counter, step))
            self.lock.notify()

    def now(self) -> float:
        return time.monotonic() - self.start

    def _run(self, step) -> None:
        try:
            step()
        finally:
            with self.lock:
                self.running -= 1
                self.lock.notify()

    def run(self, deadline: float) -> int:
        """Until nothing is left to do; returns how many steps were abandoned at the deadline."""
        stop = self.start + deadline
        abandoned = 0
        while True:
            with self.lock:
                if not self.heap and self.running == 0:
                    break
                if time.monotonic() >= stop:
                    abandoned = len(self.heap) + self.running
                    self.heap.clear()
                    break
                if self.heap and self.heap[0][0] <= time.monotonic():
                    _, _, step = heapq.heappop(self.heap)
                    self.running += 1
                    self.pool.submit(self._run, step)
                    continue
                wait = (self.heap[0][0] - time.monotonic()) if self.heap else 0.5
                self.lock.wait(timeout=max(0.005, min(wait, 0.5)))
        self.pool.shutdown(wait=True)
        return abandoned


CHECK_IN_URL = re.compile(r'data-check-in-url="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Outcome:
    people: int
    metrics: Metrics
    abandoned: int
    wall: float
    check_ins: int = 0
    saves: dict[int, int] = field(default_factory=dict)
    resent: list[int] = field(default_factory=list)
    killed_unacked: int | None = None
    server_cpu: float = 0.0  # gunicorn's CPU seconds during the phase
    crowd_cpu: float = 0.0  # this process's (the scripted crowd's) CPU seconds
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the machine's load average at the phase's end


def run_phase(stack: Stack, plans: list[CohortPlan], *, kill_worker: bool, seed: int) -> Outcome:
    rng = random.Random(seed)
    metrics = Metrics()
    scheduler = Scheduler(CLIENT_THREADS)
    outcome = Outcome(people=len(plans) * PARTICIPANTS, metrics=metrics, abandoned=0, wall=0.0)
    lock = threading.Lock()
    screens: list[threading.Thread] = []

    for plan in plans:
        qr_url: dict[str, object] = {"pending": len(plan.participants)}
        base = f"/cohorts/{plan.cohort_id}"

        # The facilitator's screen: its own device (a thread of its own, not the crowd's pool), the QR page
        # polled every 5 s until the last participant has checked in, the attendance sheet every 15 s.
        def facilitator_screen(b, plan, qr_url, base, delay):
            time.sleep(delay)
            b.log_in(plan.facilitator.email)
            next_sheet = scheduler.now() + SHEET_EVERY
            while scheduler.now() < PHASE_DEADLINE:
                _, fragment = b.request("GET", f"{base}/sessions/{plan.session_id}/qr/", htmx=True)
                found = CHECK_IN_URL.search(fragment)
                if found:
                    qr_url["url"] = html.unescape(found.group(1))
                if scheduler.now() >= PHASE_SECONDS and qr_url["pending"] <= 0:
                    break
                if next_sheet <= scheduler.now() < PHASE_SECONDS:
                    b.request("GET", f"{base}/sessions/{plan.session_id}/attendance/")
                    next_sheet += SHEET_EVERY
                time.sleep(QR_POLL_EVERY)

        screen_args = (Browser(stack.port, metrics), plan, qr_url, base, rng.uniform(0, 2))
        screens.append(threading.Thread(target=facilitator_screen, args=screen_args, daemon=True))

        # The organizer: dashboard and roster in turn every 10 s; the pending invitations resent across the phase.
        organizer = Browser(stack.port, metrics)

        def organizer_start(b=organizer, plan=plan, base=base):
            b.log_in(plan.organizer.email)
            scheduler.at(scheduler.now() + 1, lambda: organizer_round(b, base, 0))
            # Spread over the phase; three of them together just before the middle (where a worker may be killed).
            burst, spread = plan.invitations[:3], plan.invitations[3:]
            for invitation_id in burst:
                scheduler.at(PHASE_SECONDS / 2 - 1, lambda i=invitation_id: resend(b, base, i))
            spacing = (PHASE_SECONDS - 12) / len(spread)
            for index, invitation_id in enumerate(spread):
                scheduler.at(5 + index * spacing + rng.uniform(0, 2), lambda i=invitation_id: resend(b, base, i))

        def organizer_round(b, base, turn):
            b.request("GET", f"{base}/dashboard/" if turn % 2 == 0 else f"{base}/roster/")
            if scheduler.now() + ORGANIZER_EVERY < PHASE_SECONDS:
                scheduler.at(scheduler.now() + ORGANIZER_EVERY, lambda: organizer_round(b, base, turn + 1))

        def resend(b, base, invitation_id):
            status, _ = b.request("POST", f"{base}/invitations/{invitation_id}/resend/")
            if status == 200:
                with lock:
                    outcome.resent.append(invitation_id)

        scheduler.at(rng.uniform(0, 2), organizer_start)

        # Participants: log in within the "minute", check in within the two "minutes".
        editors = {person.email: team_id for team_id, person in plan.autosavers.items()}
        for person in plan.participants:
            browser = Browser(stack.port, metrics)
            login_at = rng.uniform(0, LOGIN_WINDOW)
            check_in_at = rng.uniform(login_at + 2, CHECKIN_WINDOW)

            def participant_start(
                b=browser, person=person, check_in_at=check_in_at, base=base, qr_url=qr_url, editors=editors
            ):
                if not b.log_in(person.email):
                    with lock:
                        qr_url["pending"] -= 1
                    return
                scheduler.at(max(check_in_at, scheduler.now()), lambda: check_in(b, qr_url))
                team_id = editors.get(person.email)
                if team_id is not None:
                    scheduler.at(scheduler.now() + 0.5, lambda: open_editor(b, base, team_id))

            def check_in(b, qr_url, tries=0):
                url = qr_url.get("url")
                if url is None:
                    if tries < 30:
                        scheduler.at(scheduler.now() + 1, lambda: check_in(b, qr_url, tries + 1))
                    else:
                        metrics.error("check-in: no QR code shown", "QR check-in")
                        with lock:
                            qr_url["pending"] -= 1
                    return
                parts = urlsplit(url)
                status, page = b.request("GET", f"{parts.path}?{parts.query}")
                with lock:
                    qr_url["pending"] -= 1
                if status == 200 and "check-in-ok" not in page:
                    metrics.error("check-in: refused", "QR check-in")
                elif status == 200:
                    with lock:
                        outcome.check_ins += 1

            def open_editor(b, base, team_id):
                status, page = b.request("GET", f"{base}/submissions/teams/{team_id}/edit/")
                found = VERSION.search(page)
                if status != 200 or not found:
                    metrics.error("submission edit page: no version")
                    return
                scheduler.at(
                    scheduler.now() + AUTOSAVE_EVERY, lambda: autosave(b, base, team_id, int(found.group(1)), 1)
                )

            def autosave(b, base, team_id, version, turn):
                data = {
                    "version": version,
                    "title": f"민원 분류 챗봇 {turn}",
                    "summary": f"자동 저장 {turn}회차",
                    "description": "시민 민원을 분야별로 분류하고 담당 부서를 추천합니다. " * 3,
                }
                status, fragment = b.request("POST", f"{base}/submissions/teams/{team_id}/autosave/", data, htmx=True)
                found = VERSION.search(fragment)
                if status == 200 and found:
                    version = int(found.group(1))
                    with lock:
                        outcome.saves[team_id] = outcome.saves.get(team_id, 0) + 1
                elif status == 200:
                    with metrics.lock:
                        metrics.conflicts += 1
                if scheduler.now() + AUTOSAVE_EVERY < PHASE_SECONDS:
                    scheduler.at(
                        scheduler.now() + AUTOSAVE_EVERY, lambda: autosave(b, base, team_id, version, turn + 1)
                    )

            scheduler.at(login_at, participant_start)

    if kill_worker:

        def kill():
            import redis

            client = redis.Redis.from_url(stack.env["REDIS_URL"])
            give_up = time.monotonic() + 5
            while client.hlen("unacked") == 0 and time.monotonic() < give_up:  # kill while tasks are in hand
                time.sleep(0.05)
            outcome.killed_unacked = client.hlen("unacked")
            stack.kill("worker1")

        scheduler.at(PHASE_SECONDS / 2, kill)

    started = time.monotonic()
    server_cpu, crowd_cpu = stack.cpu(), time.process_time()
    for screen in screens:
        screen.start()
    outcome.abandoned = scheduler.run(PHASE_DEADLINE)
    for screen in screens:
        screen.join(timeout=PHASE_DEADLINE)
    outcome.wall = time.monotonic() - started
    outcome.server_cpu = stack.cpu() - server_cpu
    outcome.crowd_cpu = time.process_time() - crowd_cpu
    outcome.load = os.getloadavg()
    return outcome


def settle(outcome: Outcome, plans: list[CohortPlan], timeout: float = 150) -> dict[str, int]:
    """Wait for the resent invitations' mails (workers, beat), then count what the database holds."""
    deadline = time.monotonic() + timeout
    resent = sorted(set(outcome.resent))
    unsent = Delivery.objects.filter(kind=INVITATION_KIND, object_id__in=resent).exclude(state="sent")
    while time.monotonic() < deadline and unsent.exists():
        time.sleep(1)
    session_ids = [plan.session_id for plan in plans]
    team_versions = dict(
        Submission.objects.filter(cohort_id__in=[plan.cohort_id for plan in plans]).values_list("team_id", "version")
    )
    return {
        "attendance": Attendance.objects.filter(session_id__in=session_ids).count(),
        "unsent": unsent.count(),
        "sent": Delivery.objects.filter(kind=INVITATION_KIND, object_id__in=resent, state="sent").count(),
        "lost_saves": sum(max(0, saves - team_versions.get(team, 0)) for team, saves in outcome.saves.items()),
    }


# --- report -------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report(name: str, outcome: Outcome, facts: dict[str, int]) -> tuple[list[Row], list[str]]:
    metrics = outcome.metrics
    rows, lines = [], []
    lines.append(
        f"{name}: {outcome.people} people, {metrics.requests} requests in {outcome.wall:.0f} s "
        f"({metrics.requests / outcome.wall:.0f}/s), errors {len(metrics.errors) + outcome.abandoned}, "
        f"check-ins {outcome.check_ins}/{outcome.people} (rows {facts['attendance']}), "
        f"autosaves {sum(outcome.saves.values())} (lost {facts['lost_saves']}, conflicts {metrics.conflicts}), "
        f"invitations resent {len(outcome.resent)} (mails sent {facts['sent']}, not sent {facts['unsent']})"
        + (
            f", worker killed with {outcome.killed_unacked} unacknowledged task(s)"
            if outcome.killed_unacked is not None
            else ""
        )
    )
    lines.append(
        f"  CPU: gunicorn {outcome.server_cpu:.0f} s ({outcome.server_cpu / max(metrics.requests, 1) * 1000:.1f} ms a "
        f"request), the crowd {outcome.crowd_cpu:.0f} s; load average at the end "
        + " / ".join(f"{value:.1f}" for value in outcome.load)
    )
    for error in sorted(set(metrics.errors))[:10]:
        lines.append(f"  error: {error} ×{metrics.errors.count(error)}")
    lines.append(f"  {'page':<24} {'requests':>8} {'errors':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for page, values in sorted(metrics.latencies.items()):
        p50, p95, p99 = statistics.median(values), percentile(values, 95), percentile(values, 99)
        errors = metrics.page_errors.get(page, 0)
        lines.append(f"  {page:<24} {len(values):>8} {errors:>6} {fmt_ms(p50):>8} {fmt_ms(p95):>8} {fmt_ms(p99):>8}")
        rows.append(
            Row(
                what=f"load {name}: {page}",
                size=f"{len(values)} req, {metrics.page_errors.get(page, 0)} errors",
                timing=Timing(median=p50, low=p95, high=p99, spread="p95–p99", runs=len(values)),
                target="< 1 s",
            )
        )
    return rows, lines


def cpu_of(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def production_hash_row() -> Row:
    """One password check with the production hasher (Argon2id), against the PBKDF2 it replaced."""
    hasher = get_hasher("default")
    encoded = hasher.encode(PASSWORD, hasher.salt())
    timing = measure(lambda: hasher.verify(PASSWORD, encoded), repeat=10)
    cpu = statistics.median(cpu_of(lambda: hasher.verify(PASSWORD, encoded)) for _ in range(5))
    old = PBKDF2PasswordHasher()
    old_encoded = old.encode(PASSWORD, old.salt())
    return Row(
        what=f"log-in password check ({hasher.algorithm}: {hasher.safe_summary(encoded).get('memory cost', '')} KiB, "
        f"{hasher.time_cost} passes)",
        size=f"CPU {cpu * 1000:.0f} ms: {60 / max(cpu, 1e-6):,.0f} log-ins/min per core",
        timing=timing,
        baseline=measure(lambda: old.verify(PASSWORD, old_encoded), repeat=3),
        baseline_name=f"PBKDF2 ({old.iterations:,} iterations)",
    )


def benchmarks() -> list[Row]:
    redis_url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/15"
    import redis

    client = redis.Redis.from_url(redis_url)
    client.ping()
    client.delete("celery", "exports", "unacked", "unacked_index", "unacked_mutex")  # old runs' queues only

    organization = Organization.objects.create(name="부하시험시", slug="load")
    password_hash = make_password(PASSWORD)  # the production hasher (settings.PASSWORD_HASHERS)
    wanted = {part.strip() for part in os.environ.get("BENCH_LOAD_PHASES", "40,400,killed").split(",")}
    phases = [
        (name, build_cohorts(organization, cohorts, tag, password_hash), kill)
        for key, name, cohorts, tag, kill in [
            ("40", "40 people", 1, "a", False),
            ("400", "400 people", 10, "b", False),
            ("killed", "400 people, a worker killed", 10, "c", True),
        ]
        if key in wanted
    ]
    sizing = compose_sizing()
    rows: list[Row] = []
    timing = (
        f"log-ins of a minute in {LOGIN_WINDOW:.0f} s, check-ins of two minutes in {CHECKIN_WINDOW:.0f} s"
        if TIME_SCALE == 1
        else f"time compressed ×{TIME_SCALE}: log-ins of a 'minute' in {LOGIN_WINDOW:.0f} s, check-ins of 'two "
        f"minutes' in {CHECKIN_WINDOW:.0f} s"
    )
    lines = [
        "",
        f"Evening load (bench_load): {sizing}, 2 Celery workers, PostgreSQL, Redis, 127.0.0.1; "
        f"password hash {get_hasher('default').algorithm}.",
        f"{timing.capitalize()}; autosave every {AUTOSAVE_EVERY:.0f} s, QR poll every {QR_POLL_EVERY:.0f} s; "
        f"{os.cpu_count()} CPUs, load average before " + " / ".join(f"{v:.1f}" for v in os.getloadavg()) + ".",
    ]
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    total_requests = 0
    try:
        with Stack(redis_url=redis_url, workdir=workdir, sizing=sizing) as stack:
            for index, (name, plans, kill) in enumerate(phases):
                print(f"bench: load phase {name} …", file=sys.stderr, flush=True)
                outcome = run_phase(stack, plans, kill_worker=kill, seed=index)
                facts = settle(outcome, plans)
                total_requests += outcome.metrics.requests
                phase_rows, phase_lines = report(name, outcome, facts)
                rows.extend(phase_rows)
                lines.extend(phase_lines)
            time.sleep(1)
            logged = stack.request_lines()
            lines.append(
                f"log: {logged} JSON request lines for {total_requests} requests "
                f"(+ the readiness checks and the 64 warm-up requests); mails written: {stack.mails()}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows.append(production_hash_row())
    print("\n".join(lines), flush=True)
    return rows
