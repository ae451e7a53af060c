"""Structured logs: one JSON line per request and per task with the request id, user id and cohort id; errors
with their traceback in the log and never on the page."""

import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from learninggroup.logs import ContextFilter, JsonFormatter, masked_path
from tests.factories import InvitationFactory

PROXY = "172.30.0.2"


@pytest.fixture
def log_lines():
    """Every line written during the test, parsed, as the production handler would write it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def requests_of(lines):
    return [line for line in lines if line.get("event") == "request"]


@pytest.mark.django_db
def test_one_line_per_request_with_request_user_and_cohort_ids(client, organizer, cohort, log_lines):
    client.force_login(organizer)

    response = client.get(reverse("cohort_dashboard", args=[cohort.pk]))

    [line] = requests_of(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert (line["user_id"], line["cohort_id"]) == (organizer.pk, cohort.pk)
    assert (line["method"], line["path"], line["status"]) == ("GET", f"/cohorts/{cohort.pk}/dashboard/", 200)
    assert line["level"] == "INFO" and line["logger"] == "learninggroup.request"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.django_db
def test_signed_out_requests_have_no_user_and_no_query_string(client, log_lines):
    client.get("/accounts/login/?next=/cohorts/1/&email=someone@city.example")

    [line] = requests_of(log_lines())
    assert (line["user_id"], line["cohort_id"], line["path"]) == (None, None, "/accounts/login/")
    assert "someone" not in json.dumps(log_lines())


def test_secret_tokens_in_paths_are_masked():
    assert masked_path("/invitation/Xk3v9_aQ2LmP0wRt5yUz7bNc1dEf/") == "/invitation/…/"
    assert masked_path("/cohorts/3/calendar/aB3dE5fG7hJ9kL1mN3pQ5rS7.ics") == "/cohorts/3/calendar/…"
    assert masked_path("/cohorts/3/sessions/12/qr/") == "/cohorts/3/sessions/12/qr/"


@pytest.mark.django_db
def test_the_request_id_comes_from_the_trusted_proxy_only(settings, log_lines):
    settings.TRUSTED_PROXIES = [PROXY]

    through_proxy = Client(REMOTE_ADDR=PROXY).get(
        "/healthz", HTTP_X_REQUEST_ID="3f2a9c4e-77b1-4d0e-9a55-1c2b3d4e5f60", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    forged = Client(REMOTE_ADDR="198.51.100.9").get(
        "/healthz", HTTP_X_REQUEST_ID="3f2a9c4e-77b1-4d0e-9a55-000000000000"
    )

    first, second = requests_of(log_lines())
    assert through_proxy["X-Request-ID"] == first["request_id"] == "3f2a9c4e-77b1-4d0e-9a55-1c2b3d4e5f60"
    assert first["client"] == "203.0.113.10"
    assert forged["X-Request-ID"] == second["request_id"] != "3f2a9c4e-77b1-4d0e-9a55-000000000000"
    assert second["client"] == "198.51.100.9"


@pytest.mark.django_db
@pytest.mark.urls("tests.learninggroup.error_urls")
@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_an_error_is_logged_with_its_traceback_and_never_shown(client, log_lines, settings, debug):
    settings.DEBUG = debug
    client.raise_request_exception = False

    response = client.get("/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "secret detail" not in page and "Traceback" not in page
    assert "일시적인 오류가 발생했습니다" in page  # the project's own page, also with DEBUG on
    lines = log_lines()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    [request] = requests_of(lines)
    assert error["logger"] == "django.request"
    assert error["request_id"] == request["request_id"] == response["X-Request-ID"]
    assert "Traceback (most recent call last)" in error["exc"]
    assert "RuntimeError: secret detail that must not reach the page" in error["exc"]
    assert request["status"] == 500


@pytest.mark.django_db(transaction=True)  # the task is sent when the view's transaction commits, as in production
def test_a_task_sent_by_a_request_logs_one_line_with_that_request_id(client, organizer, cohort, log_lines):
    invitation = InvitationFactory(cohort=cohort)
    client.force_login(organizer)

    response = client.post(reverse("invitation_resend", args=[cohort.pk, invitation.pk]))

    lines = log_lines()
    tasks = [line for line in lines if line.get("event") == "task"]
    [request] = requests_of(lines)
    assert [task["task"] for task in tasks] == ["notifications.send_pending"]
    assert tasks[0]["state"] == "SUCCESS"
    assert tasks[0]["request_id"] == request["request_id"] == response["X-Request-ID"]
    assert (tasks[0]["user_id"], tasks[0]["cohort_id"]) == (organizer.pk, cohort.pk)


def test_a_failing_task_is_logged_with_its_traceback(log_lines):
    from celery import shared_task

    @shared_task(name="tests.failing_for_log")
    def failing():
        raise ValueError("task broke")

    result = failing.apply(throw=False)

    lines = log_lines()
    [failure] = [line for line in lines if line["level"] == "ERROR"]
    [done] = [line for line in lines if line.get("event") == "task"]
    assert result.state == "FAILURE"
    assert failure["logger"] == "celery.app.trace"
    assert "Traceback (most recent call last)" in failure["exc"]
    assert "ValueError: task broke" in failure["exc"]
    assert (done["task"], done["state"]) == ("tests.failing_for_log", "FAILURE")
