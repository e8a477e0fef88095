"""The dates a learner works toward, in one place: the digest and the calendar feed both read
them from `upcoming_dates`. (Interview dates join them here.)"""

from __future__ import annotations

from datetime import datetime

from practice.assignments.queries import assignments_of
from practice.domain.recall import due_day
from practice.domain.reminders import UpcomingDate
from practice.models import User


def upcoming_dates(user: User, now: datetime) -> list[UpcomingDate]:
    """The learner's open assignments' due dates (calendar days in their time zone), soonest
    first, each marked done once its recall goal is reached."""
    dates = [
        UpcomingDate(
            day=due_day(status.assignment.due_at, user.time_zone),
            kind="assignment",
            title=status.title,
            detail=f"from {status.given_by}",
            done=status.done,
            key=f"assignment-{status.assignment.id}",
        )
        for status in assignments_of(user, now)
    ]
    return sorted(dates)
