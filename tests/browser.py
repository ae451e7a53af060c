"""Shared by the browser tests: Debian's Chromium (no browser download) and signing in as a demo person.

The fixtures `browser` (one Chromium for the whole run), `new_page` (a factory of pages, each in its own
context, i.e. its own cookies) and `page` live in tests/conftest.py.
"""

import shutil

import pytest

from learninggroup.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


def sign_in(page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_load_state()
