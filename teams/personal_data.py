"""Teams' personal data: wishes and the change log (see privacy/registry.py). Teams and their members stay:
a published result is credited to the team, whose members keep only their department after destruction."""

from __future__ import annotations

from learninggroup.dates import iso

from .models import TeamChangeLog, TeamMembership, TeamPreference


def export_person(*, user) -> dict[str, list[dict]]:
    teams = TeamMembership.objects.filter(membership__user=user).select_related("team", "team__cohort")
    wishes = TeamPreference.objects.filter(membership__user=user).select_related(
        "membership__cohort", "topic", "colleague1__user", "colleague2__user"
    )
    changes = TeamChangeLog.objects.filter(membership__user=user).select_related("cohort")
    return {
        "teams": [
            {"cohort": t.team.cohort.name, "team": t.team.name, "topic": t.team.topic, "joined_at": iso(t.joined_at)}
            for t in teams.order_by("joined_at", "pk")
        ],
        "team_wishes": [
            {
                "cohort": w.membership.cohort.name,
                "topic": w.topic.name if w.topic else "",
                "colleague1": w.colleague1.user.name if w.colleague1 else "",
                "colleague2": w.colleague2.user.name if w.colleague2 else "",
            }
            for w in wishes.order_by("pk")
        ],
        "team_changes": [
            {
                "cohort": c.cohort.name,
                "change": c.kind,
                "from_team": c.from_team_name,
                "to_team": c.to_team_name,
                "reason": c.reason,
                "at": iso(c.at),
            }
            for c in changes.order_by("at", "pk")
        ],
    }


def purge_cohort(*, cohort, anonymize_user_ids: frozenset[int], dry_run: bool) -> dict[str, int]:
    wishes = TeamPreference.objects.filter(membership__cohort=cohort)
    changes = TeamChangeLog.objects.filter(cohort=cohort)
    report = {"team_wishes": wishes.count(), "team_changes": changes.count()}
    if dry_run:
        return report
    wishes.delete()
    changes.delete()
    return report
