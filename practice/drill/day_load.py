"""What the load balancer and easy days read: a user's cards already due on each coming
study day (domain.load_balance)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from practice.domain.load_balance import LOAD_DAYS, DayLoad
from practice.domain.scheduling import SCHEDULED_STATUSES
from practice.domain.study_days import day_start, study_day
from practice.domain.study_options import easy_days_of
from practice.extensions import db
from practice.models import CardState, User


def day_load(user: User, now: datetime, fuzz: bool, item_id: int | None) -> DayLoad | None:
    """The user's cards due on each of the next LOAD_DAYS study days, leaving out the card
    being rated (None when fuzz is off or neither option is on: plain fuzz decides)."""
    today = study_day(now, user.time_zone, user.day_start_hour)
    load = DayLoad(today, (), user.load_balancer, easy_days_of(user.easy_days))
    if not fuzz or not load.active:
        return None
    zone, hour = user.time_zone, user.day_start_hour
    start = day_start(load.today, zone, hour)
    end = day_start(load.today + timedelta(days=LOAD_DAYS), zone, hour)
    rows = db.session.execute(
        select(CardState.due, func.count())
        .where(CardState.user_id == user.id, CardState.state.in_(SCHEDULED_STATUSES))
        .where(CardState.suspended.is_(False), CardState.due >= start, CardState.due < end)
        .where(CardState.item_id != (item_id or 0))
        .group_by(CardState.due)
    )
    counts = [0] * LOAD_DAYS
    for due, count in rows:
        days = (study_day(due, zone, hour) - load.today).days
        if 0 <= days < LOAD_DAYS:
            counts[days] += count
    return DayLoad(load.today, tuple(counts), load.balance, load.easy_days)
