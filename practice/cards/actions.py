"""The card browser's bulk actions on the learner's own cards, each in one transaction.

Reset and forget keep every review (history, streaks and figures stay) but mark the earlier
ones as before a reset, so that replaying and fitting start from the new card (as Anki's
optimizer ignores reviews before a Forget)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from practice.domain.card_status import CardStatus
from practice.extensions import db, rows_changed
from practice.models import CardState, QuestionSet, QuestionSetItem, ReviewLog, User


def _ids(cards: list[CardState]) -> list[int]:
    return [card.id for card in cards]


def _changed(statement) -> int:
    changed = rows_changed(statement)
    db.session.commit()
    return changed


def set_suspended(cards: list[CardState], suspended: bool) -> int:
    """How many cards changed (the others already were so)."""
    return _changed(
        update(CardState)
        .where(CardState.id.in_(_ids(cards)), CardState.suspended.is_(not suspended))
        .values(suspended=suspended)
        .execution_options(synchronize_session=False)
    )


def unbury(cards: list[CardState], now: datetime) -> int:
    return _changed(
        update(CardState)
        .where(CardState.id.in_(_ids(cards)), CardState.buried_until > now)
        .values(buried_until=None)
        .execution_options(synchronize_session=False)
    )


def _mark_reviews_reset(user: User, cards: list[CardState], now: datetime) -> None:
    db.session.execute(
        update(ReviewLog)
        .where(ReviewLog.user_id == user.id, ReviewLog.reset_at.is_(None))
        .where(ReviewLog.item_id.in_([card.item_id for card in cards]))
        .values(reset_at=now)
        .execution_options(synchronize_session=False)
    )


def reset_to_new(user: User, cards: list[CardState], now: datetime) -> int:
    """The cards become new again (first among new cards; still yours, suspension kept):
    schedule, stability, difficulty, counts, leech mark and burying cleared."""
    _mark_reviews_reset(user, cards, now)
    return _changed(
        update(CardState)
        .where(CardState.id.in_(_ids(cards)))
        .values(
            state=CardStatus.NEW,
            step=None,
            stability=None,
            difficulty=None,
            due=now,
            last_review=None,
            last_review_day=None,
            reps=0,
            lapses=0,
            leeched_at=None,
            buried_until=None,
        )
        .execution_options(synchronize_session=False)
    )


def forget(user: User, cards: list[CardState], now: datetime) -> int:
    """The cards leave the learner's cards, as if never studied (the items come back as
    ordinary new cards in study order); their reviews stay in the history."""
    _mark_reviews_reset(user, cards, now)
    return _changed(
        delete(CardState)
        .where(CardState.id.in_(_ids(cards)))
        .execution_options(synchronize_session=False)
    )


def add_to_set(question_set: QuestionSet, cards: list[CardState], now: datetime) -> int:
    """Append the cards' items the set does not hold yet, in order; how many were added."""
    present = set(
        db.session.scalars(
            select(QuestionSetItem.item_id).where(QuestionSetItem.set_id == question_set.id)
        )
    )
    last = db.session.scalar(
        select(func.max(QuestionSetItem.position)).where(QuestionSetItem.set_id == question_set.id)
    )
    position = last or 0
    added = 0
    for item_id in dict.fromkeys(card.item_id for card in cards):
        if item_id in present:
            continue
        position += 1
        added += 1
        db.session.add(QuestionSetItem(set_id=question_set.id, item_id=item_id, position=position))
    if added:
        question_set.updated_at = now
    db.session.commit()
    return added
