"""Predicted recall and progress figures for mentors and trainers, pure.

Predicted recall is FSRS retrievability: (1 + factor * elapsed_days / stability) ** decay, with
elapsed time in study days (study-day boundaries crossed in the learner's zone, at their hour:
practice.domain.study_days, the days the scheduler counts), decay = -w[20] and
factor = 0.9 ** (1 / decay) - 1. The same curve is written as SQL by the services so a cohort's
figures come from one query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import fsrs

from practice.domain.card_status import CardStatus
from practice.domain.study_stats import Review, StudyClock, activity


@dataclass(frozen=True)
class Curve:
    """The forgetting curve's two constants for one user's FSRS parameters."""

    decay: float
    factor: float


def forgetting_curve(parameters: Iterable[float] | None) -> Curve:
    weights = tuple(parameters) if parameters else fsrs.scheduler.DEFAULT_PARAMETERS
    decay = -weights[20]
    return Curve(decay, 0.9 ** (1 / decay) - 1)


def predicted_recall(curve: Curve, stability: float | None, elapsed_days: float) -> float:
    """Probability of recall after `elapsed_days` study days (0 for a card never reviewed)."""
    if not stability:
        return 0.0
    whole_days = max(0, math.floor(elapsed_days))
    return float((1 + curve.factor * whole_days / stability) ** curve.decay)


@dataclass(frozen=True)
class Progress:
    """An assignment's figures for one learner (or summed over a cohort)."""

    total: int
    started: int
    learned: int
    recall: float  # mean predicted recall on the due date over every item (unstarted = 0)

    def done(self, target: float) -> bool:
        return self.total > 0 and self.learned == self.total and self.recall >= target


def progress(total: int, started: int, learned: int, recall_sum: float) -> Progress:
    """Progress from counts and the sum of predicted recalls over the started items."""
    return Progress(total, started, learned, recall_sum / total if total else 0.0)


STRONG_STABILITY = 21.0  # days: a group's cards' mean stability that makes it strong
STRONG_RECALL = 0.85
WEAK_RECALL = 0.7
AGAIN = 1


def standing(recall: float, stability: float, last_rating: int | None) -> str:
    """What a group of cards (a topic, a track) is called: strong, learning or weak.

    Predicted recall is close to 100% right after any review, Again included, so it cannot
    call a group strong on its own. The rule: a group is weak when its latest rating was Again
    or its recall now is below WEAK_RECALL; strong only when its cards' mean stability (how
    long memories last, which a few minutes of reviewing cannot raise) reaches
    STRONG_STABILITY days and its recall now is at least STRONG_RECALL; learning otherwise
    (recall may be high, but the memories are young).
    """
    if last_rating == AGAIN or recall < WEAK_RECALL:
        return "weak"
    if stability >= STRONG_STABILITY and recall >= STRONG_RECALL:
        return "strong"
    return "learning"


def heat_bucket(recall: float | None) -> str:
    """A CSS class for a heat-map cell: 'heat-none' or heat-0 .. heat-9 by tenths."""
    if recall is None:
        return "heat-none"
    return f"heat-{min(9, max(0, int(recall * 10)))}"


def reviews_per_day(
    times: Iterable[datetime], now: datetime, time_zone: str, day_start_hour: int, days: int = 30
) -> list[tuple[date, int]]:
    """Reviews counted per study day (the learner's own day), oldest first, `days` days: the
    learner's own activity figure (study_stats.activity) without the split by kind."""
    clock = StudyClock(time_zone, day_start_hour)
    reviews = [Review(moment, 3, CardStatus.REVIEW) for moment in times]
    return [(row.day, row.total) for row in activity(reviews, clock, clock.day(now), days)]


def end_of_day(day: date, time_zone: str) -> datetime:
    """The moment a due date ends (midnight after it) in the given zone, as UTC."""
    following = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(time_zone))
    return following.astimezone(UTC)


def due_day(due_at: datetime, time_zone: str) -> date:
    """The calendar day a due moment closes, as seen in a zone (the inverse of end_of_day)."""
    return (due_at - timedelta(microseconds=1)).astimezone(ZoneInfo(time_zone)).date()
