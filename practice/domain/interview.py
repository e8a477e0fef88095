"""The deadline-aware interval: before an interview date, each card's next review is chosen so
that predicted recall on the interview day meets a target with the least work.

Recall on the day is the card's retrievability when the interview's study day begins (reviews
on the day itself come too late to count). After a rating, with stability S and `left` study
days until the interview:

- If S already carries recall on the day to the target, no review is needed before it: the
  card waits its normal interval, or until the interview day if that is later.
- Otherwise one more review is needed. A review at day t (from now) passes with the recall
  predicted at t (then taken as Good) or lapses and is relearned the same day; from the two
  comes the expected recall on the day if that is the card's last review. The days on which
  one review lifts it to the target form a window, which never reaches past the interview's
  eve nor past the day predicted recall falls to LOWEST_RECALL. The review goes on the first
  day of that window: still one review, but spread over the weeks (the last day would pile
  every card onto the interview's eve) and passed more often.
- If no day of the window reaches the target (a card just learned, an interview weeks away),
  the review goes on the window's last day: retention as low as LOWEST_RECALL early, which
  grows stability most per review, and a later review meets the target.

After the interview day the normal interval applies. The memory model is not changed: only
the day a card comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from fsrs_rs_python import FSRS, MemoryState

from practice.domain.recall import Curve, forgetting_curve, predicted_recall

DEFAULT_TARGET = 0.9
# A review is never put off past the day predicted recall falls to this: lower retention early
# grows stability most per review, and below it most reviews would be lapses (0.7 saved the
# most reviews for recall on the day in bench/interview_plan.py, of 0.6 to 0.85).
LOWEST_RECALL = 0.7
# FSRS's next_states takes a desired retention for the intervals it proposes; only its memory
# states are read here, which do not depend on it.
_ANY_RETENTION = 0.9


@dataclass(frozen=True)
class Deadline:
    """An interview's study day (recall is counted as it begins) and the recall wanted then."""

    day: date
    target: float = DEFAULT_TARGET

    def as_dict(self) -> dict[str, str | float]:
        return {"day": self.day.isoformat(), "target": self.target}

    @classmethod
    def from_dict(cls, data: object) -> Deadline | None:
        """The deadline a review log recorded (None for none, or anything malformed)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(date.fromisoformat(str(data["day"])), float(data["target"]))
        except (KeyError, TypeError, ValueError):
            return None


MAX_DAYS_AHEAD = 2 * 366  # as an assignment's due date: interviews, not the year 9999


def day_problem(day: date | None, today: date) -> str | None:
    """Why `day` cannot be an interview day seen from the study day `today` (None: it can)."""
    if day is None:
        return "Enter the interview day."
    if day <= today:
        return f"Choose a day after today ({today.isoformat()})."
    latest = today + timedelta(days=MAX_DAYS_AHEAD)
    if day > latest:
        return f"Choose a day within two years (by {latest.isoformat()})."
    return None


@lru_cache(maxsize=64)
def _engine(weights: tuple[float, ...]) -> FSRS:
    return FSRS(list(weights))


@lru_cache(maxsize=64)
def _curve(weights: tuple[float, ...]) -> Curve:
    return forgetting_curve(weights)


def expected_recall_after_review(
    weights: tuple[float, ...], stability: float, difficulty: float, at: int, left: int
) -> float:
    """Expected recall on the interview day (`left` days away) if the card is reviewed once
    more `at` days from now and then not again before the interview."""
    engine, curve = _engine(weights), _curve(weights)
    states = engine.next_states(MemoryState(stability, difficulty), _ANY_RETENTION, at)
    passed = predicted_recall(curve, stability, at)
    relearned = engine.next_states(states.again.memory, _ANY_RETENTION, 0).good.memory
    after_pass = predicted_recall(curve, states.good.memory.stability, left - at)
    after_lapse = predicted_recall(curve, relearned.stability, left - at)
    return passed * after_pass + (1 - passed) * after_lapse


def deadline_days(
    weights: tuple[float, ...],
    stability: float,
    difficulty: float,
    left: int,
    target: float,
    normal_days: int,
    maximum: int,
) -> int:
    """The wait in days for a card just rated to (stability, difficulty), `left` study days
    before the interview; `normal_days` is the wait plain desired retention gives."""
    if left <= 0:
        return normal_days
    if predicted_recall(_curve(weights), stability, left) >= target:
        return min(max(normal_days, left), max(1, maximum))
    return min(_first_sufficient_day(weights, stability, difficulty, left, target), max(1, maximum))


def _first_sufficient_day(
    weights: tuple[float, ...], stability: float, difficulty: float, left: int, target: float
) -> int:
    latest = _latest_review(weights, stability, left)
    for day in range(1, latest + 1):
        if expected_recall_after_review(weights, stability, difficulty, day, left) >= target:
            return day
    return latest


def _latest_review(weights: tuple[float, ...], stability: float, left: int) -> int:
    """The last day a review may wait to: before the interview, and before predicted recall
    falls below LOWEST_RECALL (a review most people fail is a relearning, not a review)."""
    days = round(_engine(weights).next_interval(stability, LOWEST_RECALL, 3))
    return max(1, min(days, left - 1))
