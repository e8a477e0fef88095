"""Fitting users' parameters from their review logs, and checking stored states by replay."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text

from practice.domain.fitting import FitResult, PastReview, fit_parameters
from practice.domain.scheduling import Memory, replay
from practice.drill.memory import memory_columns, memory_of
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import CardState, ReviewLog, User, counted, since_reset


def user_history(user: User) -> dict[int, list[tuple[int, datetime]]]:
    """Each item's (rating, time) list for a user since its last reset, oldest first."""
    history: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    rows = db.session.execute(
        select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == user.id, counted(), since_reset())
        .order_by(ReviewLog.id)
    )
    for item_id, rating, when in rows:
        history[item_id].append((rating, when))
    return history


def optimize_user(user: User, fuzz: bool) -> FitResult:
    """Fit and, when the fitted parameters predict no worse, adopt them and reschedule every
    card of the user by replaying its history with them."""
    history = user_history(user)
    reviews = [
        PastReview(item_id, when, rating)
        for item_id, entries in history.items()
        for rating, when in entries
    ]
    result = fit_parameters(reviews, user.fsrs_parameters, user.time_zone, user.day_start_hour)
    if result.adopted:
        user.fsrs_parameters = list(result.parameters)
        settings = user_settings(user, fuzz)
        cards = db.session.scalars(select(CardState).where(CardState.user_id == user.id))
        for card in cards:
            if card.item_id in history:
                memory = replay(settings, history[card.item_id], f"{user.id}:{card.item_id}")
                for key, value in memory_columns(memory, user).items():
                    setattr(card, key, value)
    db.session.commit()
    return result


@dataclass(frozen=True)
class Disagreement:
    user: str
    item_id: int
    stored: Memory
    replayed: Memory

    def __str__(self) -> str:
        names = ("state", "step", "stability", "difficulty", "due", "reps", "lapses")
        pairs = [(n, getattr(self.stored, n), getattr(self.replayed, n)) for n in names]
        fields = [f"{n} stored {a!r}, replayed {b!r}" for n, a, b in pairs if a != b]
        return f"{self.user} item {self.item_id}: " + "; ".join(fields)


def _same(stored: Memory, replayed: Memory) -> bool:
    close = all(
        (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)
        for a, b in (
            (stored.stability, replayed.stability),
            (stored.difficulty, replayed.difficulty),
        )
    )
    exact = ("state", "step", "due", "last_review", "reps", "lapses")
    return close and all(getattr(stored, n) == getattr(replayed, n) for n in exact)


def check_replay(fuzz: bool) -> tuple[int, list[Disagreement]]:
    """Replay every card's review log; every card whose stored state differs."""
    checked, problems = 0, []
    for user in db.session.scalars(select(User).order_by(User.id)):
        settings = user_settings(user, fuzz)
        history = user_history(user)
        cards = {
            c.item_id: c
            for c in db.session.scalars(select(CardState).where(CardState.user_id == user.id))
        }
        for item_id in sorted(set(cards) | set(history)):
            stored = memory_of(cards.get(item_id))
            replayed = replay(settings, history.get(item_id, []), f"{user.id}:{item_id}")
            checked += 1
            if not _same(stored, replayed):
                problems.append(Disagreement(user.email, item_id, stored, replayed))
    return checked, problems


def database_integrity() -> list[str]:
    """SQLite's quick_check and foreign-key check (PostgreSQL enforces both itself)."""
    if db.engine.dialect.name != "sqlite":
        return []
    problems = []
    quick = [row[0] for row in db.session.execute(text("PRAGMA quick_check"))]
    if quick != ["ok"]:
        problems += [f"quick_check: {line}" for line in quick]
    for row in db.session.execute(text("PRAGMA foreign_key_check")):
        problems.append(f"foreign key: table {row[0]} row {row[1]} points at missing {row[2]}")
    return problems
