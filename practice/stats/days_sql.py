"""Study days as SQL: a moment's study day computed in the database, so per-day figures are a
GROUP BY over the review log instead of a Python loop over every review.

A study day is the date of the local time shifted back by the day-start hour
(practice.domain.study_days.study_day). Its number is
(POSIX seconds + the zone's UTC offset at that moment - hour * 3600) div 86400, and the
offset is a CASE over the few changes (daylight saving time) between the figures' first and
last day, found once in Python (utc_offsets): the same arithmetic on SQLite and PostgreSQL, with
no time-zone database in either.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import BigInteger, ColumnElement, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from practice.domain.study_days import EPOCH_DAY, utc_offsets
from practice.domain.study_stats import StudyClock

DAY = 86400


class epoch_seconds(FunctionElement):  # noqa: N801 - named like the SQL functions it stands for
    """Whole POSIX seconds of a UTC timestamp column, or of an ISO 8601 text with its offset
    (the due times review_logs keep in JSON)."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _sqlite_seconds(element, compiler, **kw):
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _postgresql_seconds(element, compiler, **kw):
    moment = f"CAST({compiler.process(element.clauses, **kw)} AS TIMESTAMP WITH TIME ZONE)"
    return f"CAST(floor(extract(epoch FROM {moment})) AS BIGINT)"


def day_index(seconds, clock: StudyClock, first: date, last: date):
    """SQL for the study day of `seconds` (an epoch_seconds expression) as a number of days
    after `first` (negative before it); exact for moments from the day before `first` to the
    day after `last`."""
    begin = clock.start(first - timedelta(days=2))
    end = clock.start(last + timedelta(days=2))
    offset, changes = utc_offsets(clock.time_zone, begin, end)
    shift: ColumnElement[int] = literal(offset - clock.day_start_hour * 3600)
    if changes:
        whens = [(seconds < when, previous) for when, previous in _before(offset, changes)]
        shift = case(*whens, else_=changes[-1][1]) - clock.day_start_hour * 3600
    return (seconds + shift) // DAY - (first - EPOCH_DAY).days


def _before(offset: int, changes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(change moment, the offset in force before it) for each change, in order."""
    previous = [offset, *(new for _, new in changes[:-1])]
    return [(when, old) for (when, _), old in zip(changes, previous, strict=True)]
