"""Assigning a round's entries to its panel (every judge, or k per entry by a min-cost flow in assignment.py)
and the report the page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from learninggroup.models import User

from ..models import Conflict, Entry, EntryStatus, JudgeAssignment, PanelJudge, Round
from .common import ContestError, judging_ended
from .conflicts import conflicts_detect


@dataclass
class AssignmentReport:
    created: int
    kept: int
    connected: bool
    components: int
    problems: list[str]
    uncovered: list[int]


@transaction.atomic
def assignment_run(*, rnd: Round, actor: User | None = None, seed: int = 0) -> AssignmentReport:
    """Assign the round's entries to its panel. Every judge scores every entry (minus conflicts) unless the
    contest sets judges per entry; then a min-cost flow balances the loads (assignment.py). Once the panel
    froze, existing assignments are kept and only entries short of judges get new ones. What cannot be
    covered is assigned as far as it goes and explained in the report."""
    from .. import assignment as solver  # noqa: PLC0415 -- slow import

    rnd = Round.objects.select_related("contest").get(pk=rnd.pk)
    contest = rnd.contest
    if rnd.is_peer:
        raise ContestError(_("A peer round has no judges."))
    judging_ended(contest)
    conflicts_detect(contest=contest)
    entries = list(Entry.objects.filter(contest=contest, status=EntryStatus.ACTIVE).order_by("number"))
    panel = list(PanelJudge.objects.filter(round=rnd).select_related("judge__user").order_by("judge__user__name"))
    if not entries:
        raise ContestError(_("There are no entries to assign."), code="no_entries")
    if not panel:
        raise ContestError(_("Put judges on the panel first."), code="no_judges")
    blocked = set(
        Conflict.objects.filter(contest=contest, overridden_at__isnull=True).values_list("entry_id", "judge_id")
    )
    existing = set(JudgeAssignment.objects.filter(round=rnd).values_list("entry_id", "judge_id"))
    shadow = {p.judge_id for p in panel if p.is_shadow}
    counted = [p.judge_id for p in panel if p.judge_id not in shadow]
    entry_ids = [e.pk for e in entries]
    frozen = rnd.panel_frozen_at is not None
    result = solver.assign(
        entry_ids,
        counted,
        blocked,
        per_entry=contest.judges_per_entry,
        max_load=contest.max_load,
        existing=[p for p in existing if p[1] not in shadow] if frozen else [],
        seed=seed,
        labels={e.pk: str(e.number) for e in entries},
        judge_labels={p.judge_id: p.judge.user.name for p in panel},
    )
    wanted = set(result.pairs)
    # Shadow judges score every entry they have no conflict with; they never count.
    wanted |= {(e, j) for e in entry_ids for j in shadow if (e, j) not in blocked}
    if not frozen:
        for entry_id, judge_id in existing - wanted:
            JudgeAssignment.objects.filter(round=rnd, entry_id=entry_id, judge_id=judge_id, sheet__isnull=True).delete()
    to_create = wanted - existing
    JudgeAssignment.objects.bulk_create(
        JudgeAssignment(round=rnd, entry_id=entry_id, judge_id=judge_id, is_shadow=judge_id in shadow)
        for entry_id, judge_id in sorted(to_create)
    )
    numbers = {e.pk: e.number for e in entries}
    # A kept pair with a conflict is already listed on the conflicts page.
    shortfalls = [p for p in result.problems if p.code != solver.PROBLEM_EXISTING_CONFLICT]
    pairs = [
        p for p in JudgeAssignment.objects.filter(round=rnd).values_list("entry_id", "judge_id") if p[1] not in shadow
    ]
    components = solver.graph_parts(pairs)
    return AssignmentReport(
        created=len(to_create),
        kept=len(existing & wanted),
        connected=components <= 1,
        components=components,
        problems=[p.message for p in shortfalls],
        uncovered=[numbers[p.entry_id] for p in shortfalls if p.entry_id in numbers],
    )
