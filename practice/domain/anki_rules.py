"""Where a rating sends a card, decided as Anki's scheduler does with FSRS on
(rslib/src/scheduler/states: learning.rs, relearning.rs, review.rs, steps.rs), in plain Python.

The input is FSRS's unrounded interval for each of the four ratings (from the memory state
each rating would give); the output is the card's next state and its wait, in seconds for a
step or in whole days for a review.

- Steps. Again goes back to the first step. Hard repeats the step, except on the first,
  where it waits the mean of the first two steps (or 1.5x a single step, at most a day more),
  rounded to whole days when that is over a day. Good moves to the next step. Past the last
  step (or with no steps), the card leaves for review with FSRS's interval for that rating,
  rounded, at least a day, fuzzed; Easy always leaves, and never earlier than Good would
  leave plus a day. With no steps configured, an interval under half a day stays a short
  step of that length (FSRS's short-term scheduling, when w17 and w18 allow it).
- Reviews. Again is a lapse into the first relearning step. Hard, Good and Easy take FSRS's
  intervals with Hard >= 1, Good >= Hard + 1, Easy >= Good + 1, and none below the floor
  fuzz.floor_after() keeps after the current interval.
"""

from __future__ import annotations

from dataclasses import dataclass

from practice.domain.fuzz import floor_after, fuzzed_days, round_half_up
from practice.domain.load_balance import DayLoad, balanced_days

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
DAY_SECONDS = 86400


@dataclass(frozen=True)
class Move:
    """Where a rating sends a card: a state, a step, and a wait in days or in seconds."""

    state: int
    step: int | None = None
    days: int | None = None
    seconds: int | None = None


def hard_step(steps: tuple[int, ...], index: int) -> int:
    """Hard's wait on step `index` (seconds)."""
    if index > 0:
        return steps[index]
    first = steps[0]
    wait = (first + steps[1]) // 2 if len(steps) > 1 else min(first * 3 // 2, first + DAY_SECONDS)
    return round_half_up(wait / DAY_SECONDS) * DAY_SECONDS if wait > DAY_SECONDS else wait


@dataclass(frozen=True)
class Rules:
    """One user's steps (seconds), maximum interval and FSRS's short-term switch, the fuzz
    draw of this review (None: no fuzz) and what the load balancer and easy days know of the
    coming days (None: plain fuzz)."""

    learning: tuple[int, ...]
    relearning: tuple[int, ...]
    maximum_interval: int
    short_term: bool
    draw: float | None
    load: DayLoad | None = None

    @property
    def maximum(self) -> int:
        return max(1, self.maximum_interval)

    def days(self, interval: float, minimum: int) -> int:
        """`interval` fuzzed (or rounded) to whole days in [minimum, maximum]: the day the load
        balancer and easy days choose in the fuzz range, when they apply."""
        lowest = min(max(minimum, 1), self.maximum)
        if self.draw is not None and self.load is not None:
            chosen = balanced_days(interval, lowest, self.maximum, self.draw, self.load)
            if chosen is not None:
                return chosen
        return fuzzed_days(interval, lowest, self.maximum, self.draw)

    def after(
        self, state: int, step: int, scheduled: int, rating: int, intervals: tuple[float, ...]
    ) -> Move:
        """Where `rating` sends a card in `state` (on `step`, or `scheduled` days into a review
        interval), given FSRS's intervals for Again, Hard, Good and Easy."""
        if state == REVIEW:
            return self._from_review(scheduled, rating, intervals)
        steps = self.relearning if state == RELEARNING else self.learning
        kind = RELEARNING if state == RELEARNING else LEARNING
        return self._from_steps(steps, kind, 0 if state == NEW else step, rating, intervals)

    def _from_steps(
        self,
        steps: tuple[int, ...],
        kind: int,
        step: int,
        rating: int,
        intervals: tuple[float, ...],
    ) -> Move:
        index = min(step, len(steps) - 1) if steps else 0
        if rating == EASY:
            good = self.days(intervals[GOOD - 1], 1)
            return Move(
                REVIEW, days=self.days(max(1, round_half_up(intervals[EASY - 1])), good + 1)
            )
        if steps and rating == AGAIN:
            return Move(kind, 0, seconds=steps[0])
        if steps and rating == HARD:
            return Move(kind, index, seconds=hard_step(steps, index))
        if rating == GOOD and index + 1 < len(steps):
            return Move(kind, index + 1, seconds=steps[index + 1])
        return self._leave(intervals[rating - 1], kind, index, short_term=not steps)

    def _leave(self, interval: float, kind: int, step: int, short_term: bool) -> Move:
        """Out of the steps into review, or a short-term step when there are no steps."""
        if short_term and self.short_term and interval < 0.5:
            return Move(kind, step, seconds=int(interval * DAY_SECONDS))
        return Move(REVIEW, days=self.days(max(1, round_half_up(interval)), 1))

    def _from_review(self, scheduled: int, rating: int, intervals: tuple[float, ...]) -> Move:
        if rating == AGAIN:
            if self.relearning:
                return Move(RELEARNING, 0, seconds=self.relearning[0])
            again = intervals[AGAIN - 1]
            if self.short_term and again < 0.5:
                return Move(RELEARNING, 0, seconds=int(again * DAY_SECONDS))
            return Move(REVIEW, days=min(max(1, round_half_up(again)), self.maximum))
        floor = 1
        for passing in (HARD, GOOD, EASY):
            interval = intervals[passing - 1]
            days = self.days(interval, max(floor_after(interval, scheduled, self.maximum), floor))
            if passing == rating:
                return Move(REVIEW, days=days)
            floor = days + 1
        raise ValueError(f"rating must be 1..4, not {rating!r}")
