"""The access log: what one access records, and that nobody can rewrite or remove it."""

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learninggroup.audit.log import access_logged, record_access
from learninggroup.audit.models import AccessLog, AppendOnlyError
from learninggroup.audit.services import access_log_expire
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")


def _request(user, path="/cohorts/1/roster/?q=%EA%B9%80", address="203.0.113.7"):
    request = RequestFactory().get(path, REMOTE_ADDR=address)
    request.user = user
    return request


def test_one_access_is_one_insert_with_account_time_address_subject_and_action():
    actor = UserFactory(name="정수진", email="organizer@busan.example")
    subject = UserFactory(name="김민준", email="minjun@busan.example")
    cohort = CohortFactory()
    request = _request(actor)

    with CaptureQueriesContext(connection) as queries:
        entry = record_access(request, action="change", dataset="attendance", cohort=cohort, subject=subject)

    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]
    entry = AccessLog.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_label) == (actor.pk, "정수진 <organizer@busan.example>")
    assert (entry.subject_id, entry.subject_label) == (subject.pk, "김민준 <minjun@busan.example>")
    assert (entry.client_address, entry.action, entry.dataset, entry.cohort_id) == (
        "203.0.113.7",
        "change",
        "attendance",
        cohort.pk,
    )
    assert entry.path == "/cohorts/1/roster/?q=%EA%B9%80"
    assert abs(entry.at - timezone.now()) < dt.timedelta(seconds=5)


def test_an_address_that_is_not_an_ip_is_kept_empty_and_an_unknown_action_is_refused():
    entry = record_access(_request(UserFactory(), address="unknown"), action="view", dataset="roster")
    assert entry.client_address is None
    with pytest.raises(ValueError):
        record_access(None, action="peek", dataset="roster")


def test_a_background_job_records_the_account_that_asked_for_it():
    actor = UserFactory()
    entry = record_access(None, action="export", dataset="casebook", actor=actor, detail="job 7")
    assert (entry.actor_id, entry.client_address, entry.path, entry.detail) == (actor.pk, None, "", "job 7")


def test_the_decorator_records_only_successful_answers():
    from django.http import HttpResponse

    @access_logged("view", "roster")
    def ok(request, pk, session_pk):
        return HttpResponse("ok")

    @access_logged("view", "roster")
    def refused(request, pk):
        return HttpResponse("no", status=403)

    user = UserFactory()
    ok(_request(user, "/x/?q=%EA%B5%90%ED%86%B5&page=2&secret=1"), pk=3, session_pk=9)
    refused(_request(user), pk=3)

    assert list(AccessLog.objects.values_list("dataset", "detail")) == [("roster", "session_pk=9 q=교통 page=2")]


def test_the_application_cannot_change_or_delete_an_entry():
    entry = record_access(None, action="view", dataset="roster")
    entry.detail = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).detail == ""


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_accesslog SET detail = 'rewritten' WHERE id = %s",
        "UPDATE audit_accesslog SET at = now() - interval '10 years' WHERE id = %s",
        "DELETE FROM audit_accesslog WHERE id = %s",
    ],
)
def test_raw_sql_cannot_update_or_delete_a_recent_entry_on_postgresql(sql):
    entry = record_access(None, action="view", dataset="roster")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])

    assert AccessLog.objects.filter(pk=entry.pk, detail="").exists()


@postgres_only
def test_an_entry_past_two_years_may_be_removed_and_expiry_removes_only_those():
    now = timezone.now()
    old = AccessLog.objects.create(action="view", dataset="roster", at=now - dt.timedelta(days=731))
    kept = AccessLog.objects.create(action="view", dataset="roster", at=now - dt.timedelta(days=729))

    assert access_log_expire(now=now, dry_run=True) == 1
    assert access_log_expire(now=now) == 1

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_a_retention_below_two_years_fails_the_system_check(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 365
    assert [e.id for e in run_checks() if e.id.startswith("audit.")] == ["audit.E001"]
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    assert [e.id for e in run_checks() if e.id.startswith("audit.")] == []
