"""Full-text matching of the bank's items, below every feature: the library ranks with it,
and a scope with search text (the drill of a search) reads its matching ids with it.

Both engines take the user's words only as bound parameters (see practice.domain.search).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, Float, Integer, any_, bindparam, text

from practice.domain.search import SearchQuery, Term
from practice.domain.search_words import spellings
from practice.extensions import db
from practice.models import Item


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


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
    for n, group in enumerate(query.any_of):
        alternatives = [_postgres_term(term, f"any{n}_{m}", params) for m, term in enumerate(group)]
        parts.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(parts), params


def _postgres_term(term: Term, name: str, params: dict[str, str]) -> str:
    """One term of the query syntax as a tsquery from bound parameters. Title terms and
    prefixes go through to_tsquery: their words are letters and digits only (the syntax's
    words), joined here with fixed operators, so no input is read as tsquery syntax."""
    if len(term.words) > 1 or term.prefix:
        alternatives = [term.words]
    else:
        alternatives = [(form,) for form in spellings(term.words[0])]
    parts = []
    for m, words in enumerate(alternatives):
        key = f"{name}_{m}"
        if term.title or term.prefix:
            marks = (":*" if term.prefix else ":") + ("A" if term.title else "")
            params[key] = " <-> ".join(word + marks for word in words)
            parts.append(f"to_tsquery('english', :{key})")
        else:
            params[key] = " ".join(words)
            function = "phraseto_tsquery" if len(words) > 1 else "plainto_tsquery"
            parts.append(f"{function}('english', :{key})")
    return "(" + " || ".join(parts) + ")"


def _engine_text(query: SearchQuery, sqlite_sql: str, postgres_sql: str):
    """The statement with its parameters bound under names unique to it, so that several
    searches (an exclusion, an OR with a card term) can sit in one statement."""
    if is_sqlite():
        return text(sqlite_sql).bindparams(bindparam("match", query.fts5(), unique=True))
    tsquery, params = _postgres_query(query)
    # tsquery is assembled from fixed fragments above; the user's words are parameters
    bound: list[Any] = [bindparam(name, value, unique=True) for name, value in params.items()]
    return text(postgres_sql.format(tsquery=tsquery)).bindparams(*bound)


def _matching_ids(query: SearchQuery):
    """Ids of the items matching the text, for `Item.id IN (...)`: evaluated once (a join
    would let SQLite re-run the MATCH for every item row)."""
    return _engine_text(query, SQLITE_IDS, POSTGRES_IDS).columns(item_id=Integer)


def ranked(query: SearchQuery):
    """(item_id, score) of the matches, lower score first, materialized once per statement."""
    statement = _engine_text(query, SQLITE_RANKED, POSTGRES_RANKED)
    return statement.columns(item_id=Integer, score=Float).cte("ranked").prefix_with("MATERIALIZED")


def match_condition(query: SearchQuery):
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
    return Item.id == any_(bindparam("match_ids", ids, type_=ARRAY(Integer), unique=True))
