"""Leeches (cards their owner keeps forgetting, marked by the drill) of some learners, for the
learner's own list, a mentor's mentee page and a cohort's dashboard, with the count of studied
cards they are out of. Callers decide whose cards a viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, distinct, func, select, true

from practice.extensions import db
from practice.models import CardState, Item, User
from practice.stats.figures import studied


@dataclass(frozen=True)
class Leech:
    user_id: int
    learner: str
    external_id: str
    title: str
    lapses: int
    leeched_at: datetime | None  # never None here: only marked cards are listed
    suspended: bool


@dataclass(frozen=True)
class LeechFigures:
    leeches: list[Leech]  # most lapses first (at most the limit asked for)
    count: int  # every leech
    studied: int  # the cards these learners studied (among the items asked about)
    learners: int  # how many of the learners hold a leech


def leech_figures(
    user_ids, items: ColumnElement[bool] | None = None, limit: int = 200
) -> LeechFigures:
    """The learners' leeches on live items (only `items`, a condition on Item, if given)."""
    among = Item.retired.is_(False) & (items if items is not None else true())
    cards = (
        select(CardState.user_id)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids), studied(), among)
    )
    rows = db.session.execute(
        select(
            User.id,
            User.display_name,
            Item.external_id,
            Item.title,
            CardState.lapses,
            CardState.leeched_at,
            CardState.suspended,
        )
        .join(CardState, CardState.user_id == User.id)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids), CardState.leeched_at.is_not(None), among)
        .order_by(CardState.lapses.desc(), User.display_name, Item.external_id)
        .limit(limit)
    ).all()
    leech = CardState.leeched_at.is_not(None)
    totals = cards.with_only_columns(
        func.count(),
        func.count(case((leech, 1))),
        func.count(distinct(case((leech, CardState.user_id)))),
    )
    studied_count, count, learners = db.session.execute(totals).one()
    return LeechFigures([Leech(*row) for row in rows], count, studied_count, learners)
