"""Seeding for bench/drill_load.py: users with card states and a year of review history."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from practice.domain.queue import study_rank
from practice.domain.scheduling import study_day_number
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, Track, User

PASSWORD = "bench harbour violet lantern 7"  # noqa: S105 - a throwaway local benchmark account


def make_users(prefix: str, count: int) -> list[int]:
    hashed = generate_password_hash(PASSWORD)
    rows = [
        {
            "email": f"{prefix}{n}@bench.local",
            "display_name": f"{prefix} {n}",
            "password_hash": hashed,
            "daily_new_limit": 20,
        }
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    db.session.commit()
    return list(db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%"))))


def make_items(count: int, prefix: str = "SYN") -> list[int]:
    """Small synthetic items, inserted directly (for the 100k-card queue timing)."""
    track = db.session.scalar(select(Track).where(Track.slug == "python"))
    rows = [
        {
            "external_id": f"{prefix}-MD-{n:06d}",
            "kind": "question",
            "track_id": track.id,
            "level": "mid",
            "difficulty": 1 + n % 10,
            "study_rank": study_rank("mid", 1 + n % 10),
            "title": f"Synthetic question {n}?",
            "body": "",
            "sections": [["Answer", "A short answer. It has two sentences."]],
            "follow_ups": [],
            "source": "bench",
            "source_path": "-",
            "content_hash": "-",
        }
        for n in range(count)
    ]
    db.session.execute(insert(Item), rows)
    db.session.commit()
    return list(db.session.scalars(select(Item.id).where(Item.external_id.like(f"{prefix}-%"))))


def card_rows(
    user_id: int,
    item_ids: list[int],
    now: datetime,
    rng: random.Random,
    learning_due: bool,
    due_reviews: int | None = None,
) -> list[dict]:
    """Card states as a year of daily study leaves them: mostly reviews, about 9% of them due.

    With learning_due False no learning card is due yet, so the next card must come from the
    lowest-retrievability scan of the due reviews (the costlier path). With due_reviews set,
    at most that many reviews are due and the rest fall due later (a learner who keeps up).
    """
    rows, due_so_far = [], 0
    for item_id in item_ids:
        roll = rng.random()
        if roll < 0.03:  # learning or relearning, due within minutes of now
            low = -30 if learning_due else 1
            due = now + timedelta(minutes=rng.randint(low, 30))
            rows.append(
                {
                    "user_id": user_id,
                    "item_id": item_id,
                    "state": rng.choice((1, 3)),
                    "step": 0,
                    "stability": 1.0,
                    "difficulty": 5.0,
                    "due": due,
                    "last_review": due - timedelta(minutes=10),
                    "last_review_day": study_day_number(due - timedelta(minutes=10), "UTC", 4),
                    "reps": 2,
                    "lapses": 0,
                }
            )
            continue
        stability = rng.lognormvariate(3.0, 1.0)
        last = now - timedelta(days=rng.uniform(0, stability * 1.1))
        if last + timedelta(days=stability) <= now:
            due_so_far += 1
            if due_reviews is not None and due_so_far > due_reviews:
                last = now - timedelta(days=rng.uniform(0, stability * 0.9))
        rows.append(
            {
                "user_id": user_id,
                "item_id": item_id,
                "state": 2,
                "step": None,
                "stability": stability,
                "difficulty": rng.uniform(2, 9),
                "due": last + timedelta(days=stability),
                "last_review": last,
                "last_review_day": study_day_number(last, "UTC", 4),
                "reps": rng.randint(3, 12),
                "lapses": rng.randint(0, 2),
            }
        )
    return rows


def give_cards(
    user_ids: list[int],
    item_ids: list[int],
    per_user: int,
    now: datetime,
    learning_due=True,
    due_reviews: int | None = None,
) -> None:
    rng = random.Random(7)
    for user_id in user_ids:
        sample = rng.sample(item_ids, per_user)
        rows = card_rows(user_id, sample, now, rng, learning_due, due_reviews)
        db.session.execute(insert(CardState), rows)
    db.session.commit()


def give_history(user_ids: list[int], item_ids: list[int], reviews: int, now: datetime) -> None:
    """A year of review log rows for each user (what parameter fitting reads)."""
    rng = random.Random(11)
    for user_id in user_ids:
        rows, cards = [], rng.sample(item_ids, min(len(item_ids), reviews // 8))
        for n in range(reviews):
            item_id = cards[n % len(cards)]
            when = now - timedelta(days=365) + timedelta(days=365 * n / reviews)
            rows.append(
                {
                    "user_id": user_id,
                    "item_id": item_id,
                    "rating": rng.choices((1, 2, 3, 4), (10, 10, 70, 10))[0],
                    "reviewed_at": when,
                    "state_after": {},
                    "client_token": f"h{user_id}-{n}",
                    "was_new": n < len(cards),
                }
            )
        db.session.execute(insert(ReviewLog), rows)
    db.session.commit()


def now_utc() -> datetime:
    return datetime.now(UTC)
