"""The data of team formation (people in, a proposal out), its bounds and its weights. Pure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.utils.translation import gettext

from learninggroup.errors import DomainError

MEDIAN_LEVEL = 3

# The weighted cost of the local search. Department clashes dominate everything; a quarter-level shift of
# two teams' means weighs about as much as one mutual wish; one mutual wish as much as five topic wishes.
WEIGHT_CLASH = 1000.0
WEIGHT_LEVEL = 20.0
WEIGHT_MUTUAL = 10.0
WEIGHT_TOPIC = 2.0

# How many of the emptiest teams the greedy step inspects for a department-free place.
GREEDY_SCAN = 48
# Up to this many independent starts, fewer as the cohort grows (one from RESTART_PEOPLE people on).
RESTARTS = 4
RESTART_PEOPLE = 400


@dataclass(frozen=True)
class Person:
    """One participant as the former sees them. `wishes` are ids of wished colleagues (at most two count)."""

    id: int
    department: str = ""
    level: int | None = None
    topic: int | None = None
    wishes: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProposedTeam:
    members: tuple[int, ...]
    topic: int | None = None


@dataclass(frozen=True)
class Score:
    """How well the proposal meets each objective."""

    department_clashes: int  # people beyond the first of their department in their team, summed
    department_clashes_unavoidable: int  # the least any split could do (a department larger than the teams)
    level_spread: float  # highest team mean level − lowest
    mutual_wishes_honoured: int
    mutual_wishes_total: int
    topic_wishes_honoured: int  # people in a team whose topic is the one they wished
    topic_wishes_total: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Proposal:
    teams: tuple[ProposedTeam, ...]
    score: Score
    seed: int


class FormationError(DomainError):
    """No legal split exists (or the input is malformed); `message` says why, for the person."""


def team_sizes(count: int, smallest: int, largest: int) -> list[int]:
    """The sizes of the fewest teams within the bounds that hold `count` people, largest first.

    The fewest teams is ceil(count / largest); it is legal exactly when that many teams of the smallest
    size do not exceed `count` (more teams only need more people). Sizes differ by one at most.
    """
    if smallest < 1 or largest < smallest:
        raise FormationError(
            gettext("The team size bounds %(smallest)d–%(largest)d are not valid.")
            % {"smallest": smallest, "largest": largest}
        )
    if count <= 0:
        raise FormationError(gettext("There are no participants to form teams from."))
    teams = math.ceil(count / largest)
    if teams * smallest > count:
        raise FormationError(
            gettext(
                "%(count)d participants cannot be split into teams of %(smallest)d–%(largest)d people. "
                "Change the team size bounds in the cohort settings, or add or remove participants."
            )
            % {"count": count, "smallest": smallest, "largest": largest}
        )
    base, extra = divmod(count, teams)
    return [base + 1] * extra + [base] * (teams - extra)


def mutual_pairs(people: Sequence[Person]) -> list[tuple[int, int]]:
    """Pairs of ids (smaller first) who wished each other, in a stable order."""
    wished = {p.id: set(p.wishes[:2]) - {p.id} for p in people}
    pairs = set()
    for person in people:
        for other in wished[person.id]:
            if other in wished and person.id in wished[other]:
                pairs.add((min(person.id, other), max(person.id, other)))
    return sorted(pairs)
