"""Searching the library: full-text matches ranked by relevance, filters, facets and pages.

Filters are the drill's scope (practice.domain.scope), so a search can be drilled as it is.
Both engines take the user's words only as bound parameters (see practice.domain.search).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from practice.domain.bank_rules import KINDS, LEVELS
from practice.domain.library import (
    FACETS,
    KIND_LABELS,
    FacetValue,
    Relaxation,
    best_relaxations,
    facet_values,
    relaxations,
    without_facet,
)
from practice.domain.paging import Paging, paging
from practice.domain.scope import Scope
from practice.domain.search import SearchQuery, excerpt, highlight, plain_text
from practice.domain.search_syntax import ParsedSearch
from practice.extensions import db
from practice.fulltext import ranked
from practice.models import Item, Topic, Track, item_topics
from practice.scopes import in_scope
from practice.search_terms import LOG_IN_FOR_CARDS, Searcher, search_condition


@dataclass(frozen=True)
class Hit:
    item: Item
    title_html: str
    excerpt_html: str


@dataclass(frozen=True)
class SearchResults:
    query: ParsedSearch
    scope: Scope
    hits: list[Hit]
    paging: Paging
    facets: dict[str, list[FacetValue]]
    relaxations: list[Relaxation] = field(default_factory=list)
    problems: tuple[str, ...] = ()  # what the search could not read, shown beside the box


def _filtered(condition, scope: Scope, *columns):
    statement = select(*columns).select_from(Item).where(in_scope(scope))
    return statement if condition is None else statement.where(condition)


def count_matching(condition, scope: Scope) -> int:
    return db.session.scalar(_filtered(condition, scope, func.count(Item.id))) or 0


def search(
    parsed: ParsedSearch, scope: Scope, page: int, searcher: Searcher | None = None
) -> SearchResults:
    """One page of results with facet counts; with no text, the filters alone browse. Card
    terms (is:due...) read the searcher's cards; for a visitor they match nothing, and say so."""
    condition = search_condition(parsed, searcher)
    query = parsed.text_query
    problems = parsed.problems
    if parsed.card_filters and searcher is None:
        problems += (LOG_IN_FOR_CARDS,)
    pages = paging(count_matching(condition, scope), page)
    statement = _filtered(condition, scope, Item).options(
        selectinload(Item.topics), selectinload(Item.track)
    )
    if not query.is_empty:
        scores = ranked(query)
        statement = statement.join(scores, scores.c.item_id == Item.id)
        statement = statement.order_by(scores.c.score, Item.id)
    else:
        statement = statement.order_by(Item.kind, Item.study_rank, Item.id)
    items = db.session.scalars(statement.offset(pages.offset).limit(pages.per_page)).all()
    hits = [_hit(item, query) for item in items]
    found = []
    if not pages.total:
        found = best_relaxations(
            [
                Relaxation(label, wider, count_matching(condition, wider))
                for label, wider in relaxations(scope)
            ]
        )
    facets = _facets(condition, scope)
    return SearchResults(parsed, scope, hits, pages, facets, found, problems)


def _hit(item: Item, query: SearchQuery) -> Hit:
    body = plain_text(" ".join([item.body] + [text for _, text in item.sections]))
    terms, prefix = query.terms, query.prefix
    title = highlight(plain_text(item.title), terms, prefix)
    return Hit(item, title, excerpt(body, terms, prefix=prefix))


def _facets(condition, scope: Scope) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet, with that facet's own filter left out."""
    columns = {
        "kinds": Item.kind,
        "levels": Item.level,
        "tracks": Track.slug,
        "topics": Topic.slug,
    }
    options = _facet_options()
    facets = {}
    for facet in FACETS:
        column = columns[facet]
        statement = _filtered(condition, without_facet(scope, facet), column, func.count())
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
