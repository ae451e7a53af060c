"""Log-in limits that fit one city-hall network: a whole cohort behind one NAT address, strangers, guessers.

Numbers (the defaults in settings): log-in attempts per address are only capped at 1,200 a minute (a lock-free
counter; allauth's own per-address limit took a lock that refused people under load); failed log-ins
count per account *and* address; 5 failures are free, then 30 s, 60 s, 2 min, … up to 15 min between tries;
200 failures in 10 minutes from one address (many accounts: password spraying) stop that address.
"""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from learninggroup import loginlimits
from tests.factories import PASSWORD, UserFactory

CITY_HALL = "203.0.113.10"  # one NAT address for the whole building
ELSEWHERE = "198.51.100.77"
WRONG = "not-the-password"


def log_in(email: str, password: str, address: str, client: Client | None = None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url != reverse("account_login")


@pytest.mark.django_db
def test_a_cohort_of_120_people_signs_in_within_one_minute_from_one_address():
    people = UserFactory.create_batch(120)

    with time_machine.travel("2025-05-13 10:00:00+00:00", tick=False) as traveller:
        results = []
        for person in people:
            results.append(signed_in(log_in(person.email, PASSWORD, CITY_HALL)))
            traveller.shift(0.4)  # 120 log-ins in 48 seconds

    assert results.count(True) == 120


@pytest.mark.django_db
def test_a_stranger_elsewhere_cannot_lock_an_official_out():
    official = UserFactory()

    stranger_refusals = [log_in(official.email, WRONG, ELSEWHERE).status_code for _ in range(20)]
    official_login = log_in(official.email, PASSWORD, CITY_HALL)

    assert stranger_refusals == [200] * 20
    assert signed_in(official_login)


@pytest.mark.django_db
def test_colleagues_mistyping_behind_the_same_address_do_not_block_each_other():
    clumsy, careful = UserFactory(), UserFactory()
    for _ in range(12):
        log_in(clumsy.email, WRONG, CITY_HALL)

    assert signed_in(log_in(careful.email, PASSWORD, CITY_HALL))


@pytest.mark.django_db
def test_a_guesser_gets_five_free_tries_then_waits_longer_each_time_and_is_told_so_in_korean():
    official = UserFactory()
    with time_machine.travel("2025-05-13 10:00:00+00:00", tick=False) as traveller:
        free = [log_in(official.email, WRONG, ELSEWHERE) for _ in range(5)]
        blocked = log_in(official.email, PASSWORD, ELSEWHERE)  # even the right password waits
        waits = []
        for _ in range(6):
            waits.append(loginlimits.seconds_to_wait(email=official.email, address=ELSEWHERE))
            traveller.shift(waits[-1])
            log_in(official.email, WRONG, ELSEWHERE)

    assert all("이메일 또는 비밀번호가 올바르지 않습니다." in r.content.decode() for r in free)
    assert blocked.status_code == 200
    assert "로그인에 여러 번 실패했습니다. 안전을 위해 30초 후에 다시 시도하세요." in blocked.content.decode()
    assert "_auth_user_id" not in blocked.wsgi_request.session
    assert waits == [30, 60, 120, 240, 480, 900]


def test_the_wait_is_said_in_minutes_and_seconds():
    assert loginlimits.wait_message(150) == "로그인에 여러 번 실패했습니다. 안전을 위해 2분 30초 후에 다시 시도하세요."
    assert loginlimits.wait_message(900) == "로그인에 여러 번 실패했습니다. 안전을 위해 15분 후에 다시 시도하세요."


def test_a_guesser_gets_about_a_hundred_tries_a_day_per_address():
    limits = loginlimits.Limits(
        per_minute=1200, free=5, delay=30, delay_max=900, memory=3600, per_address=200, per_address_window=600
    )
    elapsed, tries = 0.0, 0
    while elapsed < 24 * 3600:
        tries += 1
        elapsed += loginlimits.delay_after(tries, limits)

    assert tries == 104  # against 1,440 a day under the old 5 per 5 minutes


@pytest.mark.django_db
def test_after_the_wait_the_right_password_works_and_clears_the_count():
    official = UserFactory()
    with time_machine.travel("2025-05-13 10:00:00+00:00", tick=False) as traveller:
        for _ in range(5):
            log_in(official.email, WRONG, ELSEWHERE)
        traveller.shift(30)
        ok = log_in(official.email, PASSWORD, ELSEWHERE)

    assert signed_in(ok)
    assert loginlimits.seconds_to_wait(email=official.email, address=ELSEWHERE) == 0


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_stopped(settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 10
    targets = UserFactory.create_batch(11)

    for person in targets[:10]:
        log_in(person.email, WRONG, ELSEWHERE)
    sprayed = log_in(targets[10].email, PASSWORD, ELSEWHERE)
    other_address = log_in(targets[10].email, PASSWORD, CITY_HALL)

    assert "로그인에 여러 번 실패했습니다." in sprayed.content.decode()
    assert signed_in(other_address)


@pytest.mark.django_db
def test_a_room_of_150_people_each_mistyping_once_still_all_sign_in():
    people = UserFactory.create_batch(150)

    for person in people:
        log_in(person.email, WRONG, CITY_HALL)
    results = [signed_in(log_in(person.email, PASSWORD, CITY_HALL)) for person in people]

    assert results.count(True) == 150


@pytest.mark.django_db
def test_a_flood_from_one_address_is_capped_per_minute_without_touching_other_addresses(settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 20
    people = UserFactory.create_batch(21)

    with time_machine.travel("2025-05-13 10:00:10+00:00", tick=False):
        results = [signed_in(log_in(person.email, PASSWORD, CITY_HALL)) for person in people]
        refused = log_in(people[-1].email, PASSWORD, CITY_HALL)
        elsewhere = log_in(people[-1].email, PASSWORD, ELSEWHERE)

    assert results.count(True) == 20
    assert "안전을 위해 50초 후에 다시 시도하세요." in refused.content.decode()
    assert signed_in(elsewhere)


def test_the_attempt_counter_starts_afresh_each_minute():
    first = [loginlimits.count_attempt(address=CITY_HALL, now=600.0 + i) for i in range(3)]
    next_minute = loginlimits.count_attempt(address=CITY_HALL, now=660.0)

    assert (first, next_minute) == ([1, 2, 3], 1)
