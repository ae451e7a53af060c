"""The password hash: Argon2id at OWASP's recommended cost; PBKDF2 hashes made before keep working and are
rehashed with Argon2id at the next log-in (the order of PASSWORD_HASHERS)."""

import pytest
from argon2 import extract_parameters
from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, identify_hasher, make_password
from django.urls import reverse

from learninggroup import settings as project_settings
from learninggroup.hashers import Argon2idPasswordHasher
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the tests' fast MD5 is set in conftest


def argon2_parameters(encoded: str):
    algorithm, _, rest = encoded.partition("$")
    assert algorithm == "argon2"
    return extract_parameters("$" + rest)


def account_with_hash(encoded: str):
    official = UserFactory()
    official.password = encoded
    official.save(update_fields=["password"])
    return official


def log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_new_password_is_hashed_with_argon2id_at_19_mib_2_passes_1_lane(production_hashers):
    parameters = argon2_parameters(make_password(PASSWORD))

    assert (parameters.type.name, parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        "ID",
        19 * 1024,
        2,
        1,
    )


@pytest.mark.django_db
def test_an_account_with_an_old_pbkdf2_hash_signs_in_and_is_rehashed_with_argon2id(production_hashers, client):
    # A PBKDF2 hash as Django made them before (fewer iterations here only to keep the test fast: the
    # iteration count is written in the hash, and any count is read back).
    old = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    official = account_with_hash(old)

    response = log_in(client, official.email, PASSWORD)

    assert response.status_code == 302 and response.url != reverse("account_login")
    official.refresh_from_db()
    assert isinstance(identify_hasher(official.password), Argon2idPasswordHasher)
    assert argon2_parameters(official.password).memory_cost == 19 * 1024


@pytest.mark.django_db
def test_a_wrong_password_leaves_the_old_hash_alone(production_hashers, client):
    old = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    official = account_with_hash(old)

    response = log_in(client, official.email, "not-the-password")

    assert response.status_code == 200
    official.refresh_from_db()
    assert official.password == old


@pytest.mark.django_db
def test_an_argon2_hash_with_djangos_heavier_defaults_is_brought_to_the_projects_cost(production_hashers, client):
    heavy = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())  # 100 MiB, 8 lanes
    official = account_with_hash(heavy)

    log_in(client, official.email, PASSWORD)

    official.refresh_from_db()
    assert official.password != heavy
    assert argon2_parameters(official.password).memory_cost == 19 * 1024
