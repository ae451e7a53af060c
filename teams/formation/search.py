"""The former itself: a seeded greedy placement, then a budgeted local search of swaps. Pure."""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence

from django.utils.translation import gettext

from .model import (
    GREEDY_SCAN,
    MEDIAN_LEVEL,
    RESTART_PEOPLE,
    RESTARTS,
    WEIGHT_CLASH,
    WEIGHT_LEVEL,
    WEIGHT_MUTUAL,
    WEIGHT_TOPIC,
    FormationError,
    Person,
    Proposal,
    ProposedTeam,
    Score,
    mutual_pairs,
    team_sizes,
)


def form_teams(
    people: Sequence[Person],
    *,
    smallest: int,
    largest: int,
    seed: int = 0,
    budget: int | None = None,
) -> Proposal:
    """Propose teams for `people` within the bounds; deterministic for a seed. See the module docstring."""
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise FormationError(gettext("A participant appears twice in the list."))
    sizes = team_sizes(len(people), smallest, largest)
    # Small cohorts can afford a few independent starts (seeded from `seed`); the cheapest result wins.
    starts = max(1, min(RESTARTS, RESTART_PEOPLE // len(people)))
    seeds = random.Random(seed)
    best: _Former | None = None
    for start in range(starts):
        former = _Former(people, sizes, seed if start == 0 else seeds.randrange(2**32))
        former.run(budget)
        if best is None or former.total_cost() < best.total_cost() - 1e-9:
            best = former
    return best.proposal(seed)


class _Former:
    """The working state: people and teams by index, with per-team sums kept current on every change."""

    def __init__(self, people: Sequence[Person], sizes: list[int], seed: int):
        self.rng = random.Random(seed)
        self.people = list(people)
        n = len(people)
        self.n = n
        self.sizes = sizes
        self.k = len(sizes)
        index = {p.id: i for i, p in enumerate(people)}

        departments: dict[str, int] = {}
        self.dept = [departments.setdefault(p.department, len(departments)) if p.department else -1 for p in people]
        self.level = [p.level if p.level is not None else MEDIAN_LEVEL for p in people]
        self.topic = [p.topic for p in people]
        self.pairs = [(index[a], index[b]) for a, b in mutual_pairs(people)]
        self.partners: list[list[int]] = [[] for _ in range(n)]
        for a, b in self.pairs:
            self.partners[a].append(b)
            self.partners[b].append(a)
        self.mu = sum(self.level) / n

        self.team_of = [-1] * n
        self.members: list[list[int]] = [[] for _ in range(self.k)]
        self.lsum = [0] * self.k
        self.dcount: list[dict[int, int]] = [{} for _ in range(self.k)]
        self.tcount: list[dict[int, int]] = [{} for _ in range(self.k)]
        self.tmax = [0] * self.k

    # Building ------------------------------------------------------------------------------------

    def run(self, budget: int | None) -> None:
        self.greedy()
        if budget is None:
            budget = 20000 + 150 * self.n
        if self.k > 1:
            self.improve(budget)

    def total_cost(self) -> float:
        clashes = sum(c - 1 for counts in self.dcount for c in counts.values() if c > 1)
        level = sum((self.lsum[t] - self.sizes[t] * self.mu) ** 2 / self.sizes[t] for t in range(self.k))
        honoured = sum(1 for a, b in self.pairs if self.team_of[a] == self.team_of[b])
        return WEIGHT_CLASH * clashes + WEIGHT_LEVEL * level - WEIGHT_MUTUAL * honoured - WEIGHT_TOPIC * sum(self.tmax)

    def _add(self, i: int, t: int) -> None:
        self.team_of[i] = t
        self.members[t].append(i)
        self.lsum[t] += self.level[i]
        d = self.dept[i]
        if d >= 0:
            self.dcount[t][d] = self.dcount[t].get(d, 0) + 1
        topic = self.topic[i]
        if topic is not None:
            c = self.tcount[t].get(topic, 0) + 1
            self.tcount[t][topic] = c
            if c > self.tmax[t]:
                self.tmax[t] = c

    def _clash_increase(self, group: list[int], t: int) -> int:
        counts = self.dcount[t]
        added: dict[int, int] = {}
        clashes = 0
        for i in group:
            d = self.dept[i]
            if d < 0:
                continue
            if counts.get(d, 0) + added.get(d, 0) >= 1:
                clashes += 1
            added[d] = added.get(d, 0) + 1
        return clashes

    def greedy(self) -> None:
        """Mutual wishers' groups first, then everyone else by level, highest first, round-robin."""
        rng = self.rng
        heap = [(0, 0, rng.random(), t) for t in range(self.k)]
        heapq.heapify(heap)

        def place(group: list[int]) -> None:
            popped = []
            best = None
            while heap and len(popped) < GREEDY_SCAN:
                entry = heapq.heappop(heap)
                fill, lsum, _, t = entry
                if fill != len(self.members[t]) or lsum != self.lsum[t]:
                    continue  # stale
                popped.append(entry)
                if self.sizes[t] - fill < len(group):
                    continue
                clashes = self._clash_increase(group, t)
                if best is None or clashes < best[0]:
                    best = (clashes, t)
                    if clashes == 0:
                        break
            if best is None:  # no team had room for the whole group among those inspected: split it
                for entry in popped:
                    heapq.heappush(heap, entry)
                for i in group:
                    place([i])
                return
            chosen = best[1]
            for i in group:
                self._add(i, chosen)
            for entry in popped:
                if entry[3] != chosen:
                    heapq.heappush(heap, entry)
            if len(self.members[chosen]) < self.sizes[chosen]:
                heapq.heappush(heap, (len(self.members[chosen]), self.lsum[chosen], rng.random(), chosen))

        for group in self._wish_groups():
            place(group)
        rest = [i for i in range(self.n) if self.team_of[i] < 0]
        rng.shuffle(rest)
        rest.sort(key=lambda i: -self.level[i])
        for i in rest:
            place([i])

    def _wish_groups(self) -> list[list[int]]:
        """Connected groups of mutual wishers, cut into pieces no larger than the largest team."""
        largest = self.sizes[0]
        seen = [False] * self.n
        groups = []
        for start in range(self.n):
            if seen[start] or not self.partners[start]:
                continue
            component, stack = [], [start]
            seen[start] = True
            while stack:
                i = stack.pop()
                component.append(i)
                for j in self.partners[i]:
                    if not seen[j]:
                        seen[j] = True
                        stack.append(j)
            for offset in range(0, len(component), largest):
                piece = component[offset : offset + largest]
                if len(piece) > 1:
                    groups.append(piece)
        self.rng.shuffle(groups)
        groups.sort(key=len, reverse=True)
        return groups

    # Improving -----------------------------------------------------------------------------------

    def _topic_max_after(self, t: int, removed: int | None, added: int | None) -> int:
        best = 0
        for topic, c in self.tcount[t].items():
            if topic == removed:
                c -= 1
            if topic == added:
                c += 1
            if c > best:
                best = c
        if added is not None and added not in self.tcount[t] and best < 1:
            best = 1
        return best

    def delta(self, a: int, b: int) -> float:
        """The change of the cost if a and b (in different teams) swapped; only their two teams count."""
        ta, tb = self.team_of[a], self.team_of[b]
        change = 0.0

        da, db = self.dept[a], self.dept[b]
        if da != db:
            clashes = 0
            if da >= 0:
                clashes += (self.dcount[tb].get(da, 0) >= 1) - (self.dcount[ta][da] >= 2)
            if db >= 0:
                clashes += (self.dcount[ta].get(db, 0) >= 1) - (self.dcount[tb][db] >= 2)
            change += WEIGHT_CLASH * clashes

        la, lb = self.level[a], self.level[b]
        if la != lb:
            shift = lb - la
            sa, sb = self.sizes[ta], self.sizes[tb]
            old_a = self.lsum[ta] - sa * self.mu
            old_b = self.lsum[tb] - sb * self.mu
            new_a, new_b = old_a + shift, old_b - shift
            change += WEIGHT_LEVEL * ((new_a * new_a - old_a * old_a) / sa + (new_b * new_b - old_b * old_b) / sb)

        honoured = 0
        for p in self.partners[a]:
            if p != b:
                tp = self.team_of[p]
                honoured += (tp == tb) - (tp == ta)
        for p in self.partners[b]:
            if p != a:
                tp = self.team_of[p]
                honoured += (tp == ta) - (tp == tb)
        change -= WEIGHT_MUTUAL * honoured

        topic_a, topic_b = self.topic[a], self.topic[b]
        if topic_a != topic_b:
            gathered = (
                self._topic_max_after(ta, topic_a, topic_b)
                - self.tmax[ta]
                + self._topic_max_after(tb, topic_b, topic_a)
                - self.tmax[tb]
            )
            change -= WEIGHT_TOPIC * gathered
        return change

    def _remove(self, i: int) -> None:
        t = self.team_of[i]
        self.members[t].remove(i)
        self.lsum[t] -= self.level[i]
        d = self.dept[i]
        if d >= 0:
            self.dcount[t][d] -= 1
            if not self.dcount[t][d]:
                del self.dcount[t][d]
        topic = self.topic[i]
        if topic is not None:
            self.tcount[t][topic] -= 1
            if not self.tcount[t][topic]:
                del self.tcount[t][topic]
            self.tmax[t] = max(self.tcount[t].values(), default=0)
        self.team_of[i] = -1

    def swap(self, a: int, b: int) -> None:
        ta, tb = self.team_of[a], self.team_of[b]
        self._remove(a)
        self._remove(b)
        self._add(a, tb)
        self._add(b, ta)

    def improve(self, budget: int) -> None:
        """Hill-climb on swaps: random ones, and ones aimed at an open problem (a clash, a split mutual pair)."""
        rng, n = self.rng, self.n
        team_of, members, pairs = self.team_of, self.members, self.pairs
        patience = 2000 + 25 * n
        idle = 0
        for _ in range(budget):
            roll = rng.random()
            a = rng.randrange(n)
            if pairs and roll < 0.25:
                x, y = pairs[rng.randrange(len(pairs))]
                if team_of[x] != team_of[y]:
                    if rng.random() < 0.5:
                        x, y = y, x
                    a = x
                    others = [j for j in members[team_of[y]] if j != y]
                    b = others[rng.randrange(len(others))] if others else y
                    if b == y:
                        continue
                else:
                    b = rng.randrange(n)
            elif roll < 0.5:
                # prefer someone who shares a department with a teammate
                for _ in range(3):
                    d = self.dept[a]
                    if d >= 0 and self.dcount[team_of[a]][d] >= 2:
                        break
                    a = rng.randrange(n)
                b = rng.randrange(n)
            else:
                b = rng.randrange(n)
            if team_of[a] == team_of[b]:
                continue
            if self.delta(a, b) < -1e-9:
                self.swap(a, b)
                idle = 0
            else:
                idle += 1
                if idle > patience:
                    break

    # Result --------------------------------------------------------------------------------------

    def _team_topics(self) -> list[int | None]:
        """Each team's topic: one its members wished, different teams getting different topics where possible.

        Greedy by how many members wished it, then augmenting paths (Kuhn) give a topic to teams left without
        one by moving another team to its next wished topic. A team whose wishes are all taken shares its
        favourite; a team without wishes gets none.
        """
        candidates = sorted(
            ((-count, t, topic) for t in range(self.k) for topic, count in self.tcount[t].items()),
            key=lambda item: (item[0], item[1], str(item[2])),
        )
        chosen: dict[int, int] = {}
        holder: dict[int, int] = {}
        for _, t, topic in candidates:
            if t not in chosen and topic not in holder:
                chosen[t] = topic
                holder[topic] = t
        wished = {
            t: sorted(self.tcount[t], key=lambda topic: (-self.tcount[t][topic], str(topic))) for t in range(self.k)
        }

        def augment(t: int, seen: set[int]) -> bool:
            for topic in wished[t]:
                if topic in seen:
                    continue
                seen.add(topic)
                other = holder.get(topic)
                if other is None or augment(other, seen):
                    chosen[t] = topic
                    holder[topic] = t
                    return True
            return False

        for t in range(self.k):
            if t not in chosen and wished[t]:
                augment(t, set())
        for t in range(self.k):
            if t not in chosen and wished[t]:
                chosen[t] = wished[t][0]
        return [chosen.get(t) for t in range(self.k)]

    def proposal(self, seed: int) -> Proposal:
        topics = self._team_topics()
        ids = [p.id for p in self.people]
        teams = tuple(
            ProposedTeam(members=tuple(sorted(ids[i] for i in self.members[t])), topic=topics[t]) for t in range(self.k)
        )
        clashes = sum(c - 1 for counts in self.dcount for c in counts.values() if c > 1)
        per_department: dict[int, int] = {}
        for d in self.dept:
            if d >= 0:
                per_department[d] = per_department.get(d, 0) + 1
        unavoidable = sum(max(0, c - self.k) for c in per_department.values())
        means = [self.lsum[t] / self.sizes[t] for t in range(self.k)]
        honoured = sum(1 for a, b in self.pairs if self.team_of[a] == self.team_of[b])
        topic_total = sum(1 for topic in self.topic if topic is not None)
        topic_honoured = sum(
            1 for i in range(self.n) if self.topic[i] is not None and self.topic[i] == topics[self.team_of[i]]
        )
        score = Score(
            department_clashes=clashes,
            department_clashes_unavoidable=unavoidable,
            level_spread=round(max(means) - min(means), 2),
            mutual_wishes_honoured=honoured,
            mutual_wishes_total=len(self.pairs),
            topic_wishes_honoured=topic_honoured,
            topic_wishes_total=topic_total,
        )
        return Proposal(teams=teams, score=score, seed=seed)
