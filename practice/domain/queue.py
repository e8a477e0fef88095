"""The drill's ordering policy, pure: what comes next among due and new cards.

Due learning and relearning cards first (earliest due first), then due reviews in the
learner's review order (lowest retrievability first by default; study_options.ReviewOrder) and
new items up to the day's limit, after the reviews unless the learner mixes them in or puts
them first (study_options.new_card_next): lower levels first, easier first within a level,
with topics interleaved so one topic does not come in a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from practice.domain.bank_rules import LEVELS
from practice.domain.study_days import next_study_day_start, study_day_start

LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def study_rank(level: str, difficulty: int) -> int:
    """Where an item stands in the order new cards come in: by level, then difficulty."""
    return LEVEL_RANK.get(level, len(LEVELS)) * 16 + difficulty


@dataclass(frozen=True)
class NewCandidate:
    item_id: int
    level: str
    difficulty: int
    topic: str
    priority: int = 0  # lower first: assignment and path order come before the rest


def new_cards_allowed(daily_limit: int, introduced_today: int, extra_today: int = 0) -> int:
    """How many new cards may still be introduced today."""
    return max(0, daily_limit + extra_today - introduced_today)


@dataclass(frozen=True)
class Allowance:
    """What the day's limits let through now."""

    reviews: int  # due reviews that may be shown
    new: int  # new cards that may be introduced
    held_reviews: int  # due reviews the daily maximum holds back until tomorrow


def daily_allowance(
    new_per_day: int,
    reviews_per_day: int,
    extra_new: int,
    new_today: int,
    reviews_today: int,
    reviews_due: int,
) -> Allowance:
    """Anki's daily limits: the new cards introduced today count toward the review maximum,
    due reviews take what is left of it, and new cards get only what the reviews leave. New
    cards the learner asked for on top of today's limit (`extra_new`) pass both limits."""
    room = reviews_per_day - reviews_today - new_today
    reviews = max(0, min(reviews_due, room))
    new = max(
        0, min(new_cards_allowed(new_per_day, new_today, extra_new), room - reviews + extra_new)
    )
    return Allowance(reviews, new, reviews_due - reviews)


def learn_ahead_until(now: datetime, minutes: int, time_zone: str, day_start_hour: int) -> datetime:
    """How far ahead learning cards may be shown once nothing else is left: `minutes` from
    now, but never into the next study day (a card due then belongs to that day)."""
    next_day = next_study_day_start(now, time_zone, day_start_hour)
    return min(now + timedelta(minutes=minutes), next_day - timedelta(microseconds=1))


def shown_from(due: datetime, minutes: int, time_zone: str, day_start_hour: int) -> datetime:
    """When a learning card due at `due` can first be shown: learn-ahead minutes earlier,
    but not before its study day starts."""
    return max(due - timedelta(minutes=minutes), study_day_start(due, time_zone, day_start_hour))


def order_new(candidates: list[NewCandidate], limit: int) -> list[NewCandidate]:
    """The first `limit` new cards in study order, topics interleaved."""
    ordered = sorted(
        candidates,
        key=lambda c: (c.priority, LEVEL_RANK.get(c.level, 99), c.difficulty, c.item_id),
    )
    return interleave_topics(ordered)[:limit]


def interleave_topics(ordered: list[NewCandidate], window: int = 8) -> list[NewCandidate]:
    """Keep the order, but never take the same topic twice running when a card a few places
    further on (within `window`, same priority and level) has another topic."""
    pending = list(ordered)
    result: list[NewCandidate] = []
    while pending:
        previous = result[-1].topic if result else None
        choice = 0
        if pending[0].topic == previous:
            for index, candidate in enumerate(pending[1:window], start=1):
                same_group = (candidate.priority, candidate.level) == (
                    pending[0].priority,
                    pending[0].level,
                )
                if candidate.topic != previous and same_group:
                    choice = index
                    break
        result.append(pending.pop(choice))
    return result
