"""A learner's deck options beyond the limits: the order of due reviews, where new cards go,
retention per level and easy days, as plain values and rules (the drill turns them into SQL).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from practice.domain.bank_rules import LEVELS
from practice.domain.load_balance import NORMAL_DAYS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ReviewOrder(StrEnum):
    """Which due review comes next."""

    RETRIEVABILITY = "retrievability"  # the one most likely forgotten first
    DUE = "due"  # the one due longest first
    RANDOM = "random"  # shuffled, the same order all day, another the next day
    OVERDUENESS = "overdueness"  # the one most overdue relative to its interval first


class NewCardPlace(StrEnum):
    """Where the day's new cards come among the due reviews."""

    AFTER = "after"
    MIXED = "mixed"
    BEFORE = "before"


def new_card_next(place: str, new_done: int, new_left: int, reviews_done: int, left: int) -> bool:
    """Whether the next card is a new one rather than a due review, when both are waiting.

    Mixed spreads the day's new cards evenly through its reviews: a new card comes whenever
    the share of new cards done so far has fallen to the day's share of new cards (so 2 new
    among 4 reviews come as new, review, review, new, review, review).
    """
    if place == NewCardPlace.BEFORE:
        return True
    if place != NewCardPlace.MIXED or new_left <= 0:
        return False
    return new_done * (reviews_done + left) <= reviews_done * (new_done + new_left)


# The random order's shuffle: a multiplicative hash of the card and the day, modulo a prime,
# so the order holds all day and changes the next. SQL computes the same (queue_sql.py).
SHUFFLE_DAY_STEP = 7919
SHUFFLE_MULTIPLIER = 2654435761
SHUFFLE_MODULUS = 4294967291


def shuffle_key(card_id: int, day: int) -> int:
    """Where a card stands in the day's random order (lowest first)."""
    return ((card_id + day * SHUFFLE_DAY_STEP) * SHUFFLE_MULTIPLIER) % SHUFFLE_MODULUS


def relative_overdueness(elapsed_days: float, interval_days: float) -> float:
    """Days since the last review over the interval it was given (1 = due today); the
    highest comes first."""
    return elapsed_days / max(interval_days, 1.0)


def retention_for(level: str | None, overall: float, by_level: Mapping[str, float] | None) -> float:
    """The desired retention of a card of `level`: its level's own, or the overall one."""
    return (by_level or {}).get(level or "", overall)


def retention_changes(
    before: tuple[float, Mapping[str, float] | None],
    after: tuple[float, Mapping[str, float] | None],
) -> tuple[str, ...]:
    """The levels whose effective desired retention differs between two settings (overall,
    by level): the cards that must be rescheduled."""
    return tuple(
        level
        for level in LEVELS
        if abs(retention_for(level, *before) - retention_for(level, *after)) > 1e-9
    )


def easy_days_of(stored: list[int] | None) -> tuple[int, ...]:
    """The seven weekday percentages (Monday first) from what is stored (None: all 100%)."""
    if not stored or len(stored) != len(WEEKDAYS):
        return NORMAL_DAYS
    return tuple(min(100, max(0, int(percent))) for percent in stored)
