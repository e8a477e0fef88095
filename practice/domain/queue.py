"""The drill's ordering policy, pure: what comes next among due and new cards.

Due learning and relearning cards first (earliest due first), then due reviews with the lowest
retrievability first, then new items up to the day's limit: lower levels first, easier first
within a level, with topics interleaved so one topic does not come in a block.
"""

from __future__ import annotations

from dataclasses import dataclass

from practice.domain.bank_rules import LEVELS

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
