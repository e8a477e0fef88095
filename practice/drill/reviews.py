"""Recording ratings (once, never lost), undo, suspend, bury and extra new cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from practice.domain.scheduling import NEW, Memory, next_study_day_start, review
from practice.drill.memory import card_state, memory_columns, memory_of
from practice.drill.queue import extra_new_today, user_settings
from practice.extensions import db, rows_changed
from practice.models import CardState, Item, ReviewLog, User

RECORDED, DUPLICATE, CONFLICT = "recorded", "duplicate", "conflict"
MAX_TYPED_ANSWER = 10_000


@dataclass(frozen=True)
class Rating:
    """One rating as the drill posts it."""

    item: Item
    rating: int
    client_token: str
    expected_reps: int
    typed_answer: str | None = None
    duration_ms: int | None = None


def fuzz_seed(user: User, item: Item, reps: int) -> str:
    return f"{user.id}:{item.id}:{reps}"


def item_and_card(user: User, external_id: str) -> tuple[Item, CardState | None] | None:
    """An item and the user's card state for it (None if never studied), in one query."""
    row = db.session.execute(
        select(Item, CardState)
        .outerjoin(CardState, (CardState.item_id == Item.id) & (CardState.user_id == user.id))
        .where(Item.external_id == external_id)
    ).first()
    return None if row is None else (row[0], row[1])


LOOK_UP = object()  # record_rating's `card` when the caller has not loaded it


def record_rating(user: User, rating: Rating, now: datetime, fuzz: bool, card=LOOK_UP) -> str:
    """Write the review log row and the card state in one transaction.

    Returns RECORDED, DUPLICATE (this client token was already recorded) or CONFLICT (the card
    changed since it was shown: another tab or a repeated post rated it first).
    `card` is the user's card state for the item if the caller already has it.
    """
    item = rating.item
    card = card_state(user.id, item.id) if card is LOOK_UP else card
    before = memory_of(card)
    if before.reps != rating.expected_reps:
        return _duplicate_or_conflict(user, rating.client_token)
    outcome = review(
        user_settings(user, fuzz), before, rating.rating, now, fuzz_seed(user, item, before.reps)
    )
    db.session.add(
        ReviewLog(
            user_id=user.id,
            item_id=item.id,
            rating=rating.rating,
            reviewed_at=now,
            duration_ms=rating.duration_ms,
            client_token=rating.client_token,
            typed_answer=(rating.typed_answer or "")[:MAX_TYPED_ANSWER] or None,
            state_before=before.as_dict() if card else None,
            state_after=outcome.memory.as_dict(),
            was_new=before.is_new,
        )
    )
    try:
        db.session.flush()
        if card is None:
            db.session.add(
                CardState(user_id=user.id, item_id=item.id, **memory_columns(outcome.memory))
            )
            db.session.flush()
        else:
            changed = rows_changed(
                update(CardState)
                .where(CardState.id == card.id, CardState.reps == before.reps)
                .values(**memory_columns(outcome.memory)),
                synchronize_session=False,
            )
            if changed != 1:
                db.session.rollback()
                return _duplicate_or_conflict(user, rating.client_token)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _duplicate_or_conflict(user, rating.client_token)
    return RECORDED


def _duplicate_or_conflict(user: User, token: str) -> str:
    seen = db.session.scalar(
        select(ReviewLog.id).where(ReviewLog.user_id == user.id, ReviewLog.client_token == token)
    )
    return DUPLICATE if seen else CONFLICT


def undo_last(user: User) -> Item | None:
    """Remove the user's latest review and restore the card exactly as it was before it.

    Returns the item, or None when there is nothing to undo (or the card moved on since).
    """
    last = db.session.scalar(
        select(ReviewLog).where(ReviewLog.user_id == user.id).order_by(ReviewLog.id.desc())
    )
    if last is None:
        return None
    item = db.session.get_one(Item, last.item_id)
    card = card_state(user.id, item.id)
    if card is None or memory_of(card) != Memory.from_dict(last.state_after):
        return None
    if last.state_before is None:
        db.session.delete(card)
    else:
        for key, value in memory_columns(Memory.from_dict(last.state_before)).items():
            setattr(card, key, value)
    db.session.execute(delete(ReviewLog).where(ReviewLog.id == last.id))
    db.session.commit()
    return item


def _card_for_flags(user: User, item: Item, now: datetime) -> CardState:
    """The user's card for an item, created in the NEW state if never reviewed."""
    card = card_state(user.id, item.id)
    if card is None:
        card = CardState(user_id=user.id, item_id=item.id, state=NEW, due=now, reps=0, lapses=0)
        db.session.add(card)
    return card


def set_suspended(user: User, item: Item, suspended: bool, now: datetime) -> None:
    _card_for_flags(user, item, now).suspended = suspended
    db.session.commit()


def add_to_new_cards(user: User, item: Item, now: datetime) -> bool:
    """Put a never-studied item at the front of the user's new cards (unsuspended, unburied).
    Returns False when the user already studies it."""
    card = _card_for_flags(user, item, now)
    if card.state != NEW:
        return False
    card.suspended, card.buried_until = False, None
    db.session.commit()
    return True


def bury_until_tomorrow(user: User, item: Item, now: datetime) -> datetime:
    until = next_study_day_start(now, user.time_zone, user.day_start_hour)
    _card_for_flags(user, item, now).buried_until = until
    db.session.commit()
    return until


def allow_more_new_today(user: User, count: int, now: datetime) -> None:
    """Let `count` more new cards in today (on top of the daily limit)."""
    user.extra_new_count = extra_new_today(user, now) + count
    user.extra_new_from = now
    db.session.commit()
