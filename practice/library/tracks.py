"""One track's page: what the bank holds in it, and a signed-in learner's progress on it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from practice.domain.scope import Scope
from practice.domain.study_stats import mastery
from practice.drill.queue import Counts, build_view
from practice.extensions import db
from practice.library.catalog import counts_by_track
from practice.models import CardState, Item, Track, User
from practice.stats.figures import track_recall

LEVELS = ("junior", "mid", "senior", "architect")


@dataclass(frozen=True)
class TrackContents:
    track: Track
    by_level: dict[str, int]
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


@dataclass(frozen=True)
class TrackProgress:
    """A learner's cards in a track: never studied, learning, in review (mature among them),
    what the drill has for today, and mean predicted recall now over the studied cards."""

    new: int
    learning: int
    review: int
    mature: int
    suspended: int
    today: Counts
    recall: float | None  # None: nothing studied yet

    @property
    def studied(self) -> int:
        return self.learning + self.review


def track_contents(track: Track) -> TrackContents:
    """The track's live items per level (in level order) and per kind."""
    levels = counts_by_track(Item.level).get(track.id, {})
    kinds = counts_by_track(Item.kind).get(track.id, {})
    return TrackContents(track, {level: levels.get(level, 0) for level in LEVELS}, kinds)


def track_progress(user: User, contents: TrackContents, now: datetime) -> TrackProgress:
    track = contents.track
    live_in_track = and_(Item.track_id == track.id, Item.retired.is_(False))
    rows = db.session.execute(
        select(CardState.state, CardState.stability, CardState.suspended)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, live_in_track)
    ).all()
    buckets = Counter(mastery(state, stability) for state, stability, _ in rows)
    recall = track_recall([user.id], now, live_in_track).get(user.id, [])
    return TrackProgress(
        new=contents.total - (buckets["learning"] + buckets["young"] + buckets["mature"]),
        learning=buckets["learning"],
        review=buckets["young"] + buckets["mature"],
        mature=buckets["mature"],
        suspended=sum(1 for *_, suspended in rows if suspended),
        today=build_view(user, Scope(tracks=(track.slug,)), now).counts,
        recall=recall[0].recall if recall else None,
    )
