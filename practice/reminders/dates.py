"""The dates a learner works toward, in one place: the digest and the calendar feed both read
them from `upcoming_dates`: assignments' due dates and the learner's own interview dates."""

from __future__ import annotations

from datetime import datetime

from practice.assignments.queries import assignments_of
from practice.domain.recall import due_day
from practice.domain.reminders import UpcomingDate
from practice.domain.study_days import study_day
from practice.drill.deadlines import own_dates
from practice.models import User


def upcoming_dates(user: User, now: datetime) -> list[UpcomingDate]:
    """The learner's open assignments' due dates (calendar days in their time zone), each
    marked done once its recall goal is reached, and their interview dates from today on;
    soonest first."""
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
    today = study_day(now, user.time_zone, user.day_start_hour)
    dates += [
        UpcomingDate(
            day=row.day,
            kind="interview",
            title=row.title,
            detail=f"target recall {round(row.target_recall * 100)}%",
            key=f"interview-{row.id}",
        )
        for row in own_dates(user)
        if row.day >= today
    ]
    return sorted(dates)
