"""Behind the reverse proxy: the client address and the scheme come only from the configured proxy."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from learninggroup.proxy import TrustedProxyMiddleware, client_address
from tests.factories import PASSWORD, UserFactory

PROXY = "172.30.0.2"
PERSON = "203.0.113.10"
ATTACKER = "198.51.100.9"


def seen(settings, remote_addr: str, **headers) -> dict:
    """What the application sees of one request: the client address and whether it is HTTPS."""
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    middleware = TrustedProxyMiddleware(lambda r: HttpResponse())
    middleware(request)
    return {
        "address": request.META["REMOTE_ADDR"],
        "secure": request.is_secure(),
        "forwarded_for": request.META.get("HTTP_X_FORWARDED_FOR"),
    }


def test_the_trusted_proxy_gives_the_client_address_and_https(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    view = seen(settings, PROXY, HTTP_X_FORWARDED_FOR=PERSON, HTTP_X_FORWARDED_PROTO="https")

    assert view == {"address": PERSON, "secure": True, "forwarded_for": PERSON}


def test_anyone_else_cannot_claim_an_address_or_https(settings):
    settings.TRUSTED_PROXIES = [PROXY]

    view = seen(settings, ATTACKER, HTTP_X_FORWARDED_FOR=PERSON, HTTP_X_FORWARDED_PROTO="https")

    assert view == {"address": ATTACKER, "secure": False, "forwarded_for": None}


def test_without_a_configured_proxy_the_headers_are_ignored(settings):
    settings.TRUSTED_PROXIES = []

    view = seen(settings, "127.0.0.1", HTTP_X_FORWARDED_FOR=PERSON, HTTP_X_FORWARDED_PROTO="https")

    assert view == {"address": "127.0.0.1", "secure": False, "forwarded_for": None}


def test_a_forged_left_part_of_x_forwarded_for_is_not_believed(settings):
    """The client sends its own X-Forwarded-For; the proxy appends the address it saw: the right-most counts."""
    settings.TRUSTED_PROXIES = ["172.30.0.0/24"]

    view = seen(settings, PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {PERSON}")

    assert view["address"] == PERSON


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        (PERSON, PERSON),
        (f"{PERSON}, 172.30.0.3", PERSON),  # a second proxy of ours in the chain is skipped
        ("", PROXY),
        ("not-an-address", PROXY),
    ],
)
def test_client_address_walks_the_chain_from_the_right(forwarded_for, expected):
    assert client_address(PROXY, forwarded_for, ("172.30.0.0/24",)) == expected


@pytest.mark.django_db
def test_log_in_limits_count_the_real_client_behind_the_proxy(settings):
    """A guesser and an official reach gunicorn through the same proxy; only the guesser waits."""
    settings.TRUSTED_PROXIES = [PROXY]
    official = UserFactory()
    through_proxy = Client(REMOTE_ADDR=PROXY)
    for _ in range(6):
        through_proxy.post(
            reverse("account_login"),
            {"login": official.email, "password": "wrong-guess"},
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )

    guesser = through_proxy.post(
        reverse("account_login"), {"login": official.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    official_login = Client(REMOTE_ADDR=PROXY).post(
        reverse("account_login"), {"login": official.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR=PERSON
    )

    assert "로그인에 여러 번 실패했습니다." in guesser.content.decode()
    assert official_login.status_code == 302


@pytest.mark.django_db
def test_a_client_cannot_dodge_the_limit_by_sending_x_forwarded_for(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    official = UserFactory()
    client = Client(REMOTE_ADDR=ATTACKER)
    for n in range(6):
        client.post(
            reverse("account_login"),
            {"login": official.email, "password": "wrong-guess"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    again = client.post(
        reverse("account_login"), {"login": official.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert "로그인에 여러 번 실패했습니다." in again.content.decode()
