"""What the drill shows next for a user and a scope, and the counts beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select

from practice.domain.queue import NewCandidate, new_cards_allowed, order_new
from practice.domain.scheduling import (
    DEFAULT_LEARNING_STEPS,
    NEW,
    Memory,
    SchedulerSettings,
    epoch_days,
    next_study_day_start,
    study_day_start,
)
from practice.domain.scope import Scope
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, Topic, Track, User, item_topics
from practice.services.set_scope import (
    open_assignment_set_ids,
    scope_conditions,
    set_item_condition,
)

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
    next_due: datetime | None = None
    more_new: int = 0  # new items in scope beyond today's limit


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
    conditions.extend(scope_conditions(scope))
    return and_(*conditions)


def available(now: datetime):
    """Card states neither suspended nor buried at `now`."""
    return and_(
        CardState.suspended.is_(False),
        or_(CardState.buried_until.is_(None), CardState.buried_until <= now),
    )


def _scheduled(user: User, scope: Scope, now: datetime, states, until: datetime, retired: bool):
    """Card-state ids of the user's cards in `states` due by `until`, in scope and available.

    With no scope the items table is not joined; retired items (if any) are excluded by id.
    """
    statement = (
        select(CardState.id)
        .where(CardState.user_id == user.id, CardState.state.in_(states))
        .where(CardState.due <= until, available(now))
    )
    if scope.is_everything:
        if not retired:
            return statement
        return statement.where(CardState.item_id.not_in(_retired_ids()))
    return statement.join(Item, Item.id == CardState.item_id).where(in_scope(scope))


def _retired_ids():
    return select(Item.id).where(Item.retired.is_(True))


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
    """Items never studied (or NEW and available) in scope, in study order (an index walk)."""
    studied = (
        exists()
        .where(CardState.user_id == user.id, CardState.item_id == Item.id)
        .where(or_(CardState.state != NEW, ~available(now)))
    )
    first_topic = (
        select(func.min(item_topics.c.topic_id))
        .where(item_topics.c.item_id == Item.id)
        .scalar_subquery()
    )
    return (
        select(Item.id, Item.level, Item.difficulty, first_topic.label("topic"))
        .where(in_scope(scope), ~studied)
        .order_by(Item.retired, Item.study_rank, Item.id)
    )


def build_view(user: User, scope: Scope, now: datetime, ahead: bool = False) -> DrillView:
    """Counts and the next card. `ahead` also takes reviews due before the next study day."""
    horizon = next_study_day_start(now, user.time_zone, user.day_start_hour) if ahead else now
    retired = db.session.scalar(_retired_ids().limit(1)) is not None  # one index probe
    learning = _scheduled(user, scope, now, LEARNING_STATES, now, retired)
    reviews = _scheduled(user, scope, now, (REVIEW_STATE,), horizon, retired)
    allowed = new_cards_allowed(
        user.daily_new_limit, new_introduced_today(user, now), extra_new_today(user, now)
    )
    new_rows = db.session.execute(_new_items(user, scope, now).limit(allowed + 8)).all()
    candidates = assigned_first(user, scope, now, allowed + 8, new_rows)
    due, most_overdue = _due_reviews(reviews, now)
    counts = Counts(_count(learning), due, min(allowed, len(candidates)))
    card_id = (counts.learning and _earliest_learning(learning)) or most_overdue
    if card_id is not None:
        card = db.session.get(CardState, card_id)
        return DrillView(counts, DrillCard(db.session.get(Item, card.item_id), memory_of(card)))
    chosen = order_new(candidates, allowed)
    if chosen:
        return DrillView(counts, DrillCard(db.session.get(Item, chosen[0].item_id), Memory()))
    more_new = _count(_new_items(user, scope, now)) - counts.new
    return DrillView(counts, None, _next_due(user, scope, now), max(0, more_new))


def _due_reviews(reviews, now: datetime) -> tuple[int, int | None]:
    """How many reviews are due, and the one with the lowest retrievability (the highest
    elapsed time over stability)."""
    overdue = (epoch_days(now) - CardState.last_review_day) / CardState.stability
    if db.engine.dialect.name == "sqlite":
        # One pass: SQLite fills a bare column from the row that holds max() (documented).
        ranked = reviews.add_columns(overdue.label("overdue")).subquery()
        row = db.session.execute(
            select(func.count(), func.max(ranked.c.overdue), ranked.c.id)
        ).one()
        return row[0], row[2]
    top = db.session.scalar(reviews.order_by(overdue.desc(), CardState.id).limit(1))
    return _count(reviews), top


def _earliest_learning(learning) -> int | None:
    """The learning or relearning card due first: one ordered index walk per state."""
    firsts = []
    for state in LEARNING_STATES:
        walk = learning.where(CardState.state == state).add_columns(CardState.due)
        firsts.append(db.session.execute(walk.order_by(CardState.due).limit(1)).first())
    found = [row for row in firsts if row is not None]
    return min(found, key=lambda row: row.due).id if found else None


def _next_due(user: User, scope: Scope, now: datetime) -> datetime | None:
    return db.session.scalar(
        select(func.min(CardState.due))
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, CardState.state.in_((1, 2, 3)), available(now))
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


def assigned_first(user: User, scope: Scope, now: datetime, limit: int, rows) -> list[NewCandidate]:
    """New-card candidates with the items of the user's open assignments first (priority 0).

    `rows` are the scope's new items in study order; assigned items in scope are looked up
    separately, so they come first even when they sit far down the study order.
    """
    assigned = []
    set_ids = open_assignment_set_ids(user.id) if limit > 0 else []
    if set_ids:
        condition = or_(*(set_item_condition(set_id) for set_id in set_ids))
        assigned = db.session.execute(_new_items(user, scope, now).where(condition).limit(limit))
    first = [NewCandidate(r.id, r.level, r.difficulty, str(r.topic), 0) for r in assigned]
    seen = {candidate.item_id for candidate in first}
    rest = [NewCandidate(r.id, r.level, r.difficulty, str(r.topic), 1) for r in rows
            if r.id not in seen]  # fmt: skip
    return first + rest
