"""What an export holds: a set's, the bundled bank's or the learner's own items, as plain values,
and the learner's card states and reviews of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from practice.domain.anki_notes import CardMemory, ExportItem, ExportReview
from practice.extensions import db
from practice.models import CardState, Item, QuestionSet, ReviewLog, User, counted
from practice.sets.queries import set_contents

MAX_ITEMS = 20_000  # far above any bank we ship; an export never loads without a bound


def export_item(item: Item) -> ExportItem:
    return ExportItem(
        external_id=item.external_id,
        kind=item.kind,
        title=item.title,
        body=item.body,
        sections=item.sections,
        follow_ups=item.follow_ups,
        track=item.track.slug,
        topics=[topic.slug for topic in item.topics],
        level=item.level,
        difficulty=item.difficulty,
    )


def _loaded(statement) -> list[Item]:
    statement = statement.options(joinedload(Item.track), selectinload(Item.topics))
    return list(db.session.scalars(statement.limit(MAX_ITEMS)).unique())


def set_items(question_set: QuestionSet) -> list[Item]:
    """The set's live items in its order."""
    ids = [item.id for item in set_contents(question_set, limit=MAX_ITEMS).items]
    by_id = {item.id: item for item in _loaded(select(Item).where(Item.id.in_(ids)))}
    return [by_id[item_id] for item_id in ids if item_id in by_id]


def bank_items(source: str) -> list[Item]:
    """A bank's live items in study order (the bundled bank is the source `content`)."""
    return _loaded(
        select(Item)
        .where(Item.source == source, Item.retired.is_(False))
        .order_by(Item.study_rank, Item.id)
    )


def bank_sources() -> list[str]:
    return list(db.session.scalars(select(Item.source).distinct().order_by(Item.source)))


def studied_items(user: User) -> list[Item]:
    """Every item the learner has a card for, in the order they first studied them."""
    return _loaded(
        select(Item)
        .join(CardState, CardState.item_id == Item.id)
        .where(CardState.user_id == user.id)
        .order_by(CardState.id)
    )


def card_memories(user: User, items: Sequence[Item]) -> dict[int, CardMemory]:
    ids = [item.id for item in items]
    cards = db.session.scalars(
        select(CardState).where(CardState.user_id == user.id, CardState.item_id.in_(ids))
    )
    retention = user.desired_retention
    return {
        card.item_id: CardMemory(
            state=card.state,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=card.reps,
            lapses=card.lapses,
            suspended=card.suspended,
            desired_retention=retention,
        )
        for card in cards
    }


def _interval_days(after: dict, reviewed_at: datetime) -> int:
    """The days a review scheduled: 0 when the card stayed in (re)learning."""
    if after.get("state") != 2 or not after.get("due"):
        return 0
    due = datetime.fromisoformat(after["due"])
    return max(1, (due.date() - reviewed_at.date()).days)


def reviews_of(user: User, items: Iterable[Item]) -> dict[int, list[ExportReview]]:
    ids = [item.id for item in items]
    found: dict[int, list[ExportReview]] = defaultdict(list)
    rows = db.session.execute(
        select(
            ReviewLog.item_id,
            ReviewLog.reviewed_at,
            ReviewLog.rating,
            ReviewLog.duration_ms,
            ReviewLog.state_before,
            ReviewLog.state_after,
        )
        .where(ReviewLog.user_id == user.id, ReviewLog.item_id.in_(ids), counted())
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    for item_id, reviewed_at, rating, duration, before, after in rows:
        found[item_id].append(
            ExportReview(
                reviewed_at=reviewed_at,
                rating=rating,
                duration_ms=duration,
                state_before=(before or {}).get("state") or 0,
                interval_days=_interval_days(after, reviewed_at),
            )
        )
    return found
