"""Simulated review histories stored as the drill stores reviews (items, logs, card states)."""

from __future__ import annotations

from sqlalchemy import select

from practice.domain.fitting import PastReview
from practice.domain.scheduling import Memory, SchedulerSettings, replay
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, Track, User


def _track() -> Track:
    track = db.session.scalar(select(Track).where(Track.slug == "python"))
    if track is None:
        track = Track(slug="python", name="Python", code="PY")
        db.session.add(track)
        db.session.flush()
    return track


def _item(track: Track, card: int) -> Item:
    external_id = f"PY-MD-{card:04d}"
    item = db.session.scalar(select(Item).where(Item.external_id == external_id))
    if item is None:
        item = Item(
            external_id=external_id,
            kind="question",
            track_id=track.id,
            level="mid",
            difficulty=4,
            title=f"Q{card}?",
            body="",
            sections=[],
            follow_ups=[],
            source="t",
            source_path="q.md",
            content_hash="h",
        )
        db.session.add(item)
        db.session.flush()
    return item


def store_history(app, reviews: list[PastReview], email: str | None = None) -> None:
    """Each simulated card as an item (PY-MD-<card>), its reviews as review logs of the user
    (the first one, or `email`), and its card state as replaying them gives (fuzz off)."""
    with app.app_context():
        query = select(User).where(User.email == email) if email else select(User).order_by(User.id)
        user = db.session.scalars(query).first()
        track = _track()
        by_card: dict[int, list[PastReview]] = {}
        for past in reviews:
            by_card.setdefault(past.card, []).append(past)
        settings = SchedulerSettings(fuzz=False)
        for card, history in by_card.items():
            item = _item(track, card)
            memory = Memory()
            for n, past in enumerate(history):
                before = memory
                memory = replay(
                    settings,
                    [(p.rating, p.reviewed_at) for p in history[: n + 1]],
                    f"{user.id}:{item.id}",
                )
                db.session.add(
                    ReviewLog(
                        user_id=user.id,
                        item_id=item.id,
                        rating=past.rating,
                        reviewed_at=past.reviewed_at,
                        client_token=f"{card}-{n}",
                        state_before=None if n == 0 else before.as_dict(),
                        state_after=memory.as_dict(),
                        was_new=n == 0,
                    )
                )
            db.session.add(
                CardState(
                    user_id=user.id,
                    item_id=item.id,
                    state=memory.state,
                    step=memory.step,
                    stability=memory.stability,
                    difficulty=memory.difficulty,
                    due=memory.due,
                    last_review=memory.last_review,
                    reps=memory.reps,
                    lapses=memory.lapses,
                )
            )
        db.session.commit()
