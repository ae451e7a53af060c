"""Content-Security-Policy: every page sends it, and no page breaks it in a real browser.

The browser test signs in as each role of the demo cohort (and as a staff account, and signed out), follows
every link it finds on this origin (one page per URL shape, e.g. /cohorts/N/teams/N/), and fails on any
violation Chromium reports: a `securitypolicyviolation` event or a "Content Security Policy" console message.

Log-in lands on the current cohort, whose contest is still a draft and which has no export yet, so the crawl
also starts from the 2025 pilot's contests and exports pages (a judged and published contest, the Ministry's
entry forms, an export job): those pages become the representatives of their shapes, and each role reaches the
contest pages it may open (judging desk and scoresheets, results, feedback) and the export pages.
"""

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import BROWSER_MARKS, sign_in


def in_browser(test):
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def parse_policy(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name] = value.strip()
    return directives


@pytest.mark.django_db
def test_every_page_sends_the_platform_policy(client, organizer, cohort):
    client.force_login(organizer)
    for url in ("/accounts/login/", reverse("home"), reverse("cohort_dashboard", args=[cohort.pk]), "/healthz"):
        response = client.get(url)

        assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY, url


@pytest.mark.django_db
def test_not_found_and_forbidden_pages_send_the_policy_too(client, participant, cohort):
    client.force_login(participant)

    missing = client.get("/cohorts/999999/")
    forbidden = client.get(reverse("cohort_settings", args=[cohort.pk]))

    assert missing.status_code == 404
    assert forbidden.status_code == 403
    assert parse_policy(missing["Content-Security-Policy"]) == EXPECTED_POLICY
    assert parse_policy(forbidden["Content-Security-Policy"]) == EXPECTED_POLICY


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:|hx-on[:-]",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_handlers_or_style_attributes(settings):
    """Templates are checked as text too, so a page no test visits cannot slip one in."""
    from pathlib import Path

    offenders = []
    for root in [Path(settings.BASE_DIR) / "templates"]:
        for path in sorted(root.rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if INLINE.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")

    assert offenders == []


# --- in the browser ---------------------------------------------------------------------------------------

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
}, true);
"""

# Links that end the visit or are not pages: sign-out, downloads and feeds (they carry their own sandbox policy).
SKIP = re.compile(
    r"/accounts/logout|/download|/files?/|\.ics$|/feed|\.xlsx$|\.csv$|\.zip$|\.pdf$|\.hwpx$"
    r"|/static/|/media/|/language/"
)
MAX_PAGES_PER_ROLE = 80


def shape(url: str) -> str:
    """One representative per URL shape: numbers and long tokens become placeholders, the query is ignored."""
    path = urlsplit(url).path
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    return re.sub(r"/[A-Za-z0-9_:-]{20,}(?=/|$)", "/T", path)


def crawl(
    page,
    base: str,
    start: str,
    limit: int = MAX_PAGES_PER_ROLE,
    also: tuple[str, ...] = (),
    statuses: dict[str, int] | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """Visit every same-origin page reachable from `start` (and the pages `also`, queued first); return
    (visited, violations, pages without CSP). `statuses` receives each visited path's HTTP status."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text} on {page.url}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    seen_shapes: set[str] = set()
    visited: list[str] = []
    missing_header: list[str] = []
    queue = deque([*also, start])
    while queue and len(visited) < limit:
        url = queue.popleft()
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        try:
            response = page.goto(url)
        except Exception as error:  # a link that turned out to be a download
            if "Download is starting" in str(error):
                continue
            raise
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # htmx processes the page and its "load" triggers fire
        visited.append(urlsplit(page.url).path)
        if statuses is not None and response is not None:
            statuses[urlsplit(page.url).path] = response.status
        if response is not None and response.headers.get("content-type", "").startswith("text/html"):
            if "content-security-policy" not in response.headers:
                missing_header.append(url)
        violations.extend(f"{v} on {page.url}" for v in page.evaluate("window.__cspViolations || []"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            absolute = urljoin(page.url, href).split("#")[0]
            if absolute.startswith(base) and not SKIP.search(urlsplit(absolute).path):
                if shape(absolute) not in seen_shapes:
                    queue.append(absolute)
    return visited, violations, missing_header


@pytest.fixture
def demo(transactional_db):
    from contests.demo import INTERNAL_NAME, MINISTRY_NAME
    from contests.models import Contest, Entry
    from exports.services import export_request
    from learninggroup.demo import PILOT
    from learninggroup.models import Cohort, Membership, Role

    call_command("seed_demo", stdout=io.StringIO())
    pilot = Cohort.objects.get(name=PILOT["name"])
    organizer = Membership.objects.filter(cohort=pilot, role=Role.ORGANIZER).first().user
    export_request(cohort=pilot, identifier="attendance-xlsx", user=organizer)  # a job page to visit
    contest = Contest.objects.get(cohort=pilot, name=INTERNAL_NAME)
    ministry = Entry.objects.filter(contest__cohort=pilot, contest__name=MINISTRY_NAME).order_by("pk").first()
    own = Entry.objects.get(contest=contest, team__members__membership__user__email="participant01@busan.example")
    return {
        "pilot": pilot.pk,
        "contest": contest.pk,
        "ministry_form": f"/cohorts/{pilot.pk}/contests/{ministry.contest_id}/entries/{ministry.pk}/form/",
        "own_feedback": f"/cohorts/{pilot.pk}/contests/{contest.pk}/entries/{own.pk}/feedback/",
    }


def pilot_pages(demo: dict, email: str) -> list[str]:
    """The pilot's pages each role starts from besides its landing page (all of them open to that role)."""
    contests = f"/cohorts/{demo['pilot']}/contests/"
    pages = [contests, f"{contests}{demo['contest']}/"]
    if email.startswith(("organizer", "facilitator")):
        pages.append(f"/cohorts/{demo['pilot']}/exports/")
    if email.startswith("organizer"):
        pages.append(demo["ministry_form"])  # the Ministry contest's entry form (its detail has the same shape)
    if email.startswith("participant"):
        pages.append(demo["own_feedback"])  # the team's results and feedback of the published contest
    if email.startswith("judge"):
        pages.append(f"{contests}{demo['contest']}/judging/")
    return pages


@pytest.mark.parametrize(
    ("email", "must_visit"),
    [
        (
            "organizer1@busan.example",
            [
                r"/dashboard/$",
                r"/roster/$",
                r"/settings/$",
                r"/sessions/$",
                r"/contests/\d+/$",
                r"/contests/\d+/results/$",
                r"/contests/\d+/entries/\d+/form/$",
                r"/exports/$",
                r"/exports/\d+/$",
                r"/certificates/$",
            ],
        ),
        ("facilitator1@busan.example", [r"/attendance/$", r"/qr/$", r"/teams/$", r"/contests/$", r"/exports/\d+/$"]),
        (
            "participant01@busan.example",
            [r"/submissions/$", r"/prompts/$", r"/calendar/$", r"/contests/$", r"/contests/\d+/entries/\d+/feedback/$"],
        ),
        ("judge1@busan.example", [r"/teams/$", r"/contests/\d+/judging/$", r"/contests/sheets/\d+/$"]),
    ],
)
@in_browser
def test_no_page_of_a_role_breaks_the_policy(browser, live_server, demo, email, must_visit):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    starts = pilot_pages(demo, email)
    statuses: dict[str, int] = {}
    try:
        sign_in(page, live_server, email)
        also = tuple(f"{live_server.url}{path}" for path in starts)
        visited, violations, missing_header = crawl(page, live_server.url, page.url, also=also, statuses=statuses)
    finally:
        context.close()
    print(f"\n{email} visited {len(visited)} pages:", *visited, sep="\n  ")  # shown with -s or on failure

    assert violations == []
    assert missing_header == []
    assert len(visited) >= 8, visited  # the crawl really went through the role's pages
    assert [shape for shape in must_visit if not any(re.search(shape, path) for path in visited)] == [], visited
    assert {path: statuses.get(path) for path in starts} == dict.fromkeys(starts, 200)


@in_browser
def test_signed_out_and_staff_pages_do_not_break_the_policy(browser, live_server, demo, django_user_model):
    django_user_model.objects.create_superuser(email="admin@busan.example", password="admin-password-0")
    context = browser.new_context(locale="ko-KR")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    try:
        anonymous_visited, anonymous_violations, _ = crawl(page, live_server.url, f"{live_server.url}/accounts/login/")
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "admin@busan.example")
        page.fill("#id_password", "admin-password-0")
        page.locator("input[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        staff_visited, staff_violations, _ = crawl(page, live_server.url, f"{live_server.url}/admin/", limit=12)
    finally:
        context.close()

    assert anonymous_violations == []
    assert staff_violations == []
    assert "/accounts/password/reset/" in anonymous_visited
    assert "/admin/" in staff_visited


@in_browser
def test_the_watch_reports_an_inline_script_and_handler(browser, live_server):
    """The detector itself: a page with an inline script and an onclick under the policy is caught."""
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    url = f"{live_server.url}/csp-probe/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'; style-src 'self'"},
            body='<p style="color:red" onclick="x()">x</p><script>document.title="ran"</script>',
        ),
    )
    try:
        _, violations, _ = crawl(page, live_server.url, url)
        title = page.title()
    finally:
        context.close()

    assert title != "ran"
    assert any("script-src" in v for v in violations)
    assert any("style-src" in v for v in violations)
