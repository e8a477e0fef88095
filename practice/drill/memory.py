"""A card state row and the scheduler's Memory, both ways, and the one lookup of a user's
card for an item: the only place these are mapped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from practice.domain.scheduling import Memory, study_day_number
from practice.extensions import db
from practice.models import CardState, User


def card_state(user_id: int, item_id: int) -> CardState | None:
    """The user's card state for the item (None if they never had one)."""
    return db.session.scalar(
        select(CardState).where(CardState.user_id == user_id, CardState.item_id == item_id)
    )


def memory_of(card: CardState | None) -> Memory:
    """A card state's memory as the scheduler takes it (a fresh Memory for no card)."""
    if card is None:
        return Memory()
    return Memory(
        card.state,
        card.step,
        card.stability,
        card.difficulty,
        card.due,
        card.last_review,
        card.reps,
        card.lapses,
    )


def memory_columns(memory: Memory, user: User) -> dict[str, Any]:
    """CardState column values for a memory state (the only place they are derived), with the
    study day of the last review as a day number in the user's days."""
    last = memory.last_review
    return {
        "last_review_day": (
            None if last is None else study_day_number(last, user.time_zone, user.day_start_hour)
        ),
        "state": memory.state,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
        "reps": memory.reps,
        "lapses": memory.lapses,
    }
