"""Assigning a round's entries to its panel (every judge, or k per entry by a min-cost flow in assignment.py)
and the report the page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from learninggroup.models import User

from ..models import Conflict, Entry, EntryStatus, JudgeAssignment, PanelJudge, Round
from .common import ContestError
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
    problems = [_problem_text(problem, numbers) for problem in result.problems if problem.code != "existing_conflict"]
    pairs = [
        p for p in JudgeAssignment.objects.filter(round=rnd).values_list("entry_id", "judge_id") if p[1] not in shadow
    ]
    components = _components(pairs)
    return AssignmentReport(
        created=len(to_create),
        kept=len(existing & wanted),
        connected=components <= 1,
        components=components,
        problems=problems,
        uncovered=[
            numbers[p.entry_id] for p in result.problems if p.entry_id in numbers and p.code != "existing_conflict"
        ],
    )


def _problem_text(problem, numbers: dict[int, int]) -> str:
    """The solver names entries by id; people know them by their entry number."""
    if problem.entry_id is None:
        return problem.message
    return _("Entry no. %(number)s: %(message)s") % {
        "number": numbers.get(problem.entry_id, problem.entry_id),
        "message": problem.message.split(": ", 1)[-1],
    }


def _components(pairs: list[tuple[int, int]]) -> int:
    """Connected parts of the judge–entry graph (union-find; a few thousand edges)."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for entry_id, judge_id in pairs:
        a, b = find(("e", entry_id)), find(("j", judge_id))
        if a != b:
            parent[a] = b
    return len({find(x) for x in list(parent)})
