"""A learner's review history as counts made in the database: reviews per study day (DayTally),
review-card ratings per item, and the stretches cards were left due (for the streak).

Past study days do not change once they are over, except through an undo or a review added
with an earlier time, so the counts of the days before today are kept per process (PAST),
keyed by the learner's days and a fingerprint of that part of the log: how many rows, how many
undone, the latest time (one range of the covering index of migration 0023). A changed log
changes the fingerprint, so a kept count is never stale and hosts need not share them; today's
reviews are always counted afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, timedelta
from threading import Lock

from flask import current_app
from sqlalchemy import case, func, select

from practice.domain.scheduling import CardStatus
from practice.domain.study_stats import DayTally, StudyClock, activity_of, window
from practice.extensions import db
from practice.models import Item, ReviewLog, User, counted
from practice.stats.days_sql import day_index, epoch_seconds

PAST = 64  # learners' past counts kept per application (one per process)
_DAY = timedelta(days=1)
_lock = Lock()


def _past() -> OrderedDict[tuple, object]:
    """The kept counts of this application (an app made for a test starts with none)."""
    return current_app.extensions.setdefault("practice.stats.history", OrderedDict())


def _range(user_id, clock: StudyClock, first: date, last: date | None = None) -> list:
    """Conditions on ReviewLog: the user's reviews from the start of the study day `first`
    (to the end of `last`, if given)."""
    conditions = [ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= clock.start(first)]
    if last is not None:
        conditions.append(ReviewLog.reviewed_at < clock.start(last + timedelta(days=1)))
    return conditions


def state_before():
    """The card's status before a review (NEW for a first review)."""
    return func.coalesce(ReviewLog.state_before["state"].as_integer(), int(CardStatus.NEW))


def _fingerprint(user_id: int, clock: StudyClock, first: date, last: date) -> tuple:
    rows = select(func.count(), func.count(ReviewLog.undone_at), func.max(ReviewLog.reviewed_at))
    return tuple(db.session.execute(rows.where(*_range(user_id, clock, first, last))).one())


def _kept(key: tuple, user_id: int, clock: StudyClock, first: date, today: date, count):
    """The counts of days first..yesterday, kept or made by `count()`."""
    if today <= first:
        return count()
    key = (*key, user_id, clock, first, today, _fingerprint(user_id, clock, first, today - _DAY))
    kept = _past()
    with _lock:
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    value = count()
    with _lock:
        kept[key] = value
        while len(kept) > PAST:
            kept.popitem(last=False)
    return value


def day_tallies(
    user_id: int, clock: StudyClock, first: date, last: date, where=None
) -> list[DayTally]:
    """The user's counted reviews of the study days first..last grouped by day, the card's
    status before the rating and Again or not (`where`: a condition on Item, such as a scope;
    only the whole collection's past days are kept, a scope's are counted every time)."""
    if where is not None or last < first:
        return _tallies(user_id, clock, first, last, where)
    past = _kept(
        ("tallies",),
        user_id,
        clock,
        first,
        last,
        lambda: _tallies(user_id, clock, first, last - _DAY, None),
    )
    return [*past, *_tallies(user_id, clock, last, last, None, first)]


def _tallies(
    user_id, clock: StudyClock, first: date, last: date, where, origin: date | None = None
) -> list[DayTally]:
    """Tallies of one user's reviews, or summed over several (`user_id` a list) who share
    the clock."""
    origin = origin or first
    day = day_index(epoch_seconds(ReviewLog.reviewed_at), clock, origin, last).label("day")
    state = state_before().label("state")
    again = case((ReviewLog.rating == 1, 1), else_=0).label("again")
    conditions = _range(user_id, clock, first, last)
    if isinstance(user_id, list):
        conditions[0] = ReviewLog.user_id.in_(user_id)
    statement = (
        select(day, state, again, func.count(), func.sum(func.coalesce(ReviewLog.duration_ms, 0)))
        .where(*conditions, counted())
        .group_by(day, state, again)
    )
    if where is not None:
        statement = statement.join(Item, Item.id == ReviewLog.item_id).where(where)
    return [
        DayTally(origin + timedelta(days=index), state, bool(again), count, (ms or 0) / 1000)
        for index, state, again, count, ms in db.session.execute(statement).all()
    ]


def review_card_ratings(
    user_id: int, clock: StudyClock, first: date, today: date, where=None
) -> dict[int, tuple[int, int]]:
    """Per item, the user's counted ratings of it as a review card since the study day
    `first`: (not Again, all), true retention's two counts."""
    if where is not None:
        return _ratings(user_id, clock, first, None, where)
    past = _kept(
        ("ratings",),
        user_id,
        clock,
        first,
        today,
        lambda: _ratings(user_id, clock, first, today - _DAY, None),
    )
    merged = dict(past)
    for item, (passed, total) in _ratings(user_id, clock, today, None, None).items():
        before = merged.get(item, (0, 0))
        merged[item] = (before[0] + passed, before[1] + total)
    return merged


def _ratings(user_id: int, clock: StudyClock, first: date, last: date | None, where):
    statement = (
        select(
            ReviewLog.item_id,
            func.sum(case((ReviewLog.rating != 1, 1), else_=0)),
            func.count(),
        )
        .where(*_range(user_id, clock, first, last), counted())
        .where(state_before() == CardStatus.REVIEW)
        .group_by(ReviewLog.item_id)
    )
    if where is not None:
        statement = statement.join(Item, Item.id == ReviewLog.item_id).where(where)
    return {item: (int(passed), total) for item, passed, total in db.session.execute(statement)}


def due_stretches(
    user_id: int, clock: StudyClock, first: date, today: date
) -> dict[tuple[int, int], int]:
    """How many reviews since `first` left their card due from one study day (numbered from
    `first`, 0 at the earliest) until another (the day of the card's next review, or past
    today): the stretches domain.study_stats.open_days turns into unfinished days."""
    following = func.lead(epoch_seconds(ReviewLog.reviewed_at)).over(
        partition_by=ReviewLog.item_id, order_by=(ReviewLog.reviewed_at, ReviewLog.id)
    )
    history = (
        select(
            epoch_seconds(ReviewLog.state_after["due"].as_string()).label("due"),
            following.label("following"),
        )
        .where(*_range(user_id, clock, first), counted())
        .subquery()
    )
    count = (today - first).days + 1
    due = day_index(history.c.due, clock, first, today)
    due = case((due < 0, 0), else_=due).label("due_day")
    until = case(
        (history.c.following.is_(None), count),
        else_=day_index(history.c.following, clock, first, today),
    ).label("until_day")
    rows = db.session.execute(
        select(due, until, func.count()).where(history.c.due.is_not(None)).group_by(due, until)
    ).all()
    return {(due_day, until_day): cards for due_day, until_day, cards in rows}


def group_activity(user_ids: list[int], now: datetime, days: int) -> list[tuple[date, int]]:
    """Reviews per study day over the last `days` days summed over some learners (a mentee,
    a cohort), each counted on their own study days and lined up by days ago; labelled with
    the dates of the clock most of them share."""
    clocks: dict[StudyClock, list[int]] = {}
    for user_id, zone, hour in db.session.execute(
        select(User.id, User.time_zone, User.day_start_hour).where(User.id.in_(user_ids))
    ):
        clocks.setdefault(StudyClock(zone, hour), []).append(user_id)
    totals = [0] * days
    labels: list[date] = []
    for clock, ids in sorted(clocks.items(), key=lambda group: -len(group[1])):
        first, today = window(clock.day(now), days)
        rows = activity_of(_tallies(ids, clock, first, today, None), first, days)
        labels = labels or [row.day for row in rows]
        for index, row in enumerate(rows):
            totals[index] += row.total
    if not labels:
        first, today = window(StudyClock("UTC", 0).day(now), days)
        labels = [first + timedelta(days=n) for n in range(days)]
    return list(zip(labels, totals, strict=True))
