"""Read-only questions about the bank: tracks and their item counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import Item, Track


@dataclass(frozen=True)
class TrackCount:
    slug: str
    name: str
    code: str
    items: int
    by_kind: dict[str, int]


def count_live_items() -> int:
    return db.session.scalar(select(func.count(Item.id)).where(Item.retired.is_(False))) or 0


def counts_by_track(column) -> dict[int, dict[str, int]]:
    """Live items per track and per value of `column` (Item.kind, Item.level...)."""
    rows = db.session.execute(
        select(Item.track_id, column, func.count(Item.id))
        .where(Item.retired.is_(False))
        .group_by(Item.track_id, column)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for track_id, value, count in rows:
        counts.setdefault(track_id, {})[value] = count
    return counts


def tracks_with_counts() -> list[TrackCount]:
    """Every track with how many live items of each kind it holds, in tracks.yaml order."""
    kinds = counts_by_track(Item.kind)
    tracks = db.session.scalars(select(Track).order_by(Track.id)).all()
    return [
        TrackCount(t.slug, t.name, t.code, sum(kinds.get(t.id, {}).values()), kinds.get(t.id, {}))
        for t in tracks
    ]
