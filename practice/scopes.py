"""A scope as SQL: `resolve` reads a scope's set and assignment parts in one query, then
`in_scope` compiles the resolved value with no reads at all, so every statement built from a
scope can be kept and reused (the drill queue, search, progress figures)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, and_, exists, false, or_, select

from practice.access import assigned_to
from practice.domain.scope import Scope, ScopeError, SetSource, scope_from_filters
from practice.extensions import db
from practice.models import (
    Assignment,
    Item,
    QuestionSet,
    QuestionSetItem,
    Topic,
    Track,
    item_topics,
)


def resolve(scope: Scope) -> Scope:
    """The scope with its set and assignment parts read (one query); others come back as is."""
    if not scope.needs_sets:
        return scope
    sources: list[SetSource] = []
    if scope.set_id is not None:
        sources.append(set_source(scope.set_id))
    if scope.assignment_id is not None:
        set_id = db.session.scalar(
            select(Assignment.set_id).where(Assignment.id == scope.assignment_id)
        )
        sources.append(set_source(set_id) if set_id else SetSource(0, missing=True))
    return replace(scope, sets=tuple(sources))


def set_source(set_id: int) -> SetSource:
    """One set's items as SQL needs them: hand-picked, or its saved filter as a scope."""
    row = db.session.execute(
        select(QuestionSet.id, QuestionSet.filters).where(QuestionSet.id == set_id)
    ).one_or_none()
    if row is None:
        return SetSource(set_id, missing=True)
    return _source(row.id, row.filters)


def _source(set_id: int, filters: dict[str, list[str]] | None) -> SetSource:
    if filters is None:
        return SetSource(set_id)
    try:
        return SetSource(set_id, saved_filter=scope_from_filters(filters))
    except ScopeError:
        return SetSource(set_id, missing=True)


def open_assignment_sources(user_id: int) -> list[SetSource]:
    """The sets of the user's open assignments (mentor or cohort), in one query."""
    rows = db.session.execute(
        select(QuestionSet.id, QuestionSet.filters)
        .where(QuestionSet.id.in_(select(Assignment.set_id).where(assigned_to(user_id))))
        .order_by(QuestionSet.id)
    ).all()
    return [_source(row.id, row.filters) for row in rows]


def set_items(source: SetSource) -> ColumnElement[bool]:
    """A condition on Item: the set's hand-picked items, or what its saved filter matches."""
    if source.missing:
        return false()
    if source.saved_filter is None:
        picked = select(QuestionSetItem.item_id).where(QuestionSetItem.set_id == source.set_id)
        return Item.id.in_(picked)
    return in_scope(source.saved_filter)


def any_set_items(sources: list[SetSource]) -> ColumnElement[bool]:
    return or_(*(set_items(source) for source in sources)) if sources else false()


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """SQL conditions on Item for a resolved scope (live items only); no database reads."""
    if scope.needs_sets:
        raise ValueError("resolve() the scope before compiling it: its set is not read yet")
    conditions: list[ColumnElement[bool]] = [Item.retired.is_(False)]
    if scope.tracks:
        conditions.append(Item.track_id.in_(select(Track.id).where(Track.slug.in_(scope.tracks))))
    if scope.topics:
        topic_ids = select(Topic.id).where(Topic.slug.in_(scope.topics))
        conditions.append(
            exists()
            .where(item_topics.c.item_id == Item.id)
            .where(item_topics.c.topic_id.in_(topic_ids))
        )
    if scope.levels:
        conditions.append(Item.level.in_(scope.levels))
    if scope.kinds:
        conditions.append(Item.kind.in_(scope.kinds))
    if scope.min_difficulty is not None:
        conditions.append(Item.difficulty >= scope.min_difficulty)
    if scope.max_difficulty is not None:
        conditions.append(Item.difficulty <= scope.max_difficulty)
    if scope.item_ids is not None:  # a path's current module, resolved by the paths feature
        conditions.append(Item.id.in_(scope.item_ids))
    conditions.extend(set_items(source) for source in scope.sets or ())
    return and_(*conditions)
