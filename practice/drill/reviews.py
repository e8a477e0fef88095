"""Recording ratings (once, never lost), undo, suspend, bury and extra new cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from practice.domain.leeches import SUSPEND, leeched
from practice.domain.scheduling import (
    NEW,
    Memory,
    SchedulerSettings,
    next_study_day_start,
    review,
)
from practice.drill.day_load import day_load
from practice.drill.deadlines import card_settings
from practice.drill.memory import card_state, memory_columns, memory_of
from practice.drill.queue import extra_new_today
from practice.extensions import db, rows_changed
from practice.models import CardState, Item, ReviewLog, User
from practice.ops.metrics import rating_recorded

RECORDED, DUPLICATE, CONFLICT = "recorded", "duplicate", "conflict"
MAX_TYPED_ANSWER = 10_000


@dataclass(frozen=True)
class Rating:
    """One rating as the drill posts it."""

    item: Item
    rating: int
    client_token: str
    expected_reps: int
    typed_answer: str | None = None
    duration_ms: int | None = None
    shown_at: datetime | None = None  # when the card's screen was first shown


def moment_of(millis: int) -> datetime | None:
    """A screen's shown-at stamp (milliseconds since the epoch) as a UTC moment, or None
    when it is out of any calendar's range."""
    try:
        return datetime.fromtimestamp(millis / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def fuzz_seed(user: User, item: Item, reps: int) -> str:
    return f"{user.id}:{item.id}:{reps}"


def item_and_card(user: User, external_id: str) -> tuple[Item, CardState | None] | None:
    """An item and the user's card state for it (None if never studied), in one query."""
    row = db.session.execute(
        select(Item, CardState)
        .outerjoin(CardState, (CardState.item_id == Item.id) & (CardState.user_id == user.id))
        .where(Item.external_id == external_id)
    ).first()
    return None if row is None else (row[0], row[1])


LOOK_UP = object()  # record_rating's `card` when the caller has not loaded it


def record_rating(user: User, rating: Rating, now: datetime, fuzz: bool, card=LOOK_UP) -> str:
    """Write the review log row and the card state in one transaction.

    Returns RECORDED, DUPLICATE (this client token was already recorded) or CONFLICT (the card
    changed since it was shown: another tab or a repeated post rated it first).
    `card` is the user's card state for the item if the caller already has it.
    """
    item = rating.item
    card = card_state(user.id, item.id) if card is LOOK_UP else card
    before = memory_of(card)
    if before.reps != rating.expected_reps or _rated_since_shown(before, rating):
        return _duplicate_or_conflict(user, rating.client_token)
    settings = card_settings(user, item.id, now, fuzz, item.level)  # aimed at an interview ahead
    outcome = review(
        settings,
        before,
        rating.rating,
        now,
        fuzz_seed(user, item, before.reps),
        day_load(user, now, fuzz, item.id),
    )
    leech = _leech(user, card, before, outcome.memory)
    db.session.add(
        ReviewLog(
            user_id=user.id,
            item_id=item.id,
            rating=rating.rating,
            reviewed_at=now,
            duration_ms=rating.duration_ms,
            client_token=rating.client_token,
            typed_answer=(rating.typed_answer or "")[:MAX_TYPED_ANSWER] or None,
            state_before=before.as_dict() if card else None,
            state_after=outcome.memory.as_dict()
            | ({LEECH: leech} if leech else {})
            | _deadline_entry(settings),
            was_new=before.is_new,
        )
    )
    try:
        db.session.flush()
        if card is None:
            db.session.add(
                CardState(user_id=user.id, item_id=item.id, **memory_columns(outcome.memory, user))
            )
            db.session.flush()
        else:
            changed = rows_changed(
                update(CardState)
                .where(CardState.id == card.id, CardState.reps == before.reps)
                .values(**memory_columns(outcome.memory, user), **_leech_columns(leech, now)),
                synchronize_session=False,
            )
            if changed != 1:
                db.session.rollback()
                return _duplicate_or_conflict(user, rating.client_token)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _duplicate_or_conflict(user, rating.client_token)
    rating_recorded()
    return RECORDED


LEECH = "leech"  # the review log key saying what this review did to a leech, for undo
DEADLINE = "deadline"  # the review log key naming the interview date a review was aimed at


def _deadline_entry(settings: SchedulerSettings) -> dict[str, Any]:
    """The interview date the rating aimed at, so that replay gives the same due date."""
    deadline = settings.deadline
    return {} if deadline is None else {DEADLINE: deadline.as_dict()}


def _leech(user: User, card: CardState | None, before: Memory, after: Memory) -> dict | None:
    """What this review's lapse does to a card that is now a leech: the owner's action and
    whether the card was first marked now (undo takes back exactly that); None if nothing."""
    if card is None or not leeched(before.lapses, after.lapses, user.leech_threshold):
        return None
    return {"action": user.leech_action, "first": card.leeched_at is None, "lapses": after.lapses}


def _leech_columns(leech: dict | None, now: datetime) -> dict[str, Any]:
    """The card's leech mark (kept from the first time) and, if so chosen, its suspension."""
    if leech is None:
        return {}
    columns: dict[str, Any] = {"leeched_at": func.coalesce(CardState.leeched_at, now)}
    if leech["action"] == SUSPEND:
        columns["suspended"] = True
    return columns


def leech_of(user: User, token: str) -> dict | None:
    """What the review recorded under `token` did to a leech (None: nothing)."""
    state_after = db.session.scalar(
        select(ReviewLog.state_after).where(
            ReviewLog.user_id == user.id, ReviewLog.client_token == token
        )
    )
    return (state_after or {}).get(LEECH)


def _rated_since_shown(before: Memory, rating: Rating) -> bool:
    """The card has a review newer than the screen being rated (a page shown again by Back
    with the card's new reps): rating it would count one recall twice."""
    last, shown = before.last_review, rating.shown_at
    # The stamp is whole milliseconds: a review in the same millisecond is not "since".
    return last is not None and shown is not None and last >= shown + timedelta(milliseconds=1)


def _duplicate_or_conflict(user: User, token: str) -> str:
    seen = db.session.scalar(
        select(ReviewLog.id).where(ReviewLog.user_id == user.id, ReviewLog.client_token == token)
    )
    return DUPLICATE if seen else CONFLICT


UNDO_WINDOW = timedelta(minutes=10)
ACTIONS = ("rating", "suspend", "bury")


@dataclass(frozen=True)
class LastAction:
    """What this drill session did last, kept in the signed session cookie: undo reverses
    exactly this, once, within UNDO_WINDOW."""

    kind: str  # "rating", "suspend" or "bury"
    item_id: int
    at: datetime
    review_id: int | None = None  # the rating's review row
    created: bool = False  # the card state was made by this suspend or bury
    suspended: tuple[bool, bool] = (False, False)  # before, after
    buried: tuple[datetime | None, datetime | None] = (None, None)  # before, after

    def as_session(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "item": self.item_id,
            "at": self.at.timestamp(),
            "review": self.review_id,
            "created": self.created,
            "suspended": list(self.suspended),
            "buried": [_stamp(moment) for moment in self.buried],
        }

    @classmethod
    def from_session(cls, data: object) -> LastAction | None:
        """The action a session holds, or None for nothing (or anything malformed)."""
        if not isinstance(data, dict) or data.get("kind") not in ACTIONS:
            return None
        try:
            return cls(
                data["kind"],
                int(data["item"]),
                datetime.fromtimestamp(float(data["at"]), UTC),
                int(data["review"]) if data.get("review") is not None else None,
                bool(data.get("created")),
                (bool(data["suspended"][0]), bool(data["suspended"][1])),
                (_moment(data["buried"][0]), _moment(data["buried"][1])),
            )
        except (KeyError, IndexError, TypeError, ValueError, OverflowError):
            return None


def _stamp(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def _moment(stamp: object) -> datetime | None:
    return datetime.fromtimestamp(float(stamp), UTC) if stamp is not None else None  # type: ignore[arg-type]


def rating_action(user: User, item: Item, token: str, now: datetime) -> LastAction:
    """The last action after a rating this session recorded (its review found by token)."""
    review_id = db.session.scalar(
        select(ReviewLog.id).where(ReviewLog.user_id == user.id, ReviewLog.client_token == token)
    )
    return LastAction("rating", item.id, now, review_id=review_id)


def undoable(action: LastAction | None, now: datetime) -> bool:
    """There is an action, recent enough for undo to reverse it."""
    return action is not None and timedelta(0) <= now - action.at <= UNDO_WINDOW


def undo(user: User, action: LastAction | None, now: datetime) -> Item | None:
    """Reverse the session's last action, once: the item, or None when there is nothing to
    undo (no action, too old, already undone, or the card has moved on since)."""
    if action is None or not undoable(action, now):
        return None
    undone = (
        _undo_rating(user, action, now) if action.kind == "rating" else _undo_flags(user, action)
    )
    if not undone:
        db.session.rollback()
        return None
    db.session.commit()
    return db.session.get(Item, action.item_id)


def _undo_rating(user: User, action: LastAction, now: datetime) -> bool:
    """Mark the review undone (it stays: comments hang on it) and put the card back exactly as
    it was, each step a compare-and-set so that concurrent undos succeed once."""
    log = db.session.get(ReviewLog, action.review_id) if action.review_id else None
    if log is None or log.user_id != user.id or log.undone_at is not None:
        return False
    card = card_state(user.id, log.item_id)
    after = Memory.from_dict(log.state_after)
    if card is None or memory_of(card) != after:
        return False
    marked = rows_changed(
        update(ReviewLog)
        .where(ReviewLog.id == log.id, ReviewLog.undone_at.is_(None))
        .values(undone_at=now)
    )
    if marked != 1:
        return False
    same_card = (CardState.id == card.id, CardState.reps == after.reps)
    if log.state_before is None:
        return rows_changed(delete(CardState).where(*same_card)) == 1
    restored = memory_columns(Memory.from_dict(log.state_before), user) | _leech_undone(log)
    return rows_changed(update(CardState).where(*same_card).values(**restored)) == 1


def _leech_undone(log: ReviewLog) -> dict[str, Any]:
    """Take back what the review did to a leech: the mark if it made it, the suspension."""
    leech = log.state_after.get(LEECH)
    if not leech:
        return {}
    columns: dict[str, Any] = {"leeched_at": None} if leech.get("first") else {}
    if leech.get("action") == SUSPEND:
        columns["suspended"] = False
    return columns


def _undo_flags(user: User, action: LastAction) -> bool:
    """Put suspend and bury flags back, if they are still what the action left."""
    (suspended_before, suspended_after), (buried_before, buried_after) = (
        action.suspended,
        action.buried,
    )
    as_left = (
        CardState.user_id == user.id,
        CardState.item_id == action.item_id,
        CardState.suspended.is_(suspended_after),
        CardState.buried_until.is_(None)
        if buried_after is None
        else CardState.buried_until == buried_after,
    )
    if action.created:
        never_studied = (CardState.state == NEW, CardState.reps == 0)
        return rows_changed(delete(CardState).where(*as_left, *never_studied)) == 1
    values = {"suspended": suspended_before, "buried_until": buried_before}
    return rows_changed(update(CardState).where(*as_left).values(**values)) == 1


def _card_for_flags(user: User, item: Item, now: datetime) -> CardState:
    """The user's card for an item, created in the NEW state if never reviewed."""
    card = card_state(user.id, item.id)
    if card is None:
        card = CardState(user_id=user.id, item_id=item.id, state=NEW, due=now, reps=0, lapses=0)
        db.session.add(card)
    return card


def set_suspended(user: User, item: Item, suspended: bool, now: datetime) -> LastAction:
    """Suspend (or unsuspend) the user's card; what it did, for undo."""
    return _set_flags(user, item, now, "suspend", suspended=suspended)


def _set_flags(user: User, item: Item, now: datetime, kind: str, **flags: Any) -> LastAction:
    existing = card_state(user.id, item.id)
    card = existing or _card_for_flags(user, item, now)
    before = (bool(card.suspended), card.buried_until)
    for name, value in flags.items():
        setattr(card, name, value)
    db.session.commit()
    return LastAction(
        kind,
        item.id,
        now,
        created=existing is None,
        suspended=(before[0], bool(card.suspended)),
        buried=(before[1], card.buried_until),
    )


def add_to_new_cards(user: User, item: Item, now: datetime) -> bool:
    """Put a never-studied item at the front of the user's new cards (unsuspended, unburied).
    Returns False when the user already studies it."""
    card = _card_for_flags(user, item, now)
    if card.state != NEW:
        return False
    card.suspended, card.buried_until = False, None
    db.session.commit()
    return True


def bury_until_tomorrow(user: User, item: Item, now: datetime) -> LastAction:
    """Bury the card until the user's next study day; what it did, for undo."""
    until = next_study_day_start(now, user.time_zone, user.day_start_hour)
    return _set_flags(user, item, now, "bury", buried_until=until)


def allow_more_new_today(user: User, count: int, now: datetime) -> None:
    """Let `count` more new cards in today (on top of the daily limit)."""
    user.extra_new_count = extra_new_today(user, now) + count
    user.extra_new_from = now
    db.session.commit()
