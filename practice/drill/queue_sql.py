"""The drill queue's SQL: statements built once per resolved scope and engine, then run with
bound parameters (building SQLAlchemy statements costs more than running them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    cast,
    exists,
    func,
    null,
    or_,
    select,
    union_all,
)

from practice.access import assigned_to
from practice.domain.scheduling import LEARNING_STATUSES, CardStatus
from practice.domain.scope import Scope
from practice.domain.study_options import (
    SHUFFLE_DAY_STEP,
    SHUFFLE_MODULUS,
    SHUFFLE_MULTIPLIER,
    ReviewOrder,
)
from practice.models import CardState, Item, ReviewLog, counted, item_topics
from practice.scopes import in_scope
from practice.types import UTCDateTime

# The queue's statements take these parameters.
USER = bindparam("user_id", type_=Integer)
NOW = bindparam("now", type_=UTCDateTime())
HORIZON = bindparam("horizon", type_=UTCDateTime())
LEARN_AHEAD = bindparam("learn_ahead", type_=UTCDateTime())
DAY_START = bindparam("day_start", type_=UTCDateTime())
TODAY = bindparam("today", type_=Float)
DAY = bindparam("day", type_=BigInteger)  # today's study day number, for the random order
DUE_SHIFT = bindparam("due_shift", type_=Float)  # a due's epoch days minus its study day's
NEW_LIMIT = bindparam("new_limit", type_=Integer)


def available(now: ColumnElement | object = NOW) -> ColumnElement[bool]:
    """Card states neither suspended nor buried at `now`."""
    return and_(
        CardState.suspended.is_(False),
        or_(CardState.buried_until.is_(None), CardState.buried_until <= now),
    )


def scheduled(scope: Scope, statuses: tuple[CardStatus, ...], until: object | None) -> Select:
    """Card-state ids of the user's cards in `statuses` due by `until` (None: whenever), in
    scope and available.

    With no scope the items table is not joined; retired items are excluded by id.
    """
    statement = (
        select(CardState.id)
        .where(CardState.user_id == USER, CardState.state.in_(statuses))
        .where(available())
    )
    if until is not None:
        statement = statement.where(CardState.due <= until)
    if scope.is_everything:
        retired = select(Item.id).where(Item.retired.is_(True))
        return statement.where(CardState.item_id.not_in(retired))
    return statement.join(Item, Item.id == CardState.item_id).where(in_scope(scope))


def new_candidate_columns() -> Select:
    """What a new-card candidate needs: id, level, difficulty and its first topic."""
    first_topic = (
        select(func.min(item_topics.c.topic_id))
        .where(item_topics.c.item_id == Item.id)
        .scalar_subquery()
    )
    return select(Item.id, Item.level, Item.difficulty, first_topic.label("topic"))


def new_items(scope: Scope) -> Select:
    """Items never studied (or NEW and available) in scope, in study order (an index walk)."""
    studied = (
        exists()
        .where(CardState.user_id == USER, CardState.item_id == Item.id)
        .where(or_(CardState.state != CardStatus.NEW, ~available()))
    )
    return (
        new_candidate_columns()
        .where(in_scope(scope), ~studied)
        .order_by(Item.retired, Item.study_rank, Item.id)
    )


def _count(statement: Select) -> Select:
    return select(func.count()).select_from(statement.subquery())


def _new_today() -> Select:
    """New cards introduced since the start of the user's study day."""
    return select(func.count(ReviewLog.id)).where(
        ReviewLog.user_id == USER,
        ReviewLog.was_new.is_(True),
        ReviewLog.reviewed_at >= DAY_START,
        counted(),
    )


def _reviews_today() -> Select:
    """Reviews of cards in the review state since the start of the user's study day: what
    the daily maximum counts besides new cards (learning steps are not counted, as in Anki)."""
    state_before = ReviewLog.state_before["state"].as_integer()
    return select(func.count(ReviewLog.id)).where(
        ReviewLog.user_id == USER,
        ReviewLog.was_new.is_(False),
        ReviewLog.reviewed_at >= DAY_START,
        state_before == CardStatus.REVIEW,
        counted(),
    )


def _epoch_days(moment: Any, sqlite: bool) -> ColumnElement[Any]:
    """A stored UTC moment as days since the Unix epoch (a float), on either engine."""
    if sqlite:
        return func.julianday(moment) - 2440587.5
    return func.extract("epoch", moment) / 86400.0


def review_priority(order: ReviewOrder, sqlite: bool) -> tuple[Any, bool]:
    """The due reviews' sort key for `order` and whether the highest comes first.

    Retrievability: elapsed study days over stability (lowest retrievability = highest).
    Due: the due moment. Random: domain.study_options.shuffle_key of the card and the day.
    Relative overdueness: elapsed study days over the interval (due day - last review day).
    """
    elapsed = TODAY - CardState.last_review_day
    if order == ReviewOrder.DUE:
        return CardState.due, False
    if order == ReviewOrder.RANDOM:
        mixed = (cast(CardState.id, BigInteger) + DAY * SHUFFLE_DAY_STEP) * SHUFFLE_MULTIPLIER
        return mixed % SHUFFLE_MODULUS, False
    if order == ReviewOrder.OVERDUENESS:
        due_day = func.round(_epoch_days(CardState.due, sqlite) - DUE_SHIFT)
        gap = due_day - CardState.last_review_day
        interval = func.max(gap, 1.0) if sqlite else func.greatest(gap, 1.0)
        return elapsed / interval, True
    return elapsed / CardState.stability, True


def _head(scope: Scope, sqlite: bool, order: ReviewOrder = ReviewOrder.RETRIEVABILITY) -> Select:
    """One row, read by name: `learning` (due within the learn-ahead limit, as Anki counts
    them) and `due` counts, `most_overdue` (the due review that comes first in `order`; by
    default the lowest retrievability: highest elapsed time over stability), `new_today` and
    `reviews_today` (what the daily limits count), and whether the user `has_added` new cards
    or `has_assigned` sets (each a further query if so). The same columns on every engine."""
    learning = _count(scheduled(scope, LEARNING_STATUSES, LEARN_AHEAD)).scalar_subquery()
    reviews = scheduled(scope, (CardStatus.REVIEW,), HORIZON)
    priority, highest_first = review_priority(order, sqlite)
    facts: tuple[Any, ...] = (
        _new_today().scalar_subquery().label("new_today"),
        _reviews_today().scalar_subquery().label("reviews_today"),
        exists().where(CardState.user_id == USER, CardState.state == CardStatus.NEW),
        exists().where(assigned_to(USER)),
    )
    columns: tuple[Any, ...]
    named = (
        "learning",
        "due",
        "most_overdue",
        "new_today",
        "reviews_today",
        "has_added",
        "has_assigned",
    )
    if sqlite:
        # One pass: SQLite fills a bare column from the row that holds max() or min()
        # (documented); the extreme itself is read by nobody.
        ranked = reviews.add_columns(priority.label("priority")).subquery()
        extreme = func.max if highest_first else func.min
        columns = (learning, func.count(), ranked.c.id, *facts, extreme(ranked.c.priority))
    else:
        key = priority.desc() if highest_first else priority.asc()
        top = reviews.order_by(key, CardState.id).limit(1).scalar_subquery()
        columns = (learning, _count(reviews).scalar_subquery(), top, *facts, null())
    labels = (*named, "max_overdue")
    return select(*(column.label(label) for column, label in zip(columns, labels, strict=True)))


def _earliest_learning(scope: Scope, until: object) -> Select:
    """The learning or relearning card due first, by `until`: one ordered index walk per
    state."""
    learning = scheduled(scope, LEARNING_STATUSES, until).add_columns(CardState.due)
    walks = [
        learning.where(CardState.state == status).order_by(CardState.due).limit(1).subquery()
        for status in LEARNING_STATUSES
    ]
    both = union_all(*(select(walk.c.id, walk.c.due) for walk in walks)).subquery()
    return select(both.c.id).order_by(both.c.due).limit(1)


def _added_new(scope: Scope) -> Select:
    """Items the user added to their new cards from the library (a NEW card state they asked
    for), in study order: read from the user's own card states, not by walking the bank."""
    return (
        new_candidate_columns()
        .join(CardState, CardState.item_id == Item.id)
        .where(CardState.user_id == USER, CardState.state == CardStatus.NEW)
        .where(available(), in_scope(scope))
        # `+ 0` keeps SQLite from walking the whole bank in study order: the user's few NEW
        # card states come first, from their index, and are sorted afterwards.
        .order_by(Item.study_rank + 0, Item.id)
    )


def _next_learning(scope: Scope) -> Select:
    """When the user's first learning or relearning card in scope is due (shown or not)."""
    waiting = scheduled(scope, LEARNING_STATUSES, None).add_columns(CardState.due).subquery()
    return select(func.min(waiting.c.due))


@dataclass(frozen=True)
class QueueStatements:
    head: Select
    earliest_learning: Select
    earliest_ahead: Select  # learning cards due within the learn-ahead limit
    next_learning: Select
    new_items: Select
    new_count: Select
    added_new: Select


@lru_cache(maxsize=512)
def queue_statements(
    scope: Scope, sqlite: bool, order: ReviewOrder = ReviewOrder.RETRIEVABILITY
) -> QueueStatements:
    """The statements for a resolved scope and review order, built once and kept (a set's
    saved filter is part of the resolved scope, so an edited filter is a new key)."""
    new = new_items(scope)
    return QueueStatements(
        _head(scope, sqlite, order),
        _earliest_learning(scope, NOW),
        _earliest_learning(scope, LEARN_AHEAD),
        _next_learning(scope),
        new.limit(NEW_LIMIT),
        _count(new),
        _added_new(scope).limit(NEW_LIMIT),
    )
