"""Reminders without I/O: when a learner's daily digest is due, the dates ahead of them and
how the digest says them ("12 reviews due, 3 days to your assignment's due date")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A digest not sent at its hour (the timer was down, SMTP refused it) still goes out this
# long after; later than that it would arrive at an hour the learner did not choose.
CATCH_UP = timedelta(hours=3)
DEFAULT_HOUR = 7


def digest_day(now: datetime, time_zone: str, hour: int) -> date | None:
    """The local calendar day whose digest is due at `now` (aware), or None.

    A day's digest is due from `hour` o'clock local time for CATCH_UP; a window that starts
    late in the evening runs past midnight and still belongs to the day it started on. On a
    spring-forward day an hour that does not exist begins at the moment the clock jumps to.
    """
    zone = ZoneInfo(time_zone)
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        start = _local_start(day, hour, zone)
        if start <= now < start + CATCH_UP:
            return day
    return None


def _local_start(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """`hour` o'clock on `day` in `zone`: the first of a repeated hour; for a skipped hour,
    the offset before the jump, which is the instant the clock jumps (PEP 495, fold=0)."""
    return datetime.combine(day, time(hour), tzinfo=zone)


@dataclass(frozen=True, order=True)
class UpcomingDate:
    """A day a learner works toward: an assignment's due date (interview dates to come)."""

    day: date
    kind: str  # "assignment" (and, once merged, "interview")
    title: str
    detail: str = ""  # e.g. who gave the assignment
    done: bool = False  # its goal is reached: the digest no longer counts down to it
    key: str = ""  # stable and unique per learner, e.g. "assignment-12" (calendar UIDs)


KIND_NOUNS = {"assignment": "your assignment's due date", "interview": "your interview"}


def countdown(day: date, today: date) -> str:
    """How far a day is, in words: "today", "tomorrow", "in 3 days", "2 days ago"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def digest_summary(due: int, new: int, upcoming: list[UpcomingDate], today: date) -> str:
    """The digest's one-line summary (its subject): the work due and the nearest date ahead."""
    parts = [f"{_plural(due, 'review')} due" if due else "no reviews due"]
    if new:
        parts.append(f"{_plural(new, 'new card')} ready")
    ahead = [u for u in upcoming if u.day >= today and not u.done]
    if ahead:
        first = min(ahead)
        days = (first.day - today).days
        noun = KIND_NOUNS.get(first.kind, first.kind)
        parts.append(f"{noun} is today" if days == 0 else f"{_plural(days, 'day')} to {noun}")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def worth_sending(due: int, new: int, upcoming: list[UpcomingDate], today: date) -> bool:
    """A digest says something: work is waiting, or a date is within a week."""
    soon = any(0 <= (u.day - today).days <= 7 and not u.done for u in upcoming)
    return bool(due or new or soon)
