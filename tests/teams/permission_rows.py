"""The teams app's rows of the permission table (tests/test_permissions.py)."""

from teams.models import FormationStatus, TeamFormation
from tests.permissions import ANY_MEMBER, COHORT_STAFF, statuses

from .factories import TeamFactory, TopicFactory

# forming teams: the facilitators and the organizers
FACILITATOR_ONLY = statuses(302, 403, 200, 403, 200, 404)
FACILITATOR_POSTS = statuses(302, 403, 302, 403, 302, 404)
PARTICIPANT_ONLY = statuses(302, 200, 403, 403, 403, 404)


def _cohort(w):
    return {"pk": w["cohort"].pk}


def _team(w):
    TeamFormation.objects.update_or_create(cohort=w["cohort"], defaults={"status": FormationStatus.FINALIZED})
    return {"pk": w["cohort"].pk, "team_pk": TeamFactory(cohort=w["cohort"]).pk}


def _topic(w):
    return {"pk": w["cohort"].pk, "topic_pk": TopicFactory(cohort=w["cohort"]).pk}


ROWS = {
    "team_list": ("get", _cohort, ANY_MEMBER),
    "team_detail": ("get", _team, ANY_MEMBER),
    "team_preferences": ("get", _cohort, PARTICIPANT_ONLY),
    "topic_list": ("get", _cohort, COHORT_STAFF),
    "topic_delete": ("post", _topic, statuses(302, 403, 302, 403, 302, 404)),
    "team_formation": ("get", _cohort, FACILITATOR_ONLY),
    "team_auto_form": ("post", _cohort, FACILITATOR_POSTS),
    "team_move": ("post", _cohort, FACILITATOR_POSTS),
    "team_finalize": ("post", _cohort, FACILITATOR_POSTS),
    "team_create": ("post", _cohort, FACILITATOR_POSTS),
    "team_edit": ("get", _team, FACILITATOR_ONLY),
    "team_delete": ("post", _team, FACILITATOR_POSTS),
}
