"""What the drill shows next for a user and a scope, and the counts beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import Float, Integer, Select, and_, bindparam, exists, func, or_, select, union_all

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
    assigned_to,
    open_assignment_set_ids,
    scope_conditions,
    set_item_condition,
)
from practice.types import UTCDateTime

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
    if scope.item_ids is not None:  # a path's current module, resolved by the view
        conditions.append(Item.id.in_(scope.item_ids))
    conditions.extend(scope_conditions(scope))  # a question set or an assignment
    return and_(*conditions)


# The queue's statements take these parameters; they are built once per scope and engine.
USER, NOW = bindparam("user_id", type_=Integer), bindparam("now", type_=UTCDateTime())
HORIZON, DAY_START = (
    bindparam("horizon", type_=UTCDateTime()),
    bindparam("day_start", type_=UTCDateTime()),
)
TODAY, NEW_LIMIT = bindparam("today", type_=Float), bindparam("new_limit", type_=Integer)


def available(now=NOW):
    """Card states neither suspended nor buried at `now`."""
    return and_(
        CardState.suspended.is_(False),
        or_(CardState.buried_until.is_(None), CardState.buried_until <= now),
    )


def _scheduled(scope: Scope, states, until):
    """Card-state ids of the user's cards in `states` due by `until`, in scope and available.

    With no scope the items table is not joined; retired items are excluded by id.
    """
    statement = (
        select(CardState.id)
        .where(CardState.user_id == USER, CardState.state.in_(states))
        .where(CardState.due <= until, available())
    )
    if scope.is_everything:
        retired = select(Item.id).where(Item.retired.is_(True))
        return statement.where(CardState.item_id.not_in(retired))
    return statement.join(Item, Item.id == CardState.item_id).where(in_scope(scope))


def _new_candidate_columns():
    """What a new-card candidate needs: id, level, difficulty and its first topic."""
    first_topic = (
        select(func.min(item_topics.c.topic_id))
        .where(item_topics.c.item_id == Item.id)
        .scalar_subquery()
    )
    return select(Item.id, Item.level, Item.difficulty, first_topic.label("topic"))


def _new_items(scope: Scope):
    """Items never studied (or NEW and available) in scope, in study order (an index walk)."""
    studied = (
        exists()
        .where(CardState.user_id == USER, CardState.item_id == Item.id)
        .where(or_(CardState.state != NEW, ~available()))
    )
    return (
        _new_candidate_columns()
        .where(in_scope(scope), ~studied)
        .order_by(Item.retired, Item.study_rank, Item.id)
    )


def _count(statement):
    return select(func.count()).select_from(statement.subquery())


def _new_today():
    """New cards introduced since the start of the user's study day."""
    return select(func.count(ReviewLog.id)).where(
        ReviewLog.user_id == USER, ReviewLog.was_new.is_(True), ReviewLog.reviewed_at >= DAY_START
    )


def _head(scope: Scope, sqlite: bool):
    """One row: learning count, due-review count, the due review with the lowest
    retrievability (highest elapsed time over stability), new cards introduced today, and
    whether the user has added new cards or has assignments (each a further query if so)."""
    learning = _count(_scheduled(scope, LEARNING_STATES, NOW)).scalar_subquery()
    reviews = _scheduled(scope, (REVIEW_STATE,), HORIZON)
    overdue = (TODAY - CardState.last_review_day) / CardState.stability
    new_today = _new_today().scalar_subquery()
    added = exists().where(CardState.user_id == USER, CardState.state == NEW)
    assigned = exists().where(assigned_to(USER))
    if sqlite:
        # One pass: SQLite fills a bare column from the row that holds max() (documented).
        ranked = reviews.add_columns(overdue.label("overdue")).subquery()
        return select(learning, func.count(), ranked.c.id, new_today, added, assigned,
                      func.max(ranked.c.overdue))  # fmt: skip
    top = reviews.order_by(overdue.desc(), CardState.id).limit(1).scalar_subquery()
    return select(learning, _count(reviews).scalar_subquery(), top, new_today, added, assigned)


def _earliest_learning(scope: Scope):
    """The learning or relearning card due first: one ordered index walk per state."""
    learning = _scheduled(scope, LEARNING_STATES, NOW).add_columns(CardState.due)
    walks = [
        learning.where(CardState.state == state).order_by(CardState.due).limit(1).subquery()
        for state in LEARNING_STATES
    ]
    both = union_all(*(select(walk.c.id, walk.c.due) for walk in walks)).subquery()
    return select(both.c.id).order_by(both.c.due).limit(1)


@dataclass(frozen=True)
class QueueStatements:
    head: Select
    earliest_learning: Select
    new_items: Select
    new_count: Select
    added_new: Select


def queue_statements(scope: Scope, sqlite: bool) -> QueueStatements:
    """A set's or an assignment's items are read from the database when the statements are
    built (a saved filter can change), so only other scopes are built once and kept."""
    if scope.set_id is not None or scope.assignment_id is not None:
        return _build_statements(scope, sqlite)
    return _kept_statements(scope, sqlite)


@lru_cache(maxsize=512)
def _kept_statements(scope: Scope, sqlite: bool) -> QueueStatements:
    """Built once per scope: building SQLAlchemy statements costs more than running them."""
    return _build_statements(scope, sqlite)


def _build_statements(scope: Scope, sqlite: bool) -> QueueStatements:
    new_items = _new_items(scope)
    return QueueStatements(
        _head(scope, sqlite),
        _earliest_learning(scope),
        new_items.limit(NEW_LIMIT),
        _count(new_items),
        _added_new(scope).limit(NEW_LIMIT),
    )


def _added_new(scope: Scope):
    """Items the user added to their new cards from the library (a NEW card state they asked
    for), in study order: read from the user's own card states, not by walking the bank."""
    return (
        _new_candidate_columns()
        .join(CardState, CardState.item_id == Item.id)
        .where(CardState.user_id == USER, CardState.state == NEW, available(), in_scope(scope))
        # `+ 0` keeps SQLite from walking the whole bank in study order: the user's few NEW
        # card states come first, from their index, and are sorted afterwards.
        .order_by(Item.study_rank + 0, Item.id)
    )


def extra_new_today(user: User, now: datetime) -> int:
    start = study_day_start(now, user.time_zone, user.day_start_hour)
    fresh = user.extra_new_from is not None and user.extra_new_from >= start
    return user.extra_new_count if fresh else 0


def build_view(user: User, scope: Scope, now: datetime, ahead: bool = False) -> DrillView:
    """Counts and the next card. `ahead` also takes reviews due before the next study day."""
    statements = queue_statements(scope, db.engine.dialect.name == "sqlite")
    day_start = study_day_start(now, user.time_zone, user.day_start_hour)
    horizon = next_study_day_start(now, user.time_zone, user.day_start_hour) if ahead else now
    params = {"user_id": user.id, "now": now, "horizon": horizon, "day_start": day_start,
              "today": epoch_days(now)}  # fmt: skip
    head = db.session.execute(statements.head, params).one()
    learning, due, most_overdue, new_today, has_added, has_assigned = head[:6]
    allowed = new_cards_allowed(user.daily_new_limit, new_today, extra_new_today(user, now))
    new_rows, added = _new_rows(statements, params, scope, allowed, has_added)
    assigned = _assigned_new(user, scope, params, allowed) if has_assigned else []
    new_rows = _assigned_first(assigned, new_rows)
    counts = Counts(learning, due, min(allowed, len(new_rows)))
    card_id = (learning and db.session.scalar(statements.earliest_learning, params)) or most_overdue
    if card_id is not None:
        return DrillView(counts, _studied_card(card_id))
    chosen = order_new(_new_candidates(scope, new_rows, added, assigned), allowed)
    if chosen:
        return DrillView(counts, DrillCard(db.session.get(Item, chosen[0].item_id), Memory()))
    more_new = (db.session.scalar(statements.new_count, params) or 0) - counts.new
    return DrillView(counts, None, _next_due(user, scope, now), max(0, more_new))


def _new_rows(statements: QueueStatements, params: dict, scope: Scope, allowed: int,
              any_added: bool):  # fmt: skip
    """New-card candidates (cards the user added first, if `any_added`, then the rest in study
    order) and the ids of the added ones. A path module (a short list) is read whole so
    its order can apply."""
    if scope.item_ids is not None:
        whole = params | {"new_limit": len(scope.item_ids) + 8}
        return db.session.execute(statements.new_items, whole).all(), set()
    limited = params | {"new_limit": allowed + 8}
    added = db.session.execute(statements.added_new, limited).all() if any_added and allowed else []
    rest = db.session.execute(statements.new_items, limited).all()
    added_ids = {row.id for row in added}
    return added + [row for row in rest if row.id not in added_ids], added_ids


def _assigned_new(user: User, scope: Scope, params: dict, allowed: int) -> list:
    """New items of the user's open assignments (mentor or cohort) in scope, in study order."""
    set_ids = open_assignment_set_ids(user.id) if allowed > 0 else []
    if not set_ids:
        return []
    condition = or_(*(set_item_condition(set_id) for set_id in set_ids))
    statement = _new_items(scope).where(condition).limit(NEW_LIMIT)
    return db.session.execute(statement, params | {"new_limit": allowed + 8}).all()


def _assigned_first(assigned: list, rows: list) -> list:
    """Assigned items come first even when they sit far down the study order."""
    seen = {row.id for row in assigned}
    return assigned + [row for row in rows if row.id not in seen]


def _new_candidates(scope: Scope, rows, added: set[int], assigned: list) -> list[NewCandidate]:
    """Assigned items first (priority -2), then cards the user added (-1); in a path, the
    path's order is the priority of the rest."""
    position = {item_id: n for n, item_id in enumerate(scope.item_ids or ())}
    assigned_ids = {row.id for row in assigned}

    def priority(item_id: int) -> int:
        if item_id in assigned_ids:
            return -2
        return -1 if item_id in added else position.get(item_id, 0)

    return [NewCandidate(r.id, r.level, r.difficulty, str(r.topic), priority(r.id)) for r in rows]


def _studied_card(card_state_id: int) -> DrillCard:
    card, item = db.session.execute(
        select(CardState, Item)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.id == card_state_id)
    ).one()
    return DrillCard(item, memory_of(card))


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
