"""The card browser's reads: one page of the learner's cards, filtered by the search syntax
and sorted by any column, with what each row shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, func, literal, select
from sqlalchemy.sql import ColumnElement

from practice.domain.card_browser import PER_PAGE, Sort, due_label, flags
from practice.domain.card_status import CardStatus
from practice.domain.paging import Paging, paging
from practice.domain.scheduling import RATING_NAMES, retrievability
from practice.domain.search_syntax import ParsedSearch
from practice.domain.study_days import study_day_number
from practice.drill.memory import memory_of
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User, counted, since_reset
from practice.search_terms import search_condition, searcher_for


@dataclass(frozen=True)
class CardRow:
    card_id: int
    external_id: str
    title: str
    state: str
    due: str
    stability: float | None
    difficulty: float | None
    recall: float | None  # retrievability now; None for a new card
    lapses: int
    last_rating: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class CardPage:
    rows: list[CardRow]
    paging: Paging
    sort: Sort
    query: ParsedSearch
    problems: tuple[str, ...]
    has_cards: bool  # the learner has any card at all (else the page says how to get some)


def _last_rating(user_id: int, item_id) -> ColumnElement:
    """The rating of the card's latest review since its last reset (a scalar subquery)."""
    return (
        select(ReviewLog.rating)
        .where(ReviewLog.user_id == user_id, ReviewLog.item_id == item_id)
        .where(counted(), since_reset())
        .order_by(ReviewLog.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _sort_keys(column: str, user: User, now: datetime) -> list[Any]:
    """The ORDER BY expressions of one column (built only for the column asked for)."""
    if column == "retrievability":
        # recall falls as elapsed days over stability grow: sorting by it is sorting by that
        today = float(study_day_number(now, user.time_zone, user.day_start_hour))
        return [-((literal(today, Float) - CardState.last_review_day) / CardState.stability)]
    if column == "due":
        return [case((CardState.state == CardStatus.NEW, 1), else_=0), CardState.due]
    if column == "rating":
        return [_last_rating(user.id, CardState.item_id)]
    if column == "flags":
        return [
            case((CardState.suspended.is_(True), 0), else_=1),
            case((CardState.leeched_at.is_not(None), 0), else_=1),
            case((CardState.buried_until > now, 0), else_=1),
        ]
    plain = {
        "item": Item.external_id,
        "state": CardState.state,
        "stability": CardState.stability,
        "difficulty": CardState.difficulty,
        "lapses": CardState.lapses,
    }
    return [plain[column]]


def _order(sort: Sort, user: User, now: datetime) -> list[Any]:
    """ORDER BY for a column, empty values (a new card's stability...) last either way."""
    columns = _sort_keys(sort.column, user, now)
    ordered = [(c.desc() if sort.descending else c.asc()).nulls_last() for c in columns]
    return ordered + [Item.external_id, CardState.id]


def card_page(user: User, parsed: ParsedSearch, sort: Sort, page: int, now: datetime) -> CardPage:
    """One page of the learner's cards that match the search, in the chosen order."""
    condition = search_condition(parsed, searcher_for(user, now), on_cards=True)
    mine = and_(CardState.user_id == user.id, *(() if condition is None else (condition,)))
    counting = select(func.count(CardState.id))
    if condition is not None:  # conditions name the item; the plain count needs no join
        counting = counting.join(Item, Item.id == CardState.item_id)
    pages = paging(db.session.scalar(counting.where(mine)) or 0, page, PER_PAGE)
    ids = db.session.scalars(
        select(CardState.id)
        .join(Item, Item.id == CardState.item_id)
        .where(mine)
        .order_by(*_order(sort, user, now))
        .offset(pages.offset)
        .limit(pages.per_page)
    ).all()
    has_cards = bool(pages.total) or _has_cards(user)
    return CardPage(_rows(user, ids, now), pages, sort, parsed, parsed.problems, has_cards)


def _has_cards(user: User) -> bool:
    return (
        db.session.scalar(select(CardState.id).where(CardState.user_id == user.id).limit(1))
        is not None
    )


def _rows(user: User, ids: Sequence[int], now: datetime) -> list[CardRow]:
    if not ids:
        return []
    found = db.session.execute(
        select(CardState, Item.external_id, Item.title, Item.retired)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.id.in_(ids))
    ).all()
    by_id = {row[0].id: row for row in found}
    ratings = _last_ratings(user, [row[0].item_id for row in found])
    settings = user_settings(user, False)
    rows = []
    for card_id in ids:
        card, external_id, title, retired = by_id[card_id]
        memory = memory_of(card)
        rows.append(
            CardRow(
                card_id=card.id,
                external_id=external_id,
                title=title,
                state=CardStatus(card.state).label,
                due=due_label(card.due, card.state, user.time_zone),
                stability=card.stability,
                difficulty=card.difficulty,
                recall=None if memory.is_new else retrievability(settings, memory, now),
                lapses=card.lapses,
                last_rating=RATING_NAMES.get(ratings.get(card.item_id, 0), ""),
                flags=flags(
                    bool(card.suspended),
                    card.buried_until is not None and card.buried_until > now,
                    card.leeched_at is not None,
                    bool(retired),
                ),
            )
        )
    return rows


def _last_ratings(user: User, item_ids: list[int]) -> dict[int, int]:
    """Each item's latest rating since its last reset, in one read (an index probe each)."""
    items = select(CardState.item_id).where(
        CardState.user_id == user.id, CardState.item_id.in_(item_ids)
    )
    latest = _last_rating(user.id, CardState.item_id)
    rows = db.session.execute(items.add_columns(latest))
    return {item_id: rating for item_id, rating in rows if rating is not None}
