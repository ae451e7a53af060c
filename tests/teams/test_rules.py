"""The teams permissions: a team's private part (attendance, notes) for its members and the cohort's staff."""

import rules
from django.contrib.auth import get_user_model

from learninggroup.models import Role


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_a_teams_private_part_is_for_its_members_and_the_staff(cohort, make_team, make_member, facilitator, organizer):
    team, other = make_team(size=3), make_team(size=3)
    member = team.members.select_related("membership__user").first().membership.user
    outsider = other.members.select_related("membership__user").first().membership.user
    judge = make_member(Role.JUDGE, cohort)

    allowed = {
        name: fresh(user).has_perm("teams.view_team_private", team)
        for name, user in [
            ("member", member),
            ("outsider", outsider),
            ("judge", judge),
            ("facilitator", facilitator),
            ("organizer", organizer),
        ]
    }

    assert allowed == {"member": True, "outsider": False, "judge": False, "facilitator": True, "organizer": True}


def test_draft_teams_are_for_the_staff(cohort, make_member, facilitator, organizer):
    participant = make_member(Role.PARTICIPANT, cohort)
    assert [fresh(u).has_perm("teams.view_draft_teams", cohort) for u in (participant, facilitator, organizer)] == [
        False,
        True,
        True,
    ]


def test_the_duplicate_and_dead_rules_are_gone():
    import sessions.rules

    assert rules.perm_exists("learning_sessions.read_all_notes") is False
    assert not hasattr(sessions.rules, "is_session_staff")
