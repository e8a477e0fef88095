"""Read-only library pages: one item with the reader's card, related items, browse lists, feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from practice.domain.browse import code_preview, error_line
from practice.domain.markdown import inline_text, render_inline, render_markdown
from practice.domain.search import excerpt, plain_text
from practice.drill.memory import card_state
from practice.extensions import db
from practice.library.catalog import counts_by_track
from practice.models import CardState, Item, Track, User, item_topics

RELATED_LIMIT = 6
FEED_LIMIT = 50
BROWSE_LIMIT = 500


@dataclass(frozen=True)
class ItemPage:
    item: Item
    title_html: str
    sections_html: list[tuple[str, str]]
    follow_ups_html: list[str]
    related: list[Item]
    card: CardState | None
    changed_since_review: bool


def item_by_external_id(external_id: str) -> Item | None:
    return db.session.scalar(
        select(Item)
        .where(Item.external_id == external_id)
        .options(selectinload(Item.topics), selectinload(Item.track))
    )


def changed_since(item: Item, card: CardState | None) -> bool:
    """The content changed after the user's last review of it."""
    changed = item.content_changed_at
    return bool(card and card.last_review and changed and changed > card.last_review)


def item_page(item: Item, user: User | None) -> ItemPage:
    card = card_state(user.id, item.id) if user is not None else None
    sections = [(name, render_markdown(text)) for name, text in item.sections if text.strip()]
    sections = [(n, h) for n, h in sections if n != "Follow-ups"]
    if item.body.strip():
        sections.insert(0, ("", render_markdown(item.body)))
    return ItemPage(
        item=item,
        title_html=render_inline(item.title),
        sections_html=sections,
        follow_ups_html=[render_markdown(text) for text in item.follow_ups],
        related=related_items(item),
        card=card,
        changed_since_review=changed_since(item, card),
    )


def related_items(item: Item) -> list[Item]:
    """Live items sharing the most topics with this one (then easier first)."""
    topic_ids = [topic.id for topic in item.topics]
    if not topic_ids:
        return []
    shared = func.count(item_topics.c.topic_id)
    return list(
        db.session.scalars(
            select(Item)
            .join(item_topics, item_topics.c.item_id == Item.id)
            .where(item_topics.c.topic_id.in_(topic_ids), Item.id != item.id)
            .where(Item.retired.is_(False))
            .group_by(Item.id)
            .order_by(shared.desc(), Item.study_rank, Item.id)
            .limit(RELATED_LIMIT)
        )
    )


@dataclass(frozen=True)
class BrowseEntry:
    item: Item
    title_html: str
    detail: str  # an error line, a code preview (HTML) or a short summary
    more_lines: int = 0  # code lines the preview leaves out


def _live_of_kind(kind: str) -> list[Item]:
    return list(
        db.session.scalars(
            select(Item)
            .join(Track, Track.id == Item.track_id)
            .where(Item.kind == kind, Item.retired.is_(False))
            .order_by(Track.id, Item.study_rank, Item.external_id)
            .options(selectinload(Item.track))
            .limit(BROWSE_LIMIT)
        )
    )


def _section(item: Item, name: str) -> str:
    return dict(item.sections).get(name, "")


def browse(kind: str) -> list[tuple[str, list[BrowseEntry]]]:
    """Live items of a kind grouped by track, each with what its list shows."""
    groups: dict[str, list[BrowseEntry]] = {}
    for item in _live_of_kind(kind):
        more = 0
        if kind == "error":
            detail = error_line(_section(item, "Error"))
        elif kind == "snippet":
            preview = code_preview(_section(item, "Code"))
            detail, more = render_markdown(preview.markdown), preview.more_lines
        else:
            detail = excerpt(plain_text(_section(item, "Problem") or item.body), (), 200)
        entry = BrowseEntry(item, render_inline(item.title), detail, more)
        groups.setdefault(item.track.name, []).append(entry)
    return list(groups.items())


@dataclass(frozen=True)
class TrackLevels:
    track: Track
    levels: dict[str, int]
    total: int


def tracks_by_level() -> list[TrackLevels]:
    counts = counts_by_track(Item.level)
    tracks = db.session.scalars(select(Track).order_by(Track.id)).all()
    return [
        TrackLevels(t, counts.get(t.id, {}), sum(counts.get(t.id, {}).values())) for t in tracks
    ]


def track_by_slug(slug: str) -> Track | None:
    return db.session.scalar(select(Track).where(Track.slug == slug))


@dataclass(frozen=True)
class FeedEntry:
    item: Item
    changed_at: datetime | None
    is_new: bool
    summary: str
    title: str  # plain text: a feed reader shows an Atom text title as it is


def feed_entries(track: Track | None) -> list[FeedEntry]:
    """The newest additions and content changes, newest first."""
    statement = (
        select(Item)
        .where(Item.retired.is_(False), Item.content_changed_at.is_not(None))
        .order_by(Item.content_changed_at.desc(), Item.id.desc())
        .limit(FEED_LIMIT)
        .options(selectinload(Item.track), selectinload(Item.topics))
    )
    if track is not None:
        statement = statement.where(Item.track_id == track.id)
    return [
        FeedEntry(
            item,
            item.content_changed_at,
            item.content_changed_at == item.created_at,
            excerpt(plain_text(item.body or " ".join(t for _, t in item.sections[:1])), (), 300),
            inline_text(item.title),
        )
        for item in db.session.scalars(statement)
    ]
