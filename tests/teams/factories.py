import factory

from teams.models import Team, TeamMembership, TeamPreference, Topic
from tests.factories import CohortFactory, MembershipFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"주제 {n}")
    order = factory.Sequence(lambda n: n)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"{n + 1}팀")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    membership = factory.SubFactory(MembershipFactory, cohort=factory.SelfAttribute("..team.cohort"))


class TeamPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPreference

    membership = factory.SubFactory(MembershipFactory)
