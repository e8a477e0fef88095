"""Searching the library: full-text matches ranked by relevance, filters, facets and pages.

Filters are the drill's scope (practice.domain.scope), so a search can be drilled as it is.
Both engines take the user's words only as bound parameters (see practice.domain.search).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Float, Integer, func, select, text
from sqlalchemy.orm import selectinload

from practice.domain.bank_rules import KINDS, LEVELS
from practice.domain.library import (
    FACETS,
    KIND_LABELS,
    FacetValue,
    Paging,
    Relaxation,
    best_relaxations,
    facet_values,
    paging,
    relaxations,
    without_facet,
)
from practice.domain.scope import Scope
from practice.domain.search import SearchQuery, excerpt, highlight, plain_text
from practice.extensions import db
from practice.models import Item, Topic, Track, item_topics
from practice.services.drill_queue import in_scope
from practice.services.search_index import is_sqlite

# bm25 weights for title, body and extra facts: a title match outranks a body match
SQLITE_MATCHES = (
    "SELECT rowid AS item_id, bm25(item_search, 10.0, 1.0, 3.0) AS score "
    "FROM item_search WHERE item_search MATCH :match"
)
# ts_rank weights D, C, B, A: body 0.1, extra facts 0.4 (B), title 1.0 (A)
POSTGRES_MATCHES = (
    "SELECT item_id, -ts_rank(document, q) AS score "
    "FROM item_search, (SELECT {tsquery} AS q) AS query WHERE document @@ q"
)


@dataclass(frozen=True)
class Hit:
    item: Item
    title_html: str
    excerpt_html: str


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    scope: Scope
    hits: list[Hit]
    paging: Paging
    facets: dict[str, list[FacetValue]]
    relaxations: list[Relaxation] = field(default_factory=list)


def _postgres_query(query: SearchQuery) -> tuple[str, dict[str, str]]:
    """A tsquery built from bound parameters only: all words, then each phrase."""
    parts, params = [], {}
    if query.words:
        parts.append("plainto_tsquery('english', :words)")
        params["words"] = " ".join(query.words)
    for n, phrase in enumerate(query.phrases):
        parts.append(f"phraseto_tsquery('english', :phrase{n})")
        params[f"phrase{n}"] = " ".join(phrase)
    return " && ".join(parts), params


def _matches(query: SearchQuery):
    """A subquery of (item_id, score) for the items matching the text; lower score is better."""
    if is_sqlite():
        statement = text(SQLITE_MATCHES).bindparams(match=query.fts5())
    else:
        tsquery, params = _postgres_query(query)
        # tsquery is assembled from fixed fragments above; the user's words are parameters
        statement = text(POSTGRES_MATCHES.format(tsquery=tsquery)).bindparams(**params)
    return statement.columns(item_id=Integer, score=Float).subquery("matches")


def _filtered(query: SearchQuery, scope: Scope, matches, *columns):
    statement = select(*columns).select_from(Item).where(in_scope(scope))
    if not query.is_empty:
        statement = statement.join(matches, matches.c.item_id == Item.id)
    return statement


def count_matching(query: SearchQuery, scope: Scope, matches=None) -> int:
    matches = matches if matches is not None else _matches_or_none(query)
    return db.session.scalar(_filtered(query, scope, matches, func.count(Item.id))) or 0


def _matches_or_none(query: SearchQuery):
    return None if query.is_empty else _matches(query)


def search(query: SearchQuery, scope: Scope, page: int) -> SearchResults:
    """One page of results with facet counts; with no text, the filters alone browse."""
    matches = _matches_or_none(query)
    pages = paging(count_matching(query, scope, matches), page)
    statement = _filtered(query, scope, matches, Item).options(
        selectinload(Item.topics), selectinload(Item.track)
    )
    if matches is not None:
        statement = statement.order_by(matches.c.score, Item.id)
    else:
        statement = statement.order_by(Item.kind, Item.study_rank, Item.external_id)
    items = db.session.scalars(statement.offset(pages.offset).limit(pages.per_page)).all()
    hits = [_hit(item, query) for item in items]
    found = []
    if not pages.total:
        found = best_relaxations(
            [Relaxation(label, wider, count_matching(query, wider, matches))
             for label, wider in relaxations(scope)]
        )  # fmt: skip
    return SearchResults(query, scope, hits, pages, _facets(query, scope, matches), found)


def _hit(item: Item, query: SearchQuery) -> Hit:
    sections = " ".join(text for _, text in item.sections)
    body = plain_text(f"{item.body} {sections}")
    terms = query.terms
    return Hit(item, highlight(plain_text(item.title), terms), excerpt(body, terms))


def _facets(query: SearchQuery, scope: Scope, matches) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet, with that facet's own filter left out."""
    columns = {
        "kinds": Item.kind, "levels": Item.level, "tracks": Track.slug, "topics": Topic.slug,
    }  # fmt: skip
    options = _facet_options()
    facets = {}
    for facet in FACETS:
        column = columns[facet]
        statement = _filtered(query, without_facet(scope, facet), matches, column, func.count())
        if facet == "tracks":
            statement = statement.join(Track, Track.id == Item.track_id)
        if facet == "topics":
            statement = statement.join(item_topics, item_topics.c.item_id == Item.id).join(
                Topic, Topic.id == item_topics.c.topic_id
            )
        counts = dict(db.session.execute(statement.group_by(column)).all())
        facets[facet] = facet_values(options[facet], counts, getattr(scope, facet))
    return facets


def _facet_options() -> dict[str, list[tuple[str, str]]]:
    return {
        "kinds": [(kind, KIND_LABELS[kind]) for kind in KINDS],
        "levels": [(level, level.capitalize()) for level in LEVELS],
        "tracks": _pairs(select(Track.slug, Track.name).order_by(Track.id)),
        "topics": _pairs(select(Topic.slug, Topic.name).order_by(Topic.name)),
    }


def _pairs(statement) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in db.session.execute(statement)]
