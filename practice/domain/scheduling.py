"""FSRS-6 scheduling with Anki's semantics for one user's settings: review, preview,
retrievability.

Memory states (stability, difficulty) come from fsrs-rs-python, the FSRS engine that Anki's
own scheduler runs, given the time since the last review in study days (study_days.py). What a
rating then does follows Anki's scheduler with FSRS on (anki_rules.py, fuzz.py):

- Learning and relearning walk their steps; leaving them, a card takes FSRS's interval.
- Passing review intervals strictly increase: Hard >= 1, Good >= Hard + 1, Easy >= Good + 1
  (in learning, Easy >= Good + 1), and fuzz never takes a grown interval back below the last.
- A review card with interval N is due when study day (today + N) begins; a learning step that
  reaches past the next day start is due when that study day begins, in whole days. The wait
  a button shows is those N days (or the step's time).
- Fuzz uses Anki's ranges; its draw is fixed by a seed naming the user, the item and the review
  number, so each button shows exactly what that rating then gives. Given the cards already
  due on the coming days (load_balance.DayLoad), the same draw picks the day the load
  balancer and easy days weigh best instead of a uniform one.
- Replay cannot know how many cards were due on each day back then, so it takes each review's
  due day as recorded when that day is one the rules allowed (between the earliest and latest
  days any draw and any balancing could give), and draws it afresh otherwise.
- Stability and difficulty are kept rounded as Anki stores them (4 and 3 decimals), so the
  next review starts from the same numbers in both.

bench/anki_conformance.py checks all of it against Anki's own backend.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, MemoryState, NextStates

from practice.domain.anki_rules import Move, Rules
from practice.domain.card_status import CardStatus as CardStatus
from practice.domain.fuzz import fuzzed_seconds
from practice.domain.interview import Deadline, deadline_days
from practice.domain.load_balance import DayLoad
from practice.domain.recall import forgetting_curve, predicted_recall
from practice.domain.study_days import (
    day_start,
    next_study_day_start,
    study_day,
    study_days_between,
)

# Re-exported: the drill, the queue and the figures take their study days from here too.
from practice.domain.study_days import study_day_number as study_day_number
from practice.domain.study_days import study_day_start as study_day_start

NEW = CardStatus.NEW
LEARNING_STATUSES = (CardStatus.LEARNING, CardStatus.RELEARNING)
SCHEDULED_STATUSES = (CardStatus.LEARNING, CardStatus.REVIEW, CardStatus.RELEARNING)
RATINGS = (1, 2, 3, 4)
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
DEFAULT_RELEARNING_STEPS = (timedelta(minutes=10),)
DAY_SECONDS = 86400


@dataclass(frozen=True)
class SchedulerSettings:
    """One user's scheduling settings, their time zone and the hour their study day starts."""

    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None
    learning_steps: tuple[timedelta, ...] = DEFAULT_LEARNING_STEPS
    relearning_steps: tuple[timedelta, ...] = DEFAULT_RELEARNING_STEPS
    maximum_interval: int = 36500
    fuzz: bool = True
    time_zone: str = "UTC"
    day_start_hour: int = 4
    # an interview date this card is studied for: until its day, intervals aim at recall on
    # the day (domain.interview); None schedules exactly as Anki does
    deadline: Deadline | None = None

    @property
    def weights(self) -> tuple[float, ...]:
        return tuple(self.parameters or DEFAULT_PARAMETERS)


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
    """What a rating gives: the new memory and the wait a button shows (whole days for a
    review, the step's time for a learning step)."""

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


@lru_cache(maxsize=256)
def _engine(weights: tuple[float, ...]) -> FSRS:
    return FSRS(list(weights))


def _as_stored(value: float, places: int) -> float:
    """`value` rounded as Anki stores it: in single precision, halves away from zero."""
    scaled = struct.unpack("f", struct.pack("f", value * 10**places))[0]
    return float(math.floor(scaled + 0.5) / 10**places)


def _next_states(settings: SchedulerSettings, memory: Memory, now: datetime) -> NextStates:
    """FSRS's four candidate memory states and intervals after the study days since the last
    review."""
    if memory.is_new or memory.stability is None or memory.difficulty is None:
        previous, elapsed = None, 0
    else:
        previous = MemoryState(memory.stability, memory.difficulty)
        last = memory.last_review or now
        elapsed = study_days_between(last, now, settings.time_zone, settings.day_start_hour)
    return _engine(settings.weights).next_states(previous, settings.desired_retention, elapsed)


def scheduled_days(settings: SchedulerSettings, memory: Memory) -> int:
    """A review card's current interval: study days from its last review to its due day."""
    if memory.due is None or memory.last_review is None:
        return 0
    zone, hour = settings.time_zone, settings.day_start_hour
    return study_days_between(memory.last_review, memory.due, zone, hour)


def _rules(settings: SchedulerSettings, draw: float | None, load: DayLoad | None = None) -> Rules:
    weights = settings.weights
    return Rules(
        learning=tuple(int(step.total_seconds()) for step in settings.learning_steps),
        relearning=tuple(int(step.total_seconds()) for step in settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        short_term=weights[17] > 0 and weights[18] > 0,
        draw=draw,
        load=load,
    )


LOWEST_DRAW, HIGHEST_DRAW = 0.0, 1 - 2**-40  # the draws that pick each range's ends


def _recorded_move(
    settings: SchedulerSettings, move: Move, moves: tuple[Move, Move], now: datetime, due: datetime
) -> Move:
    """`move` with the recorded due day instead of its own, when that day lies between the
    earliest and the latest day (`moves`) this rating could have given."""
    low, high = moves[0].days, moves[1].days
    if move.days is None or low is None or high is None:
        return move
    zone, hour = settings.time_zone, settings.day_start_hour
    recorded = (study_day(due, zone, hour) - study_day(now, zone, hour)).days
    return replace(move, days=recorded) if low <= recorded <= high else move


def _due(
    settings: SchedulerSettings, move: Move, now: datetime, draw: float | None
) -> tuple[datetime, timedelta]:
    """When the card is due and the wait its button shows. Days count from the start of
    today's study day; a step past the next day start becomes whole days, like Anki's."""
    zone, hour = settings.time_zone, settings.day_start_hour
    days = move.days
    if days is None:
        seconds = move.seconds or 0
        until_tomorrow = int((next_study_day_start(now, zone, hour) - now).total_seconds())
        if seconds < until_tomorrow:
            seconds = fuzzed_seconds(seconds, draw)
            return now + timedelta(seconds=seconds), timedelta(seconds=seconds)
        days = (seconds - until_tomorrow) // DAY_SECONDS + 1
    due_day = study_day(now, zone, hour) + timedelta(days=days)
    return day_start(due_day, zone, hour), timedelta(days=days)


def review(
    settings: SchedulerSettings,
    memory: Memory,
    rating: int,
    now: datetime,
    seed: str,
    load: DayLoad | None = None,
    recorded_due: datetime | None = None,
) -> Outcome:
    """The card's next memory state after `rating` at `now` (aware UTC).

    Args:
        seed: identifies this review (user, item, review number); fixes the fuzz draw.
        load: the cards due on the coming days, for the load balancer and easy days (None:
            plain fuzz).
        recorded_due: when replaying, the due this review gave when it happened.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1..4, not {rating!r}")
    if now.tzinfo is None:
        raise ValueError("now must be an aware UTC datetime")
    now = now.astimezone(UTC)
    states = _next_states(settings, memory, now)
    draw = fuzz_draw(seed) if settings.fuzz else None
    candidates = (states.again, states.hard, states.good, states.easy)
    scheduled = scheduled_days(settings, memory) if memory.state == CardStatus.REVIEW else 0
    intervals = tuple(candidate.interval for candidate in candidates)

    def move_for(draw: float | None, load: DayLoad | None) -> Move:
        return _rules(settings, draw, load).after(
            memory.state, memory.step or 0, scheduled, rating, intervals
        )

    move = move_for(draw, load)
    if recorded_due is not None and draw is not None:
        ends = (move_for(LOWEST_DRAW, None), move_for(HIGHEST_DRAW, None))
        move = _recorded_move(settings, move, ends, now, recorded_due)
    chosen = candidates[rating - 1].memory
    if settings.deadline is not None and move.state == CardStatus.REVIEW and move.days:
        move = _toward_deadline(settings, settings.deadline, move, chosen, now)
    due, wait = _due(settings, move, now, draw)
    after = Memory(
        state=move.state,
        step=None if move.state == CardStatus.REVIEW else move.step,
        stability=_as_stored(chosen.stability, 4),
        difficulty=_as_stored(chosen.difficulty, 3),
        due=due,
        last_review=now,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(rating == 1 and memory.state == CardStatus.REVIEW),
    )
    return Outcome(rating, after, wait)


def _toward_deadline(
    settings: SchedulerSettings, deadline: Deadline, move: Move, chosen: MemoryState, now: datetime
) -> Move:
    """The move with its wait in days chosen for recall on the interview day (unfuzzed), while
    the day is still ahead."""
    left = (deadline.day - study_day(now, settings.time_zone, settings.day_start_hour)).days
    if left <= 0 or move.days is None:
        return move
    days = deadline_days(
        settings.weights,
        chosen.stability,
        chosen.difficulty,
        left,
        deadline.target,
        move.days,
        settings.maximum_interval,
    )
    return Move(move.state, move.step, days=days)


def preview(
    settings: SchedulerSettings,
    memory: Memory,
    now: datetime,
    seed: str,
    load: DayLoad | None = None,
) -> dict[int, Outcome]:
    """What each rating would give: exactly what review() then gives with the same seed and
    the same cards due on the coming days."""
    return {rating: review(settings, memory, rating, now, seed, load) for rating in RATINGS}


def retrievability(settings: SchedulerSettings, memory: Memory, at: datetime) -> float:
    """Predicted probability of recall at `at` after the study days since the last review
    (0 for a card never reviewed)."""
    if memory.is_new or memory.stability is None or memory.last_review is None:
        return 0.0
    zone, hour = settings.time_zone, settings.day_start_hour
    elapsed = study_days_between(memory.last_review, at, zone, hour)
    return predicted_recall(forgetting_curve(settings.weights), memory.stability, elapsed)


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


PastRating = tuple[int, datetime] | tuple[int, datetime, datetime | None]


def replay(
    settings: SchedulerSettings,
    history: Sequence[PastRating],
    seed_prefix: str,
    deadlines: Sequence[Deadline | None] = (),
) -> Memory:
    """The memory state a card's ratings lead to, reviewed in order from new.

    Args:
        history: (rating, reviewed_at) or (rating, reviewed_at, recorded due) entries, oldest
            first; a recorded due day is kept where the rules allow it (see the module's
            docstring), since the load balancer's choice depended on other cards.
        seed_prefix: "user:item", so each review draws the fuzz it drew when it happened.
        deadlines: the interview date each review was aimed at (None or missing: none).
    """
    memory = Memory()
    for n, (rating, when, *recorded) in enumerate(history):
        deadline = deadlines[n] if n < len(deadlines) else None
        aimed = settings if deadline is None else replace(settings, deadline=deadline)
        seed = f"{seed_prefix}:{memory.reps}"
        due = recorded[0] if recorded else None
        memory = review(aimed, memory, rating, when, seed, recorded_due=due).memory
    return memory
