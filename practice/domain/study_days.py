"""Study days: the learner's own days, which begin at their hour in their time zone.

This is the one definition of a day that scheduling, predicted recall and fitting use. Elapsed
time between two reviews is the number of study-day boundaries crossed (as Anki and FSRS's
training count it), not the number of whole 24-hour periods: a card learned at 21:00 and
reviewed at 20:00 the next evening is one day old. A day that holds a daylight-saving change is
23 or 25 hours long and still counts as one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EPOCH_DAY = date(1970, 1, 1)


def study_day(moment: datetime, time_zone: str, day_start_hour: int) -> date:
    """The study day `moment` falls in: the user's calendar date, with days that begin at
    their own hour in their own zone (before it, the moment belongs to the day before)."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return local.date() if local.hour >= day_start_hour else local.date() - timedelta(days=1)


def day_start(day: date, time_zone: str, day_start_hour: int) -> datetime:
    """When the study day `day` begins, in UTC (a start hour that a spring-forward change
    skips begins the day at the first moment after the gap)."""
    return datetime.combine(day, time(day_start_hour), tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


def study_day_start(now: datetime, time_zone: str, day_start_hour: int) -> datetime:
    """When the user's current study day began, in UTC (their hour, their zone, DST-safe)."""
    return day_start(study_day(now, time_zone, day_start_hour), time_zone, day_start_hour)


def next_study_day_start(now: datetime, time_zone: str, day_start_hour: int) -> datetime:
    """When the user's next study day begins, in UTC."""
    following = study_day(now, time_zone, day_start_hour) + timedelta(days=1)
    return day_start(following, time_zone, day_start_hour)


def study_day_number(moment: datetime, time_zone: str, day_start_hour: int) -> int:
    """The study day of `moment` as a day count from 1970-01-01 (a number SQL can subtract)."""
    return (study_day(moment, time_zone, day_start_hour) - EPOCH_DAY).days


def study_days_between(
    earlier: datetime, later: datetime, time_zone: str, day_start_hour: int
) -> int:
    """Study-day boundaries crossed from `earlier` to `later` (0 on the same day, never less)."""
    first = study_day(earlier, time_zone, day_start_hour)
    return max(0, (study_day(later, time_zone, day_start_hour) - first).days)


SAMPLE_SECONDS = 6 * 3600  # zones change their offset at most once in this long


def utc_offsets(
    time_zone: str, begin: datetime, end: datetime
) -> tuple[int, list[tuple[int, int]]]:
    """The zone's UTC offset in seconds at `begin`, and each change until `end` as (the POSIX
    second it takes effect, the new offset): what SQL needs to find a moment's study day with a
    few comparisons instead of a time-zone database."""
    zone = ZoneInfo(time_zone)

    def offset(second: int) -> int:
        shift = datetime.fromtimestamp(second, zone).utcoffset()
        return int(shift.total_seconds()) if shift else 0

    start, stop = int(begin.timestamp()), int(end.timestamp())
    first = current = offset(start)
    changes: list[tuple[int, int]] = []
    sample = start
    while sample < stop:
        following = min(sample + SAMPLE_SECONDS, stop)
        if offset(following) != current:
            low, high = sample, following  # offset(low) == current != offset(high)
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            current = offset(high)
            changes.append((high, current))
        sample = following
    return first, changes


def local_day_number(second: int, offsets: tuple[int, list[tuple[int, int]]], hour: int) -> int:
    """The study day (days since 1970-01-01) of a POSIX second by the offsets of utc_offsets:
    the arithmetic the SQL figures do, so a test can hold the two against study_day."""
    offset = offsets[0]
    for when, changed in offsets[1]:
        if second >= when:
            offset = changed
    return (second + offset - hour * 3600) // 86400
