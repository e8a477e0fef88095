"""Users' review histories, and checking stored card states by replaying them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text

from practice.domain.interview import Deadline
from practice.domain.scheduling import Memory, replay
from practice.drill.memory import memory_columns, memory_of
from practice.drill.queue import user_settings
from practice.drill.reviews import DEADLINE
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User, counted, since_reset


def user_deadlines(user: User) -> dict[int, list[Deadline | None]]:
    """Each item's interview dates its reviews were aimed at (None: none), in review order,
    as user_history lists the reviews."""
    deadlines: dict[int, list[Deadline | None]] = defaultdict(list)
    rows = db.session.execute(
        select(ReviewLog.item_id, ReviewLog.state_after)
        .where(ReviewLog.user_id == user.id, counted(), since_reset())
        .order_by(ReviewLog.id)
    )
    for item_id, state_after in rows:
        deadlines[item_id].append(Deadline.from_dict((state_after or {}).get(DEADLINE)))
    return deadlines


def user_history(user: User) -> dict[int, list[tuple[int, datetime, datetime | None]]]:
    """Each item's (rating, time, due it gave) list for a user since its last reset, oldest
    first."""
    history: dict[int, list[tuple[int, datetime, datetime | None]]] = defaultdict(list)
    rows = db.session.execute(
        select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.reviewed_at, ReviewLog.state_after)
        .where(ReviewLog.user_id == user.id, counted(), since_reset())
        .order_by(ReviewLog.id)
    )
    for item_id, rating, when, after in rows:
        history[item_id].append((rating, when, _recorded_due(after)))
    return history


def _recorded_due(state_after: dict | None) -> datetime | None:
    """The due a review gave, as its log recorded it (UTC)."""
    stamp = (state_after or {}).get("due")
    if not stamp:
        return None
    due = datetime.fromisoformat(stamp)
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def _levels(user: User) -> dict[int, str]:
    """The level of each item the user has a card for."""
    rows = db.session.execute(
        select(Item.id, Item.level)
        .join(CardState, CardState.item_id == Item.id)
        .where(CardState.user_id == user.id)
    )
    return {item_id: level for item_id, level in rows}


def reschedule(user: User, fuzz: bool, levels: tuple[str, ...] | None = None) -> int:
    """Replay the history of the user's cards (of `levels`, or all) under their current
    settings and store the states it leads to; how many cards changed. Not committed."""
    history, level_of, changed = user_history(user), _levels(user), 0
    aimed = user_deadlines(user)
    settings = {level: user_settings(user, fuzz, level) for level in set(level_of.values())}
    for card in db.session.scalars(select(CardState).where(CardState.user_id == user.id)):
        level = level_of[card.item_id]
        if card.item_id not in history or (levels is not None and level not in levels):
            continue
        seed = f"{user.id}:{card.item_id}"
        memory = replay(settings[level], history[card.item_id], seed, aimed.get(card.item_id, []))
        if memory != memory_of(card):
            changed += 1
            for key, value in memory_columns(memory, user).items():
                setattr(card, key, value)
    return changed


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
        history, level_of, aimed = user_history(user), _levels(user), user_deadlines(user)
        cards = {
            c.item_id: c
            for c in db.session.scalars(select(CardState).where(CardState.user_id == user.id))
        }
        for item_id in sorted(set(cards) | set(history)):
            stored = memory_of(cards.get(item_id))
            settings = user_settings(user, fuzz, level_of.get(item_id))
            replayed = replay(
                settings, history.get(item_id, []), f"{user.id}:{item_id}", aimed.get(item_id, [])
            )
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
