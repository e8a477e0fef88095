"""What the drill shows next for a user and a scope, and the counts beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import Row, func, select

from practice.domain.countdown import clock_label, wait_label
from practice.domain.queue import (
    Allowance,
    NewCandidate,
    daily_allowance,
    learn_ahead_until,
    order_new,
    shown_from,
)
from practice.domain.scheduling import (
    DEFAULT_LEARNING_STEPS,
    SCHEDULED_STATUSES,
    Memory,
    SchedulerSettings,
    epoch_days,
    next_study_day_start,
    study_day_number,
    study_day_start,
)
from practice.domain.scope import Scope
from practice.domain.study_options import ReviewOrder, new_card_next, retention_for
from practice.drill import queue_sql
from practice.drill.memory import memory_of
from practice.drill.queue_sql import NEW_LIMIT, QueueStatements, available, queue_statements
from practice.extensions import db
from practice.models import CardState, Item, User
from practice.scopes import any_set_items, in_scope, open_assignment_sources, resolve

# New-card candidates read beyond the day's allowance, so that interleaving topics has a few
# cards of other topics to choose from (domain.queue.interleave_topics looks 8 ahead).
CANDIDATE_SLACK = 8


@dataclass(frozen=True)
class Counts:
    learning: int
    due: int
    new: int


@dataclass(frozen=True)
class DrillCard:
    item: Item
    memory: Memory
    leech: bool = False  # the card lapsed past its owner's leech threshold


@dataclass(frozen=True)
class Comeback:
    """When the next learning card can be shown again, for the "Nothing is due" screen."""

    at: datetime
    seconds: int  # from now: what the countdown counts down
    clock: str  # "at 14:32", in the user's own zone
    wait: str  # "in 25 minutes"


@dataclass(frozen=True)
class DrillView:
    counts: Counts
    card: DrillCard | None
    next_due: datetime | None = None
    more_new: int = 0  # new items in scope beyond today's limit
    comeback: Comeback | None = None
    held_reviews: int = 0  # due reviews held back by the daily maximum
    maximum_reviews: int = 0


def user_settings(user: User, fuzz: bool, level: str | None = None) -> SchedulerSettings:
    """The scheduler's settings for a user's card of `level` (its level's desired retention,
    if the user set one)."""
    steps = user.learning_steps
    learning = tuple(timedelta(minutes=m) for m in steps) if steps else DEFAULT_LEARNING_STEPS
    return SchedulerSettings(
        desired_retention=retention_for(level, user.desired_retention, user.retention_by_level),
        parameters=tuple(user.fsrs_parameters) if user.fsrs_parameters else None,
        learning_steps=learning,
        maximum_interval=user.maximum_interval,
        fuzz=fuzz,
        time_zone=user.time_zone,
        day_start_hour=user.day_start_hour,
    )


def extra_new_today(user: User, now: datetime) -> int:
    start = study_day_start(now, user.time_zone, user.day_start_hour)
    fresh = user.extra_new_from is not None and user.extra_new_from >= start
    return user.extra_new_count if fresh else 0


NO_CAP = 10**9  # reviewing ahead is asked for: the daily maximum does not hold it back


def build_view(user: User, scope: Scope, now: datetime, ahead: bool = False) -> DrillView:
    """Counts and the next card: learning cards due now, then due reviews and new cards as far
    as the daily limits allow, then learning cards within the learn-ahead limit. `ahead` also
    takes reviews due before the next study day, past the daily maximum."""
    scope = resolve(scope)
    statements = queue_statements(scope, db.engine.dialect.name == "sqlite", _order(user))
    params = _params(user, now, ahead)
    head = db.session.execute(statements.head, params).one()
    allowance = _allowance(user, now, head, ahead)
    new_rows, added = _new_rows(statements, params, scope, allowance.new, head.has_added)
    assigned = _assigned_new(user, scope, params, allowance.new) if head.has_assigned else []
    new_rows = _assigned_first(assigned, new_rows)
    counts = Counts(head.learning, allowance.reviews, min(allowance.new, len(new_rows)))
    earliest = head.learning and db.session.scalar(statements.earliest_learning, params)
    if earliest:
        return DrillView(counts, _studied_card(earliest))
    review_id = head.most_overdue if allowance.reviews else None
    chosen = order_new(_new_candidates(scope, new_rows, added, assigned), allowance.new)
    new_first = bool(chosen) and _new_before_review(user, head, counts)
    if review_id is not None and not new_first:
        return DrillView(counts, _studied_card(review_id))
    if chosen:
        return DrillView(counts, DrillCard(db.session.get_one(Item, chosen[0].item_id), Memory()))
    soon = head.learning and db.session.scalar(statements.earliest_ahead, params)
    if soon:
        return DrillView(counts, _studied_card(soon))
    more_new = (db.session.scalar(statements.new_count, params) or 0) - counts.new
    return DrillView(
        counts,
        None,
        _next_due(user, scope, now),
        max(0, more_new),
        _comeback(user, db.session.scalar(statements.next_learning, params), now),
        allowance.held_reviews,
        user.maximum_reviews,
    )


def _order(user: User) -> ReviewOrder:
    try:
        return ReviewOrder(user.review_order)
    except ValueError:
        return ReviewOrder.RETRIEVABILITY


def _new_before_review(user: User, head: Row[Any], counts: Counts) -> bool:
    """Whether a new card comes before the next due review, by where the user puts new
    cards (after, mixed into or before the reviews)."""
    return new_card_next(
        user.new_card_place, head.new_today, counts.new, head.reviews_today, counts.due
    )


def _allowance(user: User, now: datetime, head: Row[Any], ahead: bool) -> Allowance:
    return daily_allowance(
        user.daily_new_limit,
        NO_CAP if ahead else user.maximum_reviews,
        extra_new_today(user, now),
        head.new_today,
        head.reviews_today,
        head.due,
    )


def _comeback(user: User, due: datetime | None, now: datetime) -> Comeback | None:
    """When the next learning card can be shown (learn-ahead minutes before it is due)."""
    if due is None:
        return None
    at = max(now, shown_from(due, user.learn_ahead_minutes, user.time_zone, user.day_start_hour))
    seconds = (at - now).total_seconds()
    return Comeback(at, ceil(seconds), clock_label(at, now, user.time_zone), wait_label(seconds))


def _params(user: User, now: datetime, ahead: bool) -> dict[str, Any]:
    zone, hour = user.time_zone, user.day_start_hour
    day_start = study_day_start(now, zone, hour)
    horizon = next_study_day_start(now, zone, hour) if ahead else now
    today = study_day_number(now, zone, hour)
    return {
        "user_id": user.id,
        "now": now,
        "day": today,
        "due_shift": (epoch_days(day_start) or 0.0) - today,
        "horizon": horizon,
        "learn_ahead": learn_ahead_until(now, user.learn_ahead_minutes, zone, hour),
        "day_start": day_start,
        "today": today,
    }


def _new_rows(
    statements: QueueStatements, params: dict[str, Any], scope: Scope, allowed: int, any_added: bool
) -> tuple[list[Row[Any]], set[int]]:
    """New-card candidates (cards the user added first, if `any_added`, then the rest in study
    order) and the ids of the added ones. A path module (a short list) is read whole so
    its order can apply."""
    if scope.item_ids is not None:
        whole = params | {"new_limit": len(scope.item_ids) + CANDIDATE_SLACK}
        return list(db.session.execute(statements.new_items, whole).all()), set()
    limited = params | {"new_limit": allowed + CANDIDATE_SLACK}
    added = db.session.execute(statements.added_new, limited).all() if any_added and allowed else []
    rest = db.session.execute(statements.new_items, limited).all()
    added_ids = {row.id for row in added}
    return list(added) + [row for row in rest if row.id not in added_ids], added_ids


def _assigned_new(user: User, scope: Scope, params: dict[str, Any], allowed: int) -> list[Row[Any]]:
    """New items of the user's open assignments (mentor or cohort) in scope, in study order."""
    sources = open_assignment_sources(user.id) if allowed > 0 else []
    if not sources:
        return []
    statement = queue_sql.new_items(scope).where(any_set_items(sources)).limit(NEW_LIMIT)
    limited = params | {"new_limit": allowed + CANDIDATE_SLACK}
    return list(db.session.execute(statement, limited).all())


def _assigned_first(assigned: list[Row[Any]], rows: list[Row[Any]]) -> list[Row[Any]]:
    """Assigned items come first even when they sit far down the study order."""
    seen = {row.id for row in assigned}
    return assigned + [row for row in rows if row.id not in seen]


def _new_candidates(
    scope: Scope, rows: list[Row[Any]], added: set[int], assigned: list[Row[Any]]
) -> list[NewCandidate]:
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
    return DrillCard(item, memory_of(card), card.leeched_at is not None)


def _next_due(user: User, scope: Scope, now: datetime) -> datetime | None:
    return db.session.scalar(
        select(func.min(CardState.due))
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, CardState.state.in_(SCHEDULED_STATUSES))
        .where(available(now), in_scope(scope))
    )


def card_for(user: User, external_id: str) -> DrillCard | None:
    """One item with the user's memory of it (for revealing stages and undo)."""
    row = db.session.execute(
        select(Item, CardState)
        .outerjoin(CardState, (CardState.item_id == Item.id) & (CardState.user_id == user.id))
        .where(Item.external_id == external_id)
    ).one_or_none()
    if row is None:
        return None
    item, card = row
    return DrillCard(item, memory_of(card), card is not None and card.leeched_at is not None)
