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


def tracks_with_counts() -> list[TrackCount]:
    """Every track with how many live items of each kind it holds, in tracks.yaml order."""
    rows = db.session.execute(
        select(Track.id, Item.kind, func.count(Item.id))
        .join(Item, (Item.track_id == Track.id) & Item.retired.is_(False))
        .group_by(Track.id, Item.kind)
    ).all()
    kinds: dict[int, dict[str, int]] = {}
    for track_id, kind, count in rows:
        kinds.setdefault(track_id, {})[kind] = count
    tracks = db.session.scalars(select(Track).order_by(Track.id)).all()
    return [
        TrackCount(t.slug, t.name, t.code, sum(kinds.get(t.id, {}).values()), kinds.get(t.id, {}))
        for t in tracks
    ]
