"""Review history for the statistics tests, written straight into review_logs (and card
states), so that each test controls every time, rating, duration and undo."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from practice.domain.scheduling import CardStatus
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog


def item_id(external_id: str) -> int:
    return db.session.scalar(select(Item.id).where(Item.external_id == external_id))


def add_review(
    user_id: int,
    external_id: str,
    when: datetime,
    rating: int = 3,
    before: int = CardStatus.REVIEW,
    duration_ms: int | None = 10_000,
    due_after: datetime | None = None,
    undone: bool = False,
) -> None:
    """One review row (inside an app context); due_after defaults to ten days later."""
    due = due_after or when + timedelta(days=10)
    db.session.add(
        ReviewLog(
            user_id=user_id,
            item_id=item_id(external_id),
            rating=rating,
            reviewed_at=when,
            duration_ms=duration_ms,
            state_before={"state": int(before)},
            state_after={"state": int(CardStatus.REVIEW), "due": due.isoformat()},
            client_token=uuid.uuid4().hex,
            undone_at=when + timedelta(minutes=1) if undone else None,
        )
    )
    db.session.commit()


def add_card(
    user_id: int,
    external_id: str,
    due: datetime,
    stability: float = 5.0,
    state: int = CardStatus.REVIEW,
    last_review: datetime | None = None,
) -> None:
    """A card state (inside an app context)."""
    last = last_review or due - timedelta(days=5)
    db.session.add(
        CardState(
            user_id=user_id,
            item_id=item_id(external_id),
            state=state,
            stability=stability,
            difficulty=5.0,
            due=due,
            last_review=last,
            last_review_day=(last - datetime(1970, 1, 1, tzinfo=last.tzinfo)).total_seconds()
            / 86400,
            reps=3,
            lapses=1,
        )
    )
    db.session.commit()
