"""Every state change of teams: topics, wishes, automatic formation, moves, team details, finalizing."""

from .common import FinalizeError, TeamError, formation_lock
from .details import team_create, team_delete, team_update
from .forming import formation_finalize, teams_auto_form
from .moves import team_member_add, team_member_move, team_member_place, team_member_remove
from .wishes import preference_set, topic_add, topic_remove

__all__ = [
    "FinalizeError",
    "TeamError",
    "formation_finalize",
    "formation_lock",
    "preference_set",
    "team_create",
    "team_delete",
    "team_member_add",
    "team_member_move",
    "team_member_place",
    "team_member_remove",
    "team_update",
    "teams_auto_form",
    "topic_add",
    "topic_remove",
]
