"""The search syntax (practice.domain.search_syntax) as SQL conditions on Item, shared by the
library, the card browser and a drill of a search. Text goes through practice.fulltext (bound
parameters only); card terms read the searcher's own card states and reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, false, or_, select

from practice.domain.queue import learn_ahead_until
from practice.domain.scheduling import LEARNING_STATUSES, CardStatus
from practice.domain.search import SearchQuery
from practice.domain.search_syntax import Alternative, CardFilter, ParsedSearch
from practice.domain.study_days import study_day_start
from practice.extensions import db
from practice.fulltext import match_condition
from practice.models import CardState, Item, ReviewLog, User, counted

LOG_IN_FOR_CARDS = (
    "Log in to search by your own cards (is:due, is:new, is:suspended, is:buried, is:leech, "
    "rated:, lapses): those terms match nothing for a visitor."
)


@dataclass(frozen=True)
class Searcher:
    """Whose cards the card terms read, and the moments they are read against."""

    user_id: int
    now: datetime
    learn_ahead: datetime  # learning cards due by then count as due, as the drill counts them
    today: datetime  # when the searcher's study day began: rated:1 is today


def searcher_for(user: User | None, now: datetime) -> Searcher | None:
    if user is None:
        return None
    zone, hour = user.time_zone, user.day_start_hour
    return Searcher(
        user.id,
        now,
        learn_ahead_until(now, user.learn_ahead_minutes, zone, hour),
        study_day_start(now, zone, hour),
    )


def search_condition(
    parsed: ParsedSearch, searcher: Searcher | None, on_cards: bool = False
) -> ColumnElement[bool] | None:
    """Every clause of the search as one condition on Item (None: no search). With
    `on_cards`, the statement joins the searcher's CardState rows and card terms test those
    rows directly. A visitor's card terms match nothing."""
    conditions = []
    text = match_condition(parsed.text_query)
    if text is not None:
        conditions.append(text)
    for clause in parsed.other_clauses:
        conditions.append(or_(*(_alternative(alt, searcher, on_cards) for alt in clause)))
    return and_(*conditions) if conditions else None


def matching_item_ids(parsed: ParsedSearch) -> tuple[int, ...]:
    """Ids of the items matching a search without card terms (one read), for a scope that
    carries search text."""
    condition = search_condition(parsed, None)
    if condition is None:
        return ()
    return tuple(db.session.scalars(select(Item.id).where(condition).order_by(Item.id)))


def _alternative(alt: Alternative, searcher: Searcher | None, on_cards: bool) -> ColumnElement:
    if isinstance(alt.atom, CardFilter):
        if searcher is None:
            return false()
        condition = _card_term(alt.atom, searcher, on_cards)
    else:
        condition = match_condition(SearchQuery(any_of=((alt.atom,),)))
    return ~condition if alt.negated else condition


def _card_term(term: CardFilter, searcher: Searcher, on_cards: bool) -> ColumnElement[bool]:
    if term.name == "rated":
        since = searcher.today - timedelta(days=term.number - 1)
        rated = select(ReviewLog.item_id).where(
            ReviewLog.user_id == searcher.user_id,
            ReviewLog.rating == term.rating,
            ReviewLog.reviewed_at >= since,
            counted(),
        )
        column = CardState.item_id if on_cards else Item.id
        return column.in_(rated)
    if on_cards:
        return _card_state(term, searcher)
    if term.name == "new":  # a bank item never studied is new too
        studied = _cards(searcher, CardState.state != CardStatus.NEW)
        return Item.id.not_in(studied)
    return Item.id.in_(_cards(searcher, _card_state(term, searcher)))


def _cards(searcher: Searcher, condition: ColumnElement[bool]):
    return select(CardState.item_id).where(CardState.user_id == searcher.user_id, condition)


def _card_state(term: CardFilter, searcher: Searcher) -> ColumnElement[bool]:
    """The term as a condition on one CardState row."""
    now = searcher.now
    if term.name == "due":  # what the drill would show now: not suspended or buried
        return and_(
            CardState.suspended.is_(False),
            or_(CardState.buried_until.is_(None), CardState.buried_until <= now),
            or_(
                and_(CardState.state == CardStatus.REVIEW, CardState.due <= now),
                and_(
                    CardState.state.in_(LEARNING_STATUSES),
                    CardState.due <= searcher.learn_ahead,
                ),
            ),
        )
    if term.name == "new":
        return CardState.state == CardStatus.NEW
    if term.name == "suspended":
        return CardState.suspended.is_(True)
    if term.name == "buried":
        return CardState.buried_until > now
    if term.name == "leech":
        return CardState.leeched_at.is_not(None)
    return _compare(CardState.lapses, term.compare, term.number)


def _compare(column, compare: str, number: int) -> ColumnElement[bool]:
    operations = {
        ">": column > number,
        ">=": column >= number,
        "<": column < number,
        "<=": column <= number,
    }
    return operations.get(compare, column == number)
