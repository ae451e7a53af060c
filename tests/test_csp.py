"""Content-Security-Policy: every page sends it, and no page breaks it in a real browser.

The browser test signs in as each role of the demo cohort (and as a staff account, and signed out), follows
every link it finds on this origin (one page per URL shape, e.g. /cohorts/N/teams/N/), and fails on any
violation Chromium reports: a `securitypolicyviolation` event or a "Content Security Policy" console message.
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


def crawl(page, base: str, start: str, limit: int = MAX_PAGES_PER_ROLE) -> tuple[list[str], list[str], list[str]]:
    """Visit every same-origin page reachable from `start`; return (visited, violations, pages without CSP)."""
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
    queue = deque([start])
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
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("email", "must_visit"),
    [
        ("organizer1@busan.example", ["/dashboard/", "/roster/", "/settings/", "/exports/", "/sessions/"]),
        ("facilitator1@busan.example", ["/attendance/", "/qr/", "/teams/"]),
        ("participant01@busan.example", ["/submissions/", "/prompts/", "/calendar/"]),
        ("judge1@busan.example", ["/teams/"]),
    ],
)
@in_browser
def test_no_page_of_a_role_breaks_the_policy(browser, live_server, demo, email, must_visit):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    try:
        sign_in(page, live_server, email)
        visited, violations, missing_header = crawl(page, live_server.url, page.url)
    finally:
        context.close()

    assert violations == []
    assert missing_header == []
    assert len(visited) >= 8, visited  # the crawl really went through the role's pages
    assert [part for part in must_visit if not any(part in path for path in visited)] == [], visited


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
