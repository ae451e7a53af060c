"""Two-factor authentication by role: the cohort names the roles (organizers, facilitators and judges for a new
cohort), and the people holding them are sent to set up TOTP before they see the cohort's pages."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from learninggroup import services
from learninggroup.models import MFA_DEFAULT_ROLES, Cohort, Role
from learninggroup.selectors import user_mfa_required_roles, user_must_enrol_mfa
from tests.factories import CohortFactory, MembershipFactory, OrganizationFactory, UserFactory


def turn_on_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.mark.django_db
def test_a_new_cohort_requires_organizers_facilitators_and_judges():
    organization, creator = OrganizationFactory(), UserFactory()

    cohort = services.cohort_create(organization=organization, creator=creator, name="새 기수", year=2026)

    assert cohort.mfa_roles == ["organizer", "facilitator", "judge"] == MFA_DEFAULT_ROLES


@pytest.mark.django_db
def test_the_new_cohort_form_proposes_the_default_roles(client, organizer, cohort):
    client.force_login(organizer)

    page = client.get(reverse("cohort_create")).content.decode()

    boxes = re.findall(r'<input[^>]*name="mfa_roles"[^>]*>', page)
    checked = [re.search(r'value="(\w+)"', box).group(1) for box in boxes if "checked" in box]
    assert len(boxes) == 4
    assert checked == ["organizer", "facilitator", "judge"]


@pytest.mark.django_db
def test_a_facilitator_is_sent_to_totp_setup_with_a_message_naming_the_role(client, make_member):
    cohort = CohortFactory(mfa_roles=list(MFA_DEFAULT_ROLES))
    facilitator = make_member(Role.FACILITATOR, cohort)
    client.force_login(facilitator)

    response = client.get(reverse("cohort_roster", args=[cohort.pk]), follow=True)

    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "이 기수에서 퍼실리테이터 역할은 2단계 인증을 사용해야 합니다." in response.content.decode()


@pytest.mark.django_db
def test_after_totp_is_on_the_facilitator_gets_in(client, make_member):
    cohort = CohortFactory(mfa_roles=list(MFA_DEFAULT_ROLES))
    facilitator = make_member(Role.FACILITATOR, cohort)
    turn_on_totp(facilitator)
    client.force_login(facilitator)

    assert client.get(reverse("cohort_roster", args=[cohort.pk])).status_code == 200


@pytest.mark.django_db
def test_participants_and_roles_not_named_are_not_asked(make_member):
    cohort = CohortFactory(mfa_roles=["organizer"])
    participant = make_member(Role.PARTICIPANT, cohort)
    judge = make_member(Role.JUDGE, cohort)

    assert (user_must_enrol_mfa(user=participant), user_must_enrol_mfa(user=judge)) == (False, False)


@pytest.mark.django_db
def test_a_deactivated_role_no_longer_requires_it(make_member):
    cohort = CohortFactory(mfa_roles=["facilitator"])
    person = make_member(Role.FACILITATOR, cohort, is_active=False)

    assert user_mfa_required_roles(user=person) == []


@pytest.mark.django_db
def test_roles_from_several_cohorts_are_combined_in_role_order():
    person = UserFactory()
    MembershipFactory(user=person, role=Role.JUDGE, cohort=CohortFactory(mfa_roles=["judge"]))
    MembershipFactory(user=person, role=Role.ORGANIZER, cohort=CohortFactory(mfa_roles=["organizer", "judge"]))
    MembershipFactory(user=person, role=Role.PARTICIPANT, cohort=CohortFactory(mfa_roles=["organizer"]))

    assert user_mfa_required_roles(user=person) == ["organizer", "judge"]


@pytest.mark.django_db
def test_unknown_roles_are_refused():
    cohort = CohortFactory()
    cohort.mfa_roles = ["organizer", "mayor"]

    with pytest.raises(Exception, match="mfa_roles"):
        cohort.full_clean()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_cohorts_choice():
    executor = MigrationExecutor(connection)
    executor.migrate([("learninggroup", "0001_initial")])
    old_apps = executor.loader.project_state([("learninggroup", "0001_initial")]).apps
    OldOrganization = old_apps.get_model("learninggroup", "Organization")
    OldCohort = old_apps.get_model("learninggroup", "Cohort")
    organization = OldOrganization.objects.create(name="부산광역시", slug="busan")
    strict = OldCohort.objects.create(organization=organization, name="엄격", year=2025, require_mfa=True)
    relaxed = OldCohort.objects.create(organization=organization, name="느슨", year=2025, require_mfa=False)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Cohort.objects.get(pk=strict.pk).mfa_roles == ["organizer", "judge"]
    assert Cohort.objects.get(pk=relaxed.pk).mfa_roles == []
