"""The security spec: every URL the project defines × every role → the expected status.

A URL of ours with no row fails the test, so every new view must say who may see it. Each feature app keeps
its rows in ``tests/<app>/permission_rows.py`` as ``ROWS = {url name: (method, kwargs builder, statuses)}``;
the kwargs builder gets the ``world`` dict below (cohort, other cohort, users by role, invitation) and may
create the objects its URL needs in ``world["cohort"]``. Use ``statuses()`` and the shared rows from
``tests/permissions.py``.
"""

import importlib
import pkgutil

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from learninggroup.demo import demo_emblem
from learninggroup.emblems import organization_set_emblem
from learninggroup.models import Invitation, Role
from tests.factories import CohortFactory, MembershipFactory, PrivacyConsentFactory, PrivacyNoticeFactory
from tests.permissions import ANY_MEMBER, COHORT_STAFF, ORGANIZER_ONLY, ROLES, statuses

OUR_APPS = ("learninggroup", "notifications", "sessions", "teams", "submissions", "contests", "exports", "privacy")


def _with_emblem(cohort) -> dict:
    organization_set_emblem(organization=cohort.organization, upload=ContentFile(demo_emblem()))
    return {"pk": cohort.pk}


# url name: (method, kwargs builder, expected statuses)
TABLE = {
    "home": ("get", lambda w: {}, statuses(302, 302, 302, 302, 302, 302)),
    "cohort_list": ("get", lambda w: {}, statuses(302, 200, 200, 200, 200, 200)),
    "privacy_policy": ("get", lambda w: {}, statuses(200, 200, 200, 200, 200, 200)),
    "healthz": ("get", lambda w: {}, statuses(200, 200, 200, 200, 200, 200)),
    "set_language": ("post", lambda w: {}, statuses(302, 302, 302, 302, 302, 302)),
    "invitation_accept": ("get", lambda w: {"token": "not-a-real-token"}, statuses(404, 404, 404, 404, 404, 404)),
    "cohort_create": ("get", lambda w: {}, statuses(302, 403, 403, 403, 200, 200)),
    "cohort_home": ("get", lambda w: {"pk": w["cohort"].pk}, ANY_MEMBER),
    "cohort_dashboard": ("get", lambda w: {"pk": w["cohort"].pk}, COHORT_STAFF),
    "cohort_settings": ("get", lambda w: {"pk": w["cohort"].pk}, ORGANIZER_ONLY),
    "emblem_settings": ("get", lambda w: {"pk": w["cohort"].pk}, ORGANIZER_ONLY),
    "cohort_emblem": ("get", lambda w: _with_emblem(w["cohort"]), ANY_MEMBER),
    "cohort_roster": ("get", lambda w: {"pk": w["cohort"].pk}, COHORT_STAFF),
    "cohort_roster_import": ("get", lambda w: {"pk": w["cohort"].pk}, ORGANIZER_ONLY),
    "cohort_roster_template": ("get", lambda w: {"pk": w["cohort"].pk}, ORGANIZER_ONLY),
    "invitation_resend": (
        "post",
        lambda w: {"pk": w["cohort"].pk, "invitation_pk": w["invitation"].pk},
        statuses(302, 403, 403, 403, 302, 404),
    ),
    "membership_active": (
        "get",
        lambda w: {"pk": w["cohort"].pk, "membership_pk": w["invitation"].user.memberships.get().pk},
        ORGANIZER_ONLY,
    ),
    "privacy_accept": ("get", lambda w: {"pk": w["cohort"].pk}, ANY_MEMBER),
    "privacy_notice_new": ("get", lambda w: {"pk": w["cohort"].pk}, ORGANIZER_ONLY),
}

# Third-party views we rely on; not exhaustive, but their access must not change unnoticed.
THIRD_PARTY = {
    "account_login": ("get", lambda w: {}, statuses(200, 302, 302, 302, 302, 302)),
    "account_reset_password": ("get", lambda w: {}, statuses(200, 200, 200, 200, 200, 200)),
    "account_email": ("get", lambda w: {}, statuses(302, 200, 200, 200, 200, 200)),
    "account_change_password": ("get", lambda w: {}, statuses(302, 200, 200, 200, 200, 200)),
    "mfa_index": ("get", lambda w: {}, statuses(302, 200, 200, 200, 200, 200)),
    "admin:index": ("get", lambda w: {}, statuses(302, 302, 302, 302, 302, 302)),
}


def _app_rows() -> dict:
    import tests

    rows = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                found = importlib.import_module(f"tests.{module.name}.permission_rows")
            except ModuleNotFoundError:
                continue
            rows.update(found.ROWS)
    return rows


TABLE = {**TABLE, **_app_rows()}


def our_url_names(patterns=None, prefix=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= our_url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.split(".")[0] in OUR_APPS:
                names.add(prefix + (pattern.name or f"<unnamed {pattern.pattern}>"))
    return names


def test_every_url_of_ours_has_a_row():
    assert our_url_names() - set(TABLE) == set()
    assert set(TABLE) - our_url_names() == set(), "rows for URLs that no longer exist"


@pytest.fixture
def world(db):
    cohort = CohortFactory()
    other = CohortFactory()
    notice = PrivacyNoticeFactory(cohort=cohort)
    other_notice = PrivacyNoticeFactory(cohort=other)
    users = {"anonymous": None}
    for role in (Role.PARTICIPANT, Role.FACILITATOR, Role.JUDGE, Role.ORGANIZER):
        users[role.value] = MembershipFactory(cohort=cohort, role=role).user
        PrivacyConsentFactory(user=users[role.value], notice=notice)
    users["other_organizer"] = MembershipFactory(cohort=other, role=Role.ORGANIZER).user
    PrivacyConsentFactory(user=users["other_organizer"], notice=other_notice)
    pending = MembershipFactory(cohort=cohort).user
    invitation = Invitation.objects.create(cohort=cohort, user=pending)
    return {"cohort": cohort, "other": other, "users": users, "invitation": invitation}


ROWS = [(name, role) for name in {**TABLE, **THIRD_PARTY} for role in ROLES]


@pytest.mark.parametrize("name,role", ROWS)
def test_permission_table(client, world, name, role):
    method, kwargs, expected = {**TABLE, **THIRD_PARTY}[name]
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(world))

    response = getattr(client, method)(url, {"language": "ko"} if name == "set_language" else {})

    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_an_invitation_of_another_cohort_is_404_through_ones_own_cohort(client, world):
    foreign = Invitation.objects.create(cohort=world["other"], user=MembershipFactory(cohort=world["other"]).user)
    client.force_login(world["users"]["organizer"])

    response = client.post(reverse("invitation_resend", args=[world["cohort"].pk, foreign.pk]))

    assert response.status_code == 404
