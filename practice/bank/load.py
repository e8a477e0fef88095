"""Load a parsed bank into the database in one transaction.

Upserts tracks, topics, items and paths by their keys, skips items whose content hash is
unchanged, retires items and paths of the same source whose files are gone, and never touches
card states or review logs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from practice.domain.bank import Bank, BankItem
from practice.domain.queue import study_rank
from practice.extensions import db
from practice.library.search_index import sync_search_index
from practice.models import Item, LearningPath, Topic, Track, item_topics

OUTCOMES = ("added", "updated", "unchanged", "retired")


@dataclass
class LoadSummary:
    """Counts of added / updated / unchanged / retired, per kind (paths included)."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += n

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())


def load_bank(
    bank: Bank, source: str, now: datetime, progress: Callable[[int], None] | None = None
) -> LoadSummary:
    """Write the bank; the caller's session is committed here, or rolled back on any error."""
    summary = LoadSummary()
    try:
        track_ids = _upsert_catalog(Track, [vars(t) for t in bank.tracks])
        topic_ids = _upsert_catalog(Topic, [vars(t) for t in bank.topics])
        changed = _load_items(bank.items, source, now, track_ids, topic_ids, summary, progress)
        _load_paths(bank, source, now, summary)
        sync_search_index(changed)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return summary


def _upsert_catalog(model, rows: list[dict[str, str]]) -> dict[str, int]:
    """Insert or update tracks/topics by slug; returns slug -> id. Nothing is deleted."""
    existing = {row.slug: row for row in db.session.scalars(select(model))}
    for row in rows:
        current = existing.get(row["slug"])
        if current is None:
            db.session.add(model(**row))
        else:
            for key, value in row.items():
                if getattr(current, key) != value:
                    setattr(current, key, value)
    db.session.flush()
    return dict(db.session.execute(select(model.slug, model.id)).all())


def _item_row(item: BankItem, source: str, track_ids: dict[str, int], now: datetime) -> dict:
    return {
        "external_id": item.external_id,
        "kind": item.kind,
        "track_id": track_ids[item.track],
        "level": item.level,
        "difficulty": item.difficulty,
        "study_rank": study_rank(item.level, item.difficulty),
        "title": item.title,
        "body": item.body,
        "sections": [list(pair) for pair in item.sections],
        "follow_ups": list(item.follow_ups),
        "source": source,
        "source_path": item.source_path,
        "content_hash": item.content_hash,
        "retired": False,
        "updated_at": now,
    }


def _load_items(items, source, now, track_ids, topic_ids, summary, progress) -> list[int]:
    """Insert and update items; returns the ids of those added or changed (to re-index)."""
    existing = {
        row.external_id: row
        for row in db.session.execute(
            select(
                Item.id,
                Item.external_id,
                Item.content_hash,
                Item.retired,
                Item.source,
                Item.content_changed_at,
            )
        )
    }
    new_rows, changed_rows, topic_rows = [], [], {}
    for done, item in enumerate(items, start=1):
        row = existing.get(item.external_id)
        if row and (row.content_hash, row.retired, row.source) == (
            item.content_hash,
            False,
            source,
        ):
            summary.count(item.kind, "unchanged")
        elif row:
            changed_rows.append(
                {"id": row.id}
                | _item_row(item, source, track_ids, now)
                | _content_change(row, item.content_hash, now)
            )
            topic_rows[item.external_id] = item.topics
            summary.count(item.kind, "updated")
        else:
            new_rows.append(
                _item_row(item, source, track_ids, now)
                | {"created_at": now, "content_changed_at": now}
            )
            topic_rows[item.external_id] = item.topics
            summary.count(item.kind, "added")
        if progress and done % 100 == 0:
            progress(100)
    if new_rows:
        db.session.execute(insert(Item), new_rows)
    if changed_rows:
        db.session.execute(update(Item), changed_rows)
    ids = _replace_topics(topic_rows, topic_ids)
    _retire_items({item.external_id for item in items}, existing, source, now, summary)
    if progress:
        progress(len(items) % 100)
    return ids


def _content_change(row, new_hash: str, now: datetime) -> dict:
    """A changed hash moves content_changed_at (a move of source or un-retiring does not)."""
    changed = row.content_hash != new_hash or row.content_changed_at is None
    return {"content_changed_at": now if changed else row.content_changed_at}


def _replace_topics(topic_rows: dict[str, tuple[str, ...]], topic_ids: dict[str, int]) -> list[int]:
    if not topic_rows:
        return []
    ids = dict(
        db.session.execute(
            select(Item.external_id, Item.id).where(Item.external_id.in_(list(topic_rows)))
        ).all()
    )
    db.session.execute(delete(item_topics).where(item_topics.c.item_id.in_(list(ids.values()))))
    links = [
        {"item_id": ids[external_id], "topic_id": topic_ids[slug]}
        for external_id, slugs in topic_rows.items()
        for slug in slugs
    ]
    db.session.execute(insert(item_topics), links)
    return list(ids.values())


def _retire_items(present: set[str], existing, source, now, summary) -> None:
    gone = [
        row.id
        for external_id, row in existing.items()
        if external_id not in present and row.source == source and not row.retired
    ]
    if not gone:
        return
    kinds = db.session.execute(select(Item.kind).where(Item.id.in_(gone))).scalars()
    for kind in kinds:
        summary.count(kind, "retired")
    db.session.execute(
        update(Item).where(Item.id.in_(gone)).values(retired=True, updated_at=now),
        execution_options={"synchronize_session": False},
    )


def _load_paths(bank: Bank, source: str, now: datetime, summary: LoadSummary) -> None:
    existing = {p.slug: p for p in db.session.scalars(select(LearningPath))}
    for path in bank.paths:
        modules = [
            {"title": m.title, "topics": list(m.topics), "items": list(m.items)}
            for m in path.modules
        ]
        values: dict[str, Any] = {"title": path.title, "level": path.level}
        values |= {"tracks": list(path.tracks), "hours": path.hours}
        values["summary"] = path.summary
        values |= {"modules": modules, "source": source, "content_hash": path.content_hash}
        row = existing.get(path.slug)
        if row and (row.content_hash, row.retired, row.source) == (
            path.content_hash,
            False,
            source,
        ):
            summary.count("path", "unchanged")
            continue
        summary.count("path", "updated" if row else "added")
        if row is None:
            row = LearningPath(slug=path.slug)
            db.session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.retired, row.updated_at = False, now
    present = {path.slug for path in bank.paths}
    for slug, row in existing.items():
        if slug not in present and row.source == source and not row.retired:
            row.retired, row.updated_at = True, now
            summary.count("path", "retired")
