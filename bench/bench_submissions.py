"""Submissions: a 500 MB upload through the upload view, and the submission and prompt-library pages.

Upload: a fresh Python process (this file run as a script) signs in as a team member and sends a
multipart POST of a 500 MB MP4 straight into Django's WSGI handler. The body is generated on the fly
by a file-like object (never held in memory), so the process's memory is the web process's. Its peak
resident set (VmHWM, reset through /proc/self/clear_refs after a warm-up upload) is compared with
the resident set before the upload: the growth must stay under 50 MB. The file goes through the
streaming upload handler (size counted, SHA-256 computed, first bytes sniffed) into a temporary file
that file-system storage then moves into MEDIA_ROOT; the stored checksum is checked against the one
computed here. A request whose Content-Length exceeds every limit is refused without reading it.

Pages: one cohort as the pilot had it (9 teams, each with 5 files and 3 prompts, 2 revisions) and the
same pages with a large library (40 teams × 12 prompts in the cohort, 10 cohorts around it). The
baseline of the large rows is the same page at the pilot's size: near 1× means the cost does not
grow with the data.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
UPLOAD_BYTES = 500 * MB
MEMORY_LIMIT_MB = 50
BLOCK = bytes(range(256)) * 4096  # 1 MiB of varied bytes, repeated
BOUNDARY = "----benchBoundary7MA4YWxkTrZu0gW"
ROOT = Path(__file__).resolve().parent.parent


# The generated request body ------------------------------------------------------------------


def mp4_head() -> bytes:
    return (24).to_bytes(4, "big") + b"ftypisom\x00\x00\x02\x00isommp41"


class GeneratedBody:
    """A multipart body of `size` file bytes, produced as it is read; never more than one read in memory."""

    def __init__(self, size: int, kind: str = "video", name: str = "demo.mp4"):
        self.preamble = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        self.head = mp4_head()
        self.epilogue = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file_size = size
        self.length = len(self.preamble) + size + len(self.epilogue)
        self.position = 0

    def _file_bytes(self, start: int, stop: int) -> bytes:
        out = bytearray()
        while start < stop:
            if start < len(self.head):
                piece = self.head[start : min(stop, len(self.head))]
            else:
                offset = (start - len(self.head)) % len(BLOCK)
                piece = BLOCK[offset : offset + min(stop - start, len(BLOCK) - offset)]
            out += piece
            start += len(piece)
        return bytes(out)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        start, stop = self.position, min(self.length, self.position + size)
        out = bytearray()
        cursor = start
        p_end = len(self.preamble)
        f_end = p_end + self.file_size
        while cursor < stop:
            if cursor < p_end:
                piece = self.preamble[cursor : min(stop, p_end)]
            elif cursor < f_end:
                piece = self._file_bytes(cursor - p_end, min(stop, f_end) - p_end)
            else:
                piece = self.epilogue[cursor - f_end : stop - f_end]
            out += piece
            cursor += len(piece)
        self.position = stop
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def expected_sha256(size: int) -> str:
    digest = hashlib.sha256()
    body = GeneratedBody(size)
    for start in range(0, size, 4 * MB):
        digest.update(body._file_bytes(start, min(size, start + 4 * MB)))
    return digest.hexdigest()


# The child process: one web process receiving the upload --------------------------------------


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(cohort_pk: int, team_pk: int, user_pk: int, size: int, runs: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learninggroup.settings")
    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from learninggroup.models import User
    from submissions.models import Attachment

    settings.FILE_UPLOAD_TEMP_DIR = str(Path(settings.MEDIA_ROOT) / "tmp")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = "b" * 32
    handler = WSGIHandler()
    path = f"/cohorts/{cohort_pk}/submissions/teams/{team_pk}/attachments/"

    def post(body: GeneratedBody, length: int | None = None) -> int:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(length or body.length),
            "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "HTTP_X_CSRFTOKEN": csrf,
            "HTTP_HX_REQUEST": "true",
            "wsgi.input": body,
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        statuses = []
        response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        for _ in response:
            pass
        response.close()
        return int(statuses[0].split()[0])

    assert post(GeneratedBody(2 * MB)) == 200  # warm-up: every code path imported, every cache filled
    Attachment.objects.all().delete()
    results = []
    for _ in range(runs):
        before = status_kib("VmRSS")
        exact = reset_peak()
        started = time.perf_counter()
        status = post(GeneratedBody(size))
        seconds = time.perf_counter() - started
        peak = status_kib("VmHWM")
        attachment = Attachment.objects.filter(removed_at__isnull=True, kind="video").order_by("-pk").first()
        results.append(
            {
                "status": status,
                "seconds": seconds,
                "growth_mb": (peak - before) / 1024,
                "exact_peak": exact,
                "size": attachment.size if attachment else None,
                "sha256": attachment.sha256 if attachment else None,
            }
        )
        if attachment:
            attachment.file.storage.delete(attachment.file.name)
            attachment.delete()

    refused_started = time.perf_counter()
    refused_status = post(GeneratedBody(1024), length=600 * MB)  # Content-Length over every limit: body unread
    refused_seconds = time.perf_counter() - refused_started
    print(json.dumps({"runs": results, "refused": {"status": refused_status, "seconds": refused_seconds}}))


# The benchmark ---------------------------------------------------------------------------------


def upload_benchmarks() -> list:
    from bench.harness import Row, Timing
    from learninggroup.models import Cohort, Membership, Organization, Role, User
    from teams.models import Team, TeamMembership

    organization = Organization.objects.create(name="벤치마크시 (업로드)", slug="bench-upload")
    cohort = Cohort.objects.create(organization=organization, name="업로드 기수", year=2025)
    user = User.objects.create_user("uploader@bench.example", None, name="김업로드")
    membership = Membership.objects.create(user=user, cohort=cohort, role=Role.PARTICIPANT)
    team = Team.objects.create(cohort=cohort, name="업로드팀")
    TeamMembership.objects.create(team=team, membership=membership)
    expected = expected_sha256(UPLOAD_BYTES)
    runs = 3

    with tempfile.TemporaryDirectory(prefix="bench-media-") as media:
        environment = {**os.environ, "MEDIA_ROOT": media, "PYTHONPATH": str(ROOT)}
        completed = subprocess.run(
            [sys.executable, __file__, str(cohort.pk), str(team.pk), str(user.pk), str(UPLOAD_BYTES), str(runs)],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"upload child failed:\n{completed.stderr[-4000:]}")
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    for run in report["runs"]:
        if run["status"] != 200 or run["size"] != UPLOAD_BYTES or run["sha256"] != expected:
            raise AssertionError(f"upload not stored intact: {run}")
    seconds = sorted(run["seconds"] for run in report["runs"])
    growth = max(run["growth_mb"] for run in report["runs"])
    verdict = "ok" if growth < MEMORY_LIMIT_MB else "MISSED"
    timing = Timing(seconds[len(seconds) // 2], seconds[0], seconds[-1], "min–max", len(seconds))
    refused = report["refused"]
    return [
        Row(
            f"upload 500 MB video via the view: peak RSS +{growth:.1f} MB (limit {MEMORY_LIMIT_MB} MB {verdict})",
            "500 MiB, streamed body",
            timing,
            "< 30 s",
        ),
        Row(
            f"refuse a 600 MB upload by Content-Length (HTTP {refused['status']}, body unread)",
            "600 MiB declared",
            Timing(refused["seconds"], refused["seconds"], refused["seconds"], "min–max", 1),
            "< 200 ms",
        ),
    ]


def populate(cohort, teams: int, prompts: int, files: int, revisions: int, png: bytes, pdf: bytes):
    """Teams with submissions, files (stored), prompts and revisions, quickly (bulk where it can)."""
    from django.core.files.base import ContentFile

    from learninggroup.models import Membership, Role, User
    from submissions.models import Attachment, Prompt, Submission, SubmissionRevision
    from teams.models import Team, TeamMembership

    made = []
    for number in range(teams):
        team = Team.objects.create(cohort=cohort, name=f"{number + 1:02d}팀", topic="민원 분류 챗봇")
        users = User.objects.bulk_create(
            User(email=f"c{cohort.pk}-t{number}-{i}@bench.example", name=f"참여자{number}-{i}") for i in range(3)
        )
        memberships = Membership.objects.bulk_create(
            Membership(user=u, cohort=cohort, role=Role.PARTICIPANT) for u in users
        )
        TeamMembership.objects.bulk_create(TeamMembership(team=team, membership=m) for m in memberships)
        submission = Submission.objects.create(
            team=team,
            cohort=cohort,
            title=f"민원 분류 챗봇 {number}",
            summary="민원을 담당 부서로 분류합니다",
            background="하루 300건의 민원을 손으로 분류합니다.\n" * 10,
            description="본문을 넣으면 부서를 추천합니다.\n" * 20,
            status="submitted" if number % 2 else "draft",
            version=revisions,
            updated_by=users[0],
        )
        attachments = []
        for index in range(files):
            data, name, kind = (
                (png, f"화면{index}.png", "screenshot") if index % 2 else (pdf, f"자료{index}.pdf", "document")
            )
            attachment = Attachment(
                submission=submission,
                kind=kind,
                original_name=name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                content_type="image/png" if kind == "screenshot" else "application/pdf",
                uploaded_by=users[index % 3],
            )
            attachment.file.save(name, ContentFile(data), save=False)
            attachments.append(attachment)
        Attachment.objects.bulk_create(attachments)
        Prompt.objects.bulk_create(
            Prompt(
                submission=submission,
                title=f"민원 요약 프롬프트 {number}-{index}",
                purpose="긴 민원을 세 줄로 요약",
                text="당신은 민원 담당자입니다. 다음 민원을 세 줄로 요약하고 담당 부서를 추천하세요.\n" * 5,
                tool="ChatGPT (GPT-4o)",
                example_input="버스정류장 의자가 부서졌습니다.",
                tags=",민원,요약,분류,",
                consent_to_publish=True,
                for_casebook=index == 0,
                casebook_category="민원 응대" if index == 0 else "",
                updated_by=users[index % 3],
            )
            for index in range(prompts)
        )
        SubmissionRevision.objects.bulk_create(
            SubmissionRevision(
                submission=submission,
                number=rev + 1,
                created_by=users[0],
                created_at=submission.updated_at,
                snapshot={"fields": submission.field_values(), "attachments": [a.snapshot() for a in attachments]},
            )
            for rev in range(revisions)
        )
        made.append((team, users[0]))
    return made


def page_benchmarks() -> list:
    from django.test import Client, override_settings
    from django.urls import reverse

    from bench.bench_foundation import time_page
    from bench.harness import Row
    from learninggroup.models import Cohort, Membership, Organization, Role, User
    from submissions import samples

    png, pdf = samples.chat_screenshot(), samples.pdf(["Prototype"])
    organization = Organization.objects.create(name="벤치마크시 (제출물)", slug="bench-submissions")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-media-") as media, override_settings(MEDIA_ROOT=media):
        if True:
            results = {}
            for label, teams, prompts, others in (("pilot", 9, 3, 0), ("large", 40, 12, 10)):
                cohort = Cohort.objects.create(organization=organization, name=f"{label} 기수", year=2025)
                made = populate(cohort, teams, prompts, files=5, revisions=2, png=png, pdf=pdf)
                for extra in range(others):
                    other = Cohort.objects.create(organization=organization, name=f"{label} 이웃 {extra}", year=2025)
                    populate(other, 9, 3, files=0, revisions=0, png=png, pdf=pdf)
                organizer = User.objects.create_user(f"org-{label}@bench.example", None, name="정운영")
                Membership.objects.create(user=organizer, cohort=cohort, role=Role.ORGANIZER)
                team, member = made[-1]
                member_client, organizer_client = Client(), Client()
                member_client.force_login(member)
                organizer_client.force_login(organizer)
                pages = {
                    "submission page (edit)": (member_client, reverse("submission_edit", args=[cohort.pk, team.pk])),
                    "submission page (read)": (member_client, reverse("submission_detail", args=[cohort.pk, team.pk])),
                    "prompt library (organizer)": (organizer_client, reverse("prompt_library", args=[cohort.pk])),
                    "prompt library search (member)": (
                        member_client,
                        reverse("prompt_library", args=[cohort.pk]) + "?q=%EB%AF%BC%EC%9B%90&tag=%EC%9A%94%EC%95%BD",
                    ),
                    "submissions gallery (organizer)": (
                        organizer_client,
                        reverse("submission_gallery", args=[cohort.pk]),
                    ),
                }
                results[label] = ({name: time_page(c, u) for name, (c, u) in pages.items()}, teams, prompts, others)
            pilot, _, _, _ = results["pilot"]
            large, teams, prompts, others = results["large"]
            for name in pilot:
                rows.append(
                    Row(
                        f"{name} ({pilot[name].queries} queries)",
                        "9 teams × 5 files, 3 prompts",
                        pilot[name],
                        "< 200 ms",
                    )
                )
                rows.append(
                    Row(
                        f"{name} ({large[name].queries} queries)",
                        f"{teams} teams × {prompts} prompts (+{others} cohorts)",
                        large[name],
                        "< 200 ms",
                        pilot[name],
                        "pilot size",
                    )
                )
    return rows


def benchmarks() -> list:
    return upload_benchmarks() + page_benchmarks()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child(*(int(argument) for argument in sys.argv[1:6]))
