"""The full-text index of the bank: FTS5 on SQLite, a tsvector table with GIN on PostgreSQL.

The index lives outside the models (its tables are engine-specific, made by migration 0005);
everything here goes through bound parameters. `sync_search_index` runs inside every bank
load's transaction, so the index never disagrees with the items table.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, text

from practice.domain.search import SearchDocument, search_document
from practice.extensions import db
from practice.fulltext import is_sqlite
from practice.models import Item, Topic, Track, item_topics

SEARCH_TABLE = "item_search"
CHUNK = 500


def is_search_index_table(name: str | None) -> bool:
    """The index's own tables (FTS5 adds shadow tables named item_search_*)."""
    return name is not None and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_"))


# Fixed statements per engine: nothing from a request is ever formatted into them.
STATEMENTS = {
    "sqlite": {
        "delete": "DELETE FROM item_search WHERE rowid IN :ids",
        "delete_retired": "DELETE FROM item_search WHERE rowid IN "
        "(SELECT id FROM items WHERE retired)",
        "missing": "SELECT id FROM items WHERE NOT retired "
        "AND id NOT IN (SELECT rowid FROM item_search)",
        "insert": "INSERT INTO item_search (rowid, title, body, extra) "
        "VALUES (:id, :title, :body, :extra)",
    },
    "postgresql": {
        "delete": "DELETE FROM item_search WHERE item_id IN :ids",
        "delete_retired": "DELETE FROM item_search WHERE item_id IN "
        "(SELECT id FROM items WHERE retired)",
        "missing": "SELECT id FROM items WHERE NOT retired "
        "AND id NOT IN (SELECT item_id FROM item_search)",
        "insert": "INSERT INTO item_search (item_id, document) VALUES (:id, "
        "setweight(to_tsvector('english', :title), 'A') || "
        "setweight(to_tsvector('english', :extra), 'B') || "
        "setweight(to_tsvector('english', :body), 'D'))",
    },
}


def _statement(name: str):
    return text(STATEMENTS["sqlite" if is_sqlite() else "postgresql"][name])


def sync_search_index(changed_ids: Iterable[int]) -> int:
    """Re-index the changed items, drop retired ones, add any live item missing; returns how
    many items were (re)indexed. Runs in the caller's transaction."""
    delete = _statement("delete").bindparams(bindparam("ids", expanding=True))
    for chunk in _chunks(list(changed_ids)):
        db.session.execute(delete, {"ids": chunk})
    db.session.execute(_statement("delete_retired"))
    missing = db.session.scalars(_statement("missing")).all()
    for chunk in _chunks(list(missing)):
        _insert(_documents(chunk))
    return len(missing)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _documents(ids: list[int]) -> dict[int, SearchDocument]:
    topics: dict[int, list[str]] = {}
    for item_id, name in db.session.execute(
        select(item_topics.c.item_id, Topic.name)
        .join(Topic, Topic.id == item_topics.c.topic_id)
        .where(item_topics.c.item_id.in_(ids))
    ):
        topics.setdefault(item_id, []).append(name)
    rows = db.session.execute(
        select(
            Item.id,
            Item.external_id,
            Item.kind,
            Item.level,
            Item.title,
            Item.body,
            Item.sections,
            Item.follow_ups,
            Track.name.label("track"),
        )
        .join(Track, Track.id == Item.track_id)
        .where(Item.id.in_(ids))
    )
    return {
        row.id: search_document(
            row.title,
            row.body,
            row.sections,
            row.follow_ups,
            [row.external_id, row.kind, row.level, row.track, *topics.get(row.id, [])],
        )
        for row in rows
    }


def _insert(documents: dict[int, SearchDocument]) -> None:
    if documents:
        rows = [
            {"id": item_id, "title": d.title, "body": d.body, "extra": d.extra}
            for item_id, d in documents.items()
        ]
        db.session.execute(_statement("insert"), rows)
