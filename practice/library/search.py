"""Searching the library: full-text matches ranked by relevance, filters, facets and pages.

Filters are the drill's scope (practice.domain.scope), so a search can be drilled as it is.
Both engines take the user's words only as bound parameters (see practice.domain.search).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ARRAY, Float, Integer, any_, bindparam, func, select, text
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
from practice.domain.search_words import spellings
from practice.extensions import db
from practice.library.search_index import is_sqlite
from practice.models import Item, Topic, Track, item_topics
from practice.scopes import in_scope

# bm25 weights for title, body and extra facts: a title match outranks a body match
SQLITE_IDS = "SELECT rowid FROM item_search WHERE item_search MATCH :match"
SQLITE_RANKED = (
    "SELECT rowid AS item_id, bm25(item_search, 10.0, 1.0, 3.0) AS score "
    "FROM item_search WHERE item_search MATCH :match"
)
# ts_rank weights D, C, B, A: body 0.1, extra facts 0.4 (B), title 1.0 (A)
POSTGRES_IDS = "SELECT item_id FROM item_search WHERE document @@ ({tsquery})"
POSTGRES_RANKED = (
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
    """A tsquery built from bound parameters only: the words without synonyms, each word
    with synonyms as any of its spellings, each phrase, then the prefix."""
    parts, params = [], {}
    plain = [word for word in query.words if len(spellings(word)) == 1]
    if plain:
        parts.append("plainto_tsquery('english', :words)")
        params["words"] = " ".join(plain)
    for n, word in enumerate(w for w in query.words if len(spellings(w)) > 1):
        forms = []
        for m, form in enumerate(spellings(word)):
            forms.append(f"plainto_tsquery('english', :word{n}_{m})")
            params[f"word{n}_{m}"] = form
        parts.append("(" + " || ".join(forms) + ")")
    for n, phrase in enumerate(query.phrases):
        parts.append(f"phraseto_tsquery('english', :phrase{n})")
        params[f"phrase{n}"] = " ".join(phrase)
    if query.prefix:
        # The prefix is letters and digits only (parse_query's words): safe as a lexeme.
        parts.append("to_tsquery('english', :prefix)")
        params["prefix"] = query.prefix + ":*"
    return " && ".join(parts), params


def _engine_text(query: SearchQuery, sqlite_sql: str, postgres_sql: str):
    if is_sqlite():
        return text(sqlite_sql).bindparams(match=query.fts5())
    tsquery, params = _postgres_query(query)
    # tsquery is assembled from fixed fragments above; the user's words are parameters
    return text(postgres_sql.format(tsquery=tsquery)).bindparams(**params)


def _matching_ids(query: SearchQuery):
    """Ids of the items matching the text, for `Item.id IN (...)`: evaluated once (a join
    would let SQLite re-run the MATCH for every item row)."""
    return _engine_text(query, SQLITE_IDS, POSTGRES_IDS).columns(item_id=Integer)


def _ranked(query: SearchQuery):
    """(item_id, score) of the matches, lower score first, materialized once per statement."""
    statement = _engine_text(query, SQLITE_RANKED, POSTGRES_RANKED)
    return statement.columns(item_id=Integer, score=Float).cte("ranked").prefix_with("MATERIALIZED")


def _match_condition(query: SearchQuery):
    """The text's condition on Item, or None for no text. SQLite evaluates an IN subquery
    once; PostgreSQL would rescan for every statement, so its matching ids are read once and
    passed back as one array parameter."""
    if query.is_empty:
        return None
    if is_sqlite():
        return Item.id.in_(_matching_ids(query))
    # The documents live in TOAST, which the planner does not cost: it picks a sequential
    # scan that unpacks every document (14 ms on 5,000 items) over the GIN index (under 1 ms).
    # SET LOCAL lasts until this read-only request's transaction ends.
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    ids = list(db.session.scalars(_matching_ids(query)))
    return Item.id == any_(bindparam("match_ids", ids, type_=ARRAY(Integer)))


def _filtered(condition, scope: Scope, *columns):
    statement = select(*columns).select_from(Item).where(in_scope(scope))
    return statement if condition is None else statement.where(condition)


def count_matching(condition, scope: Scope) -> int:
    return db.session.scalar(_filtered(condition, scope, func.count(Item.id))) or 0


def search(query: SearchQuery, scope: Scope, page: int) -> SearchResults:
    """One page of results with facet counts; with no text, the filters alone browse."""
    condition = _match_condition(query)
    pages = paging(count_matching(condition, scope), page)
    statement = _filtered(condition, scope, Item).options(
        selectinload(Item.topics), selectinload(Item.track)
    )
    if not query.is_empty:
        ranked = _ranked(query)
        statement = statement.join(ranked, ranked.c.item_id == Item.id)
        statement = statement.order_by(ranked.c.score, Item.id)
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
    return SearchResults(query, scope, hits, pages, _facets(condition, scope), found)


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
