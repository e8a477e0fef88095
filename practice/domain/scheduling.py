"""FSRS-6 scheduling for one user's settings: review, preview, retrievability, study days.

Wraps py-fsrs. Fuzz stays on in production, and the interval shown on each rating button is
exactly what that rating then gives: py-fsrs draws its fuzz from a module-level `random()`,
which is routed here through a context variable so that one review of one card always draws
the same value (seeded from the user, the item and the review number). Preview and outcome
therefore use FSRS's own fuzz algorithm with the same draw.
"""

from __future__ import annotations

import contextvars
import hashlib
import math
import random as _random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler as _fsrs_scheduler
from fsrs import Card, Rating, Scheduler, State


class CardStatus(IntEnum):
    """Where a card stands: FSRS's three states, and NEW for a card that exists (added,
    suspended, buried) but was never reviewed. Stored as its number."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


NEW = CardStatus.NEW
LEARNING_STATUSES = (CardStatus.LEARNING, CardStatus.RELEARNING)
SCHEDULED_STATUSES = (CardStatus.LEARNING, CardStatus.REVIEW, CardStatus.RELEARNING)
RATINGS = (1, 2, 3, 4)
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
DEFAULT_RELEARNING_STEPS = (timedelta(minutes=10),)

_fuzz_draw: contextvars.ContextVar[float | None] = contextvars.ContextVar("fuzz", default=None)
_system_random = _random.random


def _seeded_random() -> float:
    """What py-fsrs gets from random(): the seeded draw inside a review, else a real one."""
    draw = _fuzz_draw.get()
    return _system_random() if draw is None else draw


if not hasattr(_fsrs_scheduler, "random"):  # pragma: no cover - guards a py-fsrs upgrade
    raise ImportError("py-fsrs no longer draws fuzz from fsrs.scheduler.random")
_fsrs_scheduler.random = _seeded_random


@dataclass(frozen=True)
class SchedulerSettings:
    """One user's scheduling settings."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None
    learning_steps: tuple[timedelta, ...] = DEFAULT_LEARNING_STEPS
    relearning_steps: tuple[timedelta, ...] = DEFAULT_RELEARNING_STEPS
    maximum_interval: int = 36500
    fuzz: bool = True
    # The user's study day (learning steps that end on a later day wait for its start).
    time_zone: str = "UTC"
    day_start_hour: int = 4

    def scheduler(self) -> Scheduler:
        return Scheduler(
            parameters=self.parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            enable_fuzzing=self.fuzz,
        )


@dataclass(frozen=True)
class Memory:
    """A card's memory state, as stored (state NEW = never reviewed)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.state == NEW

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memory:
        parse = datetime.fromisoformat
        return cls(
            **{key: data[key] for key in ("state", "step", "stability", "difficulty")},
            due=parse(data["due"]) if data.get("due") else None,
            last_review=parse(data["last_review"]) if data.get("last_review") else None,
            reps=data.get("reps", 0),
            lapses=data.get("lapses", 0),
        )


@dataclass(frozen=True)
class Outcome:
    rating: int
    memory: Memory
    interval: timedelta = field(compare=False)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_days(moment: datetime | None) -> float | None:
    """Days since the Unix epoch, as a number a database can compare without parsing."""
    return None if moment is None else (moment - EPOCH).total_seconds() / 86400


def fuzz_draw(seed: str) -> float:
    """A number in [0, 1) fixed by the seed: the same review always gets the same fuzz."""
    digest = hashlib.sha256(seed.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


# py-fsrs sleeps a millisecond to make a fresh card id unique unless it is given one; the id
# plays no part in scheduling, so every card gets the same one.
CARD_ID = 0


def _to_card(memory: Memory, now: datetime) -> Card:
    if memory.is_new:
        return Card(card_id=CARD_ID, due=now)
    return Card(
        card_id=CARD_ID,
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


def review(
    settings: SchedulerSettings, memory: Memory, rating: int, now: datetime, seed: str
) -> Outcome:
    """The card's next memory state after `rating` at `now` (aware UTC).

    Args:
        seed: identifies this review (user, item, review number); fixes the fuzz draw.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1..4, not {rating!r}")
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC datetime")
    now = now.astimezone(UTC)
    token = _fuzz_draw.set(fuzz_draw(seed))
    try:
        card, _ = settings.scheduler().review_card(_to_card(memory, now), Rating(rating), now)
    finally:
        _fuzz_draw.reset(token)
    interval, due = card.due - now, card.due
    if card.state in (State.Learning, State.Relearning):
        interval = _step_delay(settings, card, rating, interval)
        due = step_due(settings, now, interval)
    lapsed = rating == 1 and memory.state == State.Review
    after = Memory(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=due,
        last_review=card.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(lapsed),
    )
    return Outcome(rating, after, interval)


DAY = timedelta(days=1)


def _step_delay(
    settings: SchedulerSettings, card: Card, rating: int, delay: timedelta
) -> timedelta:
    """The wait of a learning step. Hard on the first step is Anki's: halfway to the second
    step, or with one step half as long again but at most a day longer; past a day, whole
    days. Every other wait is py-fsrs's, which is already Anki's."""
    if rating != Rating.Hard or card.step != 0:
        return delay
    steps = settings.learning_steps if card.state == State.Learning else settings.relearning_steps
    if not steps:
        return delay
    hard = (steps[0] + steps[1]) / 2 if len(steps) > 1 else min(steps[0] * 1.5, steps[0] + DAY)
    return DAY * math.floor(hard / DAY + 0.5) if hard > DAY else hard  # halves round up


def step_due(settings: SchedulerSettings, now: datetime, delay: timedelta) -> datetime:
    """When a card waiting `delay` in a learning step comes back: after that wait, or, when
    the wait ends on a later study day, at the start of that day (Anki turns such a step
    into a day: a `1d` step learned in the evening is due when the next study day begins)."""
    end = now + delay
    zone, hour = settings.time_zone, settings.day_start_hour
    if study_day(end, zone, hour) > study_day(now, zone, hour):
        return study_day_start(end, zone, hour)
    return end


def preview(
    settings: SchedulerSettings, memory: Memory, now: datetime, seed: str
) -> dict[int, Outcome]:
    """What each rating would give: exactly what review() then gives with the same seed."""
    return {rating: review(settings, memory, rating, now, seed) for rating in RATINGS}


def retrievability(settings: SchedulerSettings, memory: Memory, at: datetime) -> float:
    """Predicted probability of recall at `at` (0 for a card never reviewed)."""
    if memory.is_new or memory.stability is None:
        return 0.0
    return settings.scheduler().get_card_retrievability(_to_card(memory, at), at.astimezone(UTC))


def study_day(moment: datetime, time_zone: str, day_start_hour: int) -> date:
    """The study day `moment` falls in: the user's calendar date, with days that begin at
    their own hour in their own zone (before it, the moment belongs to the day before)."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return local.date() if local.hour >= day_start_hour else local.date() - timedelta(days=1)


def study_day_start(now: datetime, time_zone: str, day_start_hour: int) -> datetime:
    """When the user's current study day began, in UTC (their hour, their zone, DST-safe)."""
    day = study_day(now, time_zone, day_start_hour)
    return datetime.combine(day, time(day_start_hour), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def next_study_day_start(now: datetime, time_zone: str, day_start_hour: int) -> datetime:
    """When the user's next study day begins, in UTC."""
    start = study_day_start(now, time_zone, day_start_hour).astimezone(ZoneInfo(time_zone))
    following = datetime.combine(start.date() + timedelta(days=1), time(day_start_hour))
    return following.replace(tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def interval_label(interval: timedelta) -> str:
    """A short label for a rating button: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0, interval.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def replay(
    settings: SchedulerSettings, history: list[tuple[int, datetime]], seed_prefix: str
) -> Memory:
    """The memory state a card's ratings lead to, reviewed in order from new.

    Args:
        history: (rating, reviewed_at) pairs, oldest first.
        seed_prefix: "user:item", so each review draws the fuzz it drew when it happened.
    """
    memory = Memory()
    for rating, when in history:
        memory = review(settings, memory, rating, when, f"{seed_prefix}:{memory.reps}").memory
    return memory
