"""The project's Korean error pages are what a person sees in every mode: with DEBUG on (development) a missing
page, a refusal, a bad request and a failure show the same pages as in production, never Django's debug pages."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import path, reverse

from learninggroup.models import Role
from learninggroup.urls import urlpatterns as project_urlpatterns


def suspicious(request):
    raise SuspiciousOperation("detail for the log only")


urlpatterns = [path("suspicious/", suspicious), *project_urlpatterns]

DEBUG_PAGE_WORDS = ("Django", "Traceback", "URLconf", "DEBUG = True", "Request Method")


def no_debug_page(html: str) -> None:
    assert [word for word in DEBUG_PAGE_WORDS if word in html] == []


@pytest.fixture(params=[True, False], ids=["development", "production"])
def mode(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_a_path_that_matches_no_page_is_the_korean_404_with_the_way_back(client, make_member, cohort, mode):
    client.force_login(make_member(Role.PARTICIPANT, cohort))
    client.get(reverse("cohort_home", args=[cohort.pk]))  # the cohort opened last gives the way back

    response = client.get("/cohorts/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in html
    assert f'href="{reverse("cohort_home", args=[cohort.pk])}"' in html
    assert f'href="{reverse("home")}"' in html
    assert "<title>페이지를 찾을 수 없습니다 · AI 학습모임</title>" in html
    no_debug_page(html)


def test_a_signed_out_visitor_gets_the_korean_404_too(client, db, mode):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
    no_debug_page(response.content.decode())


def test_a_missing_slash_is_still_redirected_in_development(client, db, settings):
    settings.DEBUG = True

    response = client.get("/cohorts")

    assert (response.status_code, response["Location"]) == (301, "/cohorts/")


def test_an_object_that_does_not_exist_is_the_korean_404(client, organizer, cohort, mode):
    client.force_login(organizer)

    response = client.get(reverse("membership_active", args=[cohort.pk, 999999]))

    assert response.status_code == 404
    assert "<title>페이지를 찾을 수 없습니다 · AI 학습모임</title>" in response.content.decode()
    no_debug_page(response.content.decode())


def test_a_refusal_is_the_korean_403_for_the_role(client, participant, cohort, mode):
    client.force_login(participant)
    client.get(reverse("cohort_home", args=[cohort.pk]))  # the page says what the role can do in this cohort

    response = client.get(reverse("cohort_roster", args=[cohort.pk]))

    html = response.content.decode()
    assert response.status_code == 403
    assert "권한이 없습니다" in html and "이 기수에서 맡은 역할로는 열 수 없는 화면입니다." in html
    no_debug_page(html)


@pytest.mark.urls("tests.learninggroup.test_error_pages")
def test_a_bad_request_is_the_korean_400_and_the_detail_stays_in_the_log(client, db, mode, caplog):
    response = client.get("/suspicious/")

    html = response.content.decode()
    assert response.status_code == 400
    assert "요청을 처리할 수 없습니다" in html and "detail for the log only" not in html
    no_debug_page(html)
    assert "detail for the log only" in caplog.text


def test_allauth_still_answers_its_own_exceptions_in_development(client, organizer, mode):
    """allauth asks for the password again (a redirect) before two-factor set-up; the error pages must not take
    that exception for a failure."""
    client.force_login(organizer)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
