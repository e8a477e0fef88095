"""What the drill shows next for a user and a scope, and the counts beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select

from practice.domain.bank_rules import LEVELS
from practice.domain.queue import NewCandidate, new_cards_allowed, order_new
from practice.domain.scheduling import (
    DEFAULT_LEARNING_STEPS,
    NEW,
    Memory,
    SchedulerSettings,
    next_study_day_start,
    study_day_start,
)
from practice.domain.scope import Scope
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, Topic, Track, User, item_topics
from practice.services.sql_time import days_between

LEARNING_STATES = (1, 3)
REVIEW_STATE = 2


@dataclass(frozen=True)
class Counts:
    learning: int
    due: int
    new: int


@dataclass(frozen=True)
class DrillCard:
    item: Item
    memory: Memory


@dataclass(frozen=True)
class DrillView:
    counts: Counts
    card: DrillCard | None
    next_due: datetime | None
    more_new: int  # new items in scope beyond today's limit


def user_settings(user: User, fuzz: bool) -> SchedulerSettings:
    steps = user.learning_steps
    learning = tuple(timedelta(minutes=m) for m in steps) if steps else DEFAULT_LEARNING_STEPS
    return SchedulerSettings(
        desired_retention=user.desired_retention,
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
        learning_steps=learning,
        maximum_interval=user.maximum_interval,
        fuzz=fuzz,
    )


def memory_of(card: CardState | None) -> Memory:
    if card is None:
        return Memory()
    return Memory(
        card.state, card.step, card.stability, card.difficulty, card.due, card.last_review,
        card.reps, card.lapses,
    )  # fmt: skip


def in_scope(scope: Scope):
    """SQL conditions on Item for a scope (live items only)."""
    conditions = [Item.retired.is_(False)]
    if scope.tracks:
        conditions.append(Item.track_id.in_(select(Track.id).where(Track.slug.in_(scope.tracks))))
    if scope.topics:
        conditions.append(
            exists()
            .where(item_topics.c.item_id == Item.id)
            .where(item_topics.c.topic_id.in_(select(Topic.id).where(Topic.slug.in_(scope.topics))))
        )
    if scope.levels:
        conditions.append(Item.level.in_(scope.levels))
    if scope.kinds:
        conditions.append(Item.kind.in_(scope.kinds))
    if scope.min_difficulty is not None:
        conditions.append(Item.difficulty >= scope.min_difficulty)
    if scope.max_difficulty is not None:
        conditions.append(Item.difficulty <= scope.max_difficulty)
    return and_(*conditions)


def available(now: datetime):
    """Card states neither suspended nor buried at `now`."""
    return and_(
        CardState.suspended.is_(False),
        or_(CardState.buried_until.is_(None), CardState.buried_until <= now),
    )


def _scheduled(user: User, scope: Scope, now: datetime, states, until: datetime):
    return (
        select(CardState, Item)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, CardState.state.in_(states))
        .where(CardState.due <= until, available(now), in_scope(scope))
    )


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def new_introduced_today(user: User, now: datetime) -> int:
    start = study_day_start(now, user.time_zone, user.day_start_hour)
    return (
        db.session.scalar(
            select(func.count(ReviewLog.id)).where(
                ReviewLog.user_id == user.id,
                ReviewLog.was_new.is_(True),
                ReviewLog.reviewed_at >= start,
            )
        )
        or 0
    )


def extra_new_today(user: User, now: datetime) -> int:
    start = study_day_start(now, user.time_zone, user.day_start_hour)
    fresh = user.extra_new_from is not None and user.extra_new_from >= start
    return user.extra_new_count if fresh else 0


def _new_items(user: User, scope: Scope, now: datetime):
    own_card = and_(CardState.item_id == Item.id, CardState.user_id == user.id)
    level_rank = case({level: rank for rank, level in enumerate(LEVELS)}, value=Item.level)
    first_topic = (
        select(func.min(item_topics.c.topic_id))
        .where(item_topics.c.item_id == Item.id)
        .scalar_subquery()
    )
    return (
        select(Item.id, Item.level, Item.difficulty, first_topic.label("topic"))
        .outerjoin(CardState, own_card)
        .where(in_scope(scope))
        .where(or_(CardState.id.is_(None), and_(CardState.state == NEW, available(now))))
        .order_by(level_rank, Item.difficulty, Item.id)
    )


def build_view(user: User, scope: Scope, now: datetime, ahead: bool = False) -> DrillView:
    """Counts and the next card. `ahead` also takes reviews due before the next study day."""
    horizon = next_study_day_start(now, user.time_zone, user.day_start_hour) if ahead else now
    learning = _scheduled(user, scope, now, LEARNING_STATES, now)
    reviews = _scheduled(user, scope, now, (REVIEW_STATE,), horizon)
    allowed = new_cards_allowed(
        user.daily_new_limit, new_introduced_today(user, now), extra_new_today(user, now)
    )
    new_rows = db.session.execute(_new_items(user, scope, now).limit(allowed + 8)).all()
    new_total = _count(_new_items(user, scope, now)) if len(new_rows) > allowed else len(new_rows)
    counts = Counts(_count(learning), _count(reviews), min(allowed, len(new_rows)))
    card = _next_card(learning, reviews, new_rows, allowed, now)
    next_due = None if card else _next_due(user, scope, now)
    return DrillView(counts, card, next_due, max(0, new_total - counts.new))


def _next_card(learning, reviews, new_rows, allowed, now) -> DrillCard | None:
    row = db.session.execute(learning.order_by(CardState.due).limit(1)).first()
    if row is None:
        overdue = days_between(CardState.last_review, now) / CardState.stability
        row = db.session.execute(reviews.order_by(overdue.desc(), CardState.id).limit(1)).first()
    if row is not None:
        return DrillCard(row.Item, memory_of(row.CardState))
    candidates = [NewCandidate(r.id, r.level, r.difficulty, str(r.topic)) for r in new_rows]
    chosen = order_new(candidates, allowed)
    if not chosen:
        return None
    return DrillCard(db.session.get(Item, chosen[0].item_id), Memory())


def _next_due(user: User, scope: Scope, now: datetime) -> datetime | None:
    return db.session.scalar(
        select(func.min(CardState.due))
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, CardState.state != NEW, available(now))
        .where(in_scope(scope))
    )


def card_for(user: User, external_id: str) -> DrillCard | None:
    """One item with the user's memory of it (for revealing stages and undo)."""
    item = db.session.scalar(select(Item).where(Item.external_id == external_id))
    if item is None:
        return None
    card = db.session.scalar(
        select(CardState).where(CardState.user_id == user.id, CardState.item_id == item.id)
    )
    return DrillCard(item, memory_of(card))
