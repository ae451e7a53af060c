"""Balanced automatic team formation: plain data in, plain data out, no ORM.

Given the participants (department, AI-experience level, topic wish, wished colleagues) and the cohort's
bounds on team size, `form_teams` proposes teams that

1. all have a legal size, with the fewest teams the bounds allow (35 with 3–4 → 8 × 4 + 1 × 3);
2. mix departments (no two people of one department in a team where that can be avoided);
3. balance the mean AI level across teams (a missing level counts as the median, 3);
4. keep mutual colleague wishes (A wishes B and B wishes A) together, and
5. gather people who wish the same topic,

in that order of importance, as far as the earlier objectives allow. The result is the same for the same
input and seed. It works in two steps: a seeded greedy placement (mutual wishers first, then by level,
highest first, into the emptiest team with the lowest level sum that has nobody of the same department),
then a local search of swaps that lower a weighted cost, with the change of each swap computed from the
two teams involved only, under a fixed budget of attempts — so 2,000 people take a second or two.
"""

from .model import (
    MEDIAN_LEVEL,
    FormationError,
    Person,
    Proposal,
    ProposedTeam,
    Score,
    mutual_pairs,
    team_sizes,
)
from .search import form_teams

__all__ = [
    "MEDIAN_LEVEL",
    "FormationError",
    "Person",
    "Proposal",
    "ProposedTeam",
    "Score",
    "form_teams",
    "mutual_pairs",
    "team_sizes",
]
