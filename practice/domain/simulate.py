"""A day-by-day simulation of a learner's reviews until an interview date, pure.

Each day until the interview the simulated learner does what the drill would give them: the
cards due that day (up to the daily maximum of reviews), then new cards, each rated and
rescheduled by the project's own scheduler (scheduling.review), learning steps repeated within
the session. Ratings are drawn with a seeded RNG: a card passes with its predicted recall (as
Hard, Good or Easy in the shares FSRS's own simulator uses), and a new card's first rating
follows FSRS's first-rating shares.

Two policies: FIXED schedules at plain desired retention with the daily new limit; INTERVIEW
schedules toward the interview date (domain.interview) and spreads the new cards left over the
days left. What comes back: reviews per day and mean predicted recall over the scope when the
interview day begins (cards never introduced count as 0).
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from practice.domain.interview import Deadline
from practice.domain.scheduling import (
    Memory,
    SchedulerSettings,
    retrievability,
    review,
)
from practice.domain.study_days import day_start, study_day

# FSRS's simulator defaults: a new card's first rating (Again, Hard, Good, Easy), and a passed
# review's rating (Hard, Good, Easy).
FIRST_RATING_SHARES = (0.24, 0.094, 0.495, 0.171)
PASS_RATING_SHARES = (0.224, 0.631, 0.145)
SESSION_HOUR = 10  # days after today are studied this many hours after the day starts
MAX_STEPS_A_DAY = 50  # a card rated Hard on a step forever would otherwise never leave


class Policy(StrEnum):
    FIXED = "fixed"
    INTERVIEW = "interview"


@dataclass(frozen=True)
class PlanCard:
    """One card of the scope: a stable key (for the fuzz seed) and its memory now."""

    key: str
    memory: Memory = Memory()


@dataclass(frozen=True)
class Limits:
    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True)
class PlanDay:
    day: date
    reviews: int  # ratings of cards studied before that day (relearning steps included)
    new: int  # new cards introduced
    learning: int = 0  # ratings of the new cards (their learning steps)
    held: int = 0  # due reviews the daily maximum held back

    @property
    def ratings(self) -> int:
        return self.reviews + self.learning


@dataclass(frozen=True)
class Projection:
    policy: Policy
    days: tuple[PlanDay, ...]
    recall: float  # mean predicted recall on the interview day over the scope
    cards: int
    introduced: int  # cards studied at least once by the interview day
    new_needed: int  # new cards a day the policy needs on the first day (FIXED: its limit)
    new_limit: int

    @property
    def reviews(self) -> int:
        return sum(day.reviews for day in self.days)

    @property
    def ratings(self) -> int:
        return sum(day.ratings for day in self.days)

    @property
    def held_reviews(self) -> int:
        return sum(day.held for day in self.days)

    def behind_by(self) -> int:
        """Cards a day the plan needs beyond the limits: new cards over the daily new limit,
        and due reviews the daily maximum holds back, spread over the days."""
        over_new = max(0, self.new_needed - self.new_limit)
        held = math.ceil(self.held_reviews / len(self.days)) if self.days else 0
        return over_new + held


def _first_rating(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4), FIRST_RATING_SHARES)[0]


def _rating(rng: random.Random, recall: float) -> int:
    if rng.random() >= recall:
        return 1
    return rng.choices((2, 3, 4), PASS_RATING_SHARES)[0]


class _Run:
    """One simulation's mutable state: every card's memory and the counts so far."""

    def __init__(self, settings: SchedulerSettings, cards: Sequence[PlanCard], seed: int) -> None:
        self.settings = settings
        self.memory = {card.key: card.memory for card in cards}
        self.new = [card.key for card in cards if card.memory.is_new]
        self.rng = random.Random(seed)  # noqa: S311 (a seeded simulation, not a secret)

    def rate(self, key: str, at: datetime) -> Memory:
        memory = self.memory[key]
        if memory.is_new:
            rating = _first_rating(self.rng)
        else:
            rating = _rating(self.rng, retrievability(self.settings, memory, at))
        seed = f"plan:{key}:{memory.reps}"
        after = review(self.settings, memory, rating, at, seed).memory
        self.memory[key] = after
        return after

    def due(self, at: datetime) -> list[str]:
        """Cards due by `at` (learning cards of earlier days included), earliest first."""
        ready = [
            (memory.due, key)
            for key, memory in self.memory.items()
            if not memory.is_new and memory.due is not None and memory.due <= at
        ]
        return [key for _, key in sorted(ready)]

    def session(self, keys: list[str], start: datetime, day_end: datetime) -> dict[str, int]:
        """Study `keys` from `start`, repeating learning steps due before the day ends; the
        number of ratings of each card."""
        queue = [(start, n, key) for n, key in enumerate(keys)]
        heapq.heapify(queue)
        steps, order = dict.fromkeys(keys, 0), len(keys)
        while queue:
            at, _, key = heapq.heappop(queue)
            after = self.rate(key, at)
            steps[key] += 1
            if after.due is not None and after.due < day_end and steps[key] < MAX_STEPS_A_DAY:
                order += 1
                heapq.heappush(queue, (max(after.due, at), order, key))
        return steps


def _new_quota(policy: Policy, limits: Limits, left_new: int, days_left: int) -> int:
    if policy is Policy.FIXED:
        return limits.new_per_day
    return min(limits.new_per_day, new_needed(left_new, days_left))


def new_needed(left_new: int, days_left: int) -> int:
    """New cards a day that introduce every one left by the day before the interview."""
    return math.ceil(left_new / days_left) if days_left > 0 else left_new


def simulate(
    settings: SchedulerSettings,
    cards: Sequence[PlanCard],
    limits: Limits,
    policy: Policy,
    now: datetime,
    deadline: Deadline,
    seed: int = 0,
) -> Projection:
    """Simulate every study day from today's to the day before the interview.

    Args:
        cards: the scope's cards; new ones in the order the drill would introduce them.
        now: aware UTC; today's session starts now, later days SESSION_HOUR after they start.
    """
    zone, hour = settings.time_zone, settings.day_start_hour
    plan_settings = replace(settings, deadline=deadline if policy is Policy.INTERVIEW else None)
    run = _Run(plan_settings, cards, seed)
    today = study_day(now, zone, hour)
    total_days = max(0, (deadline.day - today).days)
    days: list[PlanDay] = []
    needed_first = new_needed(len(run.new), total_days)
    for offset in range(total_days):
        day = today + timedelta(days=offset)
        start = now if offset == 0 else day_start(day, zone, hour) + timedelta(hours=SESSION_HOUR)
        day_end = day_start(day + timedelta(days=1), zone, hour)
        due = run.due(start)
        reviews = due[: limits.reviews_per_day]
        room = max(0, limits.reviews_per_day - len(reviews))
        quota = min(room, _new_quota(policy, limits, len(run.new), total_days - offset))
        fresh, run.new = run.new[:quota], run.new[quota:]
        steps = run.session(reviews + fresh, start, day_end)
        learning = sum(steps[key] for key in fresh)
        reviewed = sum(steps.values()) - learning
        days.append(PlanDay(day, reviewed, len(fresh), learning, len(due) - len(reviews)))
    at = day_start(deadline.day, zone, hour)
    recalls = [retrievability(plan_settings, memory, at) for memory in run.memory.values()]
    return Projection(
        policy,
        tuple(days),
        sum(recalls) / len(recalls) if recalls else 0.0,
        len(recalls),
        sum(1 for memory in run.memory.values() if not memory.is_new),
        needed_first if policy is Policy.INTERVIEW else limits.new_per_day,
        limits.new_per_day,
    )


def runs_for(cards: int, ratings_wanted: int = 400, most: int = 8) -> int:
    """How many seeded runs make a projection steady: a few cards rated at random give a noisy
    mean, so small scopes are simulated several times (a large one once)."""
    return max(1, min(most, math.ceil(ratings_wanted / max(1, cards))))


def mean_projection(runs: Sequence[Projection]) -> Projection:
    """The runs' figures averaged day by day (counts rounded to whole cards)."""
    first, count = runs[0], len(runs)

    def mean(values: Sequence[int]) -> int:
        return round(sum(values) / count)

    days = tuple(
        PlanDay(
            same[0].day,
            mean([day.reviews for day in same]),
            mean([day.new for day in same]),
            mean([day.learning for day in same]),
            mean([day.held for day in same]),
        )
        for same in zip(*(run.days for run in runs), strict=True)
    )
    return replace(
        first,
        days=days,
        recall=sum(run.recall for run in runs) / count,
        introduced=mean([run.introduced for run in runs]),
    )
