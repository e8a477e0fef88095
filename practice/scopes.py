"""A scope as SQL: `resolve` reads a scope's set and assignment parts in one query, then
`in_scope` compiles the resolved value with no reads at all, so every statement built from a
scope can be kept and reused (the drill queue, search, progress figures)."""

from __future__ import annotations

from dataclasses import replace

from flask import g, has_request_context, request
from sqlalchemy import ColumnElement, and_, exists, false, or_, select

from practice.access import assigned_to
from practice.domain.scope import Scope, ScopeError, SetSource, scope_from_filters
from practice.domain.scope_names import name_index, with_slugs
from practice.domain.search_syntax import parse_search
from practice.extensions import db
from practice.models import (
    Assignment,
    Item,
    LearningPath,
    QuestionSet,
    QuestionSetItem,
    Topic,
    Track,
    item_topics,
)
from practice.search_terms import matching_item_ids


def resolve(scope: Scope) -> Scope:
    """The scope with its search text's matches and its set and assignment parts read (one
    query each); others come back as is."""
    if scope.needs_text:
        # A drill reads no one's cards through its text: card terms (is:due...) are left out
        # (the drill picks due and new cards itself); card terms alone scope nothing.
        parsed = parse_search(scope.text)
        text = parsed.without_card_filters()
        if text.is_empty and parsed.card_filters:
            scope = replace(scope, text=None)
        else:
            scope = replace(scope, text_ids=matching_item_ids(text))
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
    if scope.needs_sets or scope.needs_text:
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
    if scope.text_ids is not None:  # what the search text matched, read by resolve()
        conditions.append(Item.id.in_(scope.text_ids))
    conditions.extend(set_items(source) for source in scope.sets or ())
    return and_(*conditions)


def scope_choices() -> dict[str, list[tuple[str, str]]]:
    """(slug, name) of every track and topic, for the scope pickers and for reading names:
    read once per request (a drill page parses its scope, checks it and shows the pickers)."""
    # Kept beside this request's environ (compared by identity): an app context that outlives
    # one request, as in tests, never hands a later request a stale copy.
    environ = request.environ if has_request_context() else None
    cached = g.get("scope_choices") if environ is not None else None
    if cached and cached[0] is environ:
        return cached[1]
    tracks = db.session.execute(select(Track.slug, Track.name).order_by(Track.id)).all()
    topics = db.session.execute(select(Topic.slug, Topic.name).order_by(Topic.name)).all()
    choices = {
        "track": [(slug, name) for slug, name in tracks],
        "topic": [(slug, name) for slug, name in topics],
    }
    if environ is not None:
        g.scope_choices = (environ, choices)
    return choices


def with_bank_names(scope: Scope) -> Scope:
    """The scope's tracks and topics, given by slug or by name in any case, as slugs.

    Raises:
        ScopeError: a track or topic the bank does not have (its field: track or topic).
    """
    if not scope.tracks and not scope.topics:
        return scope
    choices = scope_choices()
    return with_slugs(scope, name_index(choices["track"]), name_index(choices["topic"]))


def scope_names(scope: Scope) -> dict[tuple[str, str], str]:
    """Display names of what the scope names: tracks, topics, its path, set or assignment."""
    names: dict[tuple[str, str], str] = {}
    if scope.tracks:
        rows = db.session.execute(
            select(Track.slug, Track.name).where(Track.slug.in_(scope.tracks))
        )
        names |= {("track", slug): name for slug, name in rows}
    if scope.topics:
        rows = db.session.execute(
            select(Topic.slug, Topic.name).where(Topic.slug.in_(scope.topics))
        )
        names |= {("topic", slug): name for slug, name in rows}
    if scope.path:
        title = db.session.scalar(select(LearningPath.title).where(LearningPath.slug == scope.path))
        names[("path", scope.path)] = title or scope.path
    if scope.set_id is not None:
        title = db.session.scalar(select(QuestionSet.title).where(QuestionSet.id == scope.set_id))
        names[("set", str(scope.set_id))] = title or "a question set"
    if scope.assignment_id is not None:
        title = db.session.scalar(
            select(QuestionSet.title)
            .join(Assignment, Assignment.set_id == QuestionSet.id)
            .where(Assignment.id == scope.assignment_id)
        )
        names[("assignment", str(scope.assignment_id))] = title or "an assignment"
    return names
