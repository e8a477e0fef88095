"""What a signed-in learner's home page shows besides the bank: today's work (due, learning and
new cards with a time estimate, the streak), assignments with their countdown, mentors, cohorts
and the latest comments on their typed answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from practice.assignments.queries import AssignmentStatus, assignments_of
from practice.domain.recall import due_day
from practice.domain.scope_names import scope_line
from practice.domain.study_days import study_day
from practice.domain.study_stats import Estimate, Streak, minutes_estimate
from practice.drill.deadlines import own_dates
from practice.drill.queue import Counts, build_view
from practice.drill.scope_args import default_scope
from practice.extensions import db
from practice.mentoring.queries import Comment, Party, comments_for, mentors_of
from practice.models import InterviewDate, ReviewLog, User, counted
from practice.scopes import scope_names
from practice.stats.learner import user_streak

SHOWN_INTERVIEWS = 3  # the next interview dates the home page lists
TIMED_REVIEWS = 200  # the latest timed reviews the median answer time is taken over


@dataclass(frozen=True)
class Today:
    counts: Counts
    estimate: Estimate
    streak: Streak
    scope_line: str | None = None  # the default drill scope the counts are for, in words

    @property
    def cards(self) -> int:
        return self.counts.due + self.counts.learning + self.counts.new


@dataclass(frozen=True)
class LearnerHome:
    today: Today
    assignments: list[AssignmentStatus]
    days_left: dict[int, int]  # assignment id -> days until its due date (< 0: late)
    mentors: list[Party]
    comments: list[Comment]
    now: datetime
    interviews: list[tuple[InterviewDate, int]] = field(default_factory=list)  # (date, days left)


def answer_times(user: User) -> list[int]:
    """The user's latest timed answers in milliseconds (undone reviews left out)."""
    return list(
        db.session.scalars(
            select(ReviewLog.duration_ms)
            .where(ReviewLog.user_id == user.id, counted(), ReviewLog.duration_ms > 0)
            .order_by(ReviewLog.reviewed_at.desc())
            .limit(TIMED_REVIEWS)
        )
    )


def today_for(user: User, now: datetime) -> Today:
    """Today's cards in the user's default drill scope (the one "Start today's drill" opens)."""
    scope = default_scope(user)
    counts = build_view(user, scope, now).counts
    cards = counts.due + counts.learning + counts.new
    line = None if scope.is_everything else scope_line(scope, scope_names(scope))
    estimate = minutes_estimate(answer_times(user), cards)
    return Today(counts, estimate, user_streak(user, now), line)


def learner_home(user: User, now: datetime) -> LearnerHome:
    assignments = assignments_of(user, now)
    today = now.astimezone(ZoneInfo(user.time_zone)).date()  # due dates are calendar days
    return LearnerHome(
        today=today_for(user, now),
        assignments=assignments,
        days_left={
            s.assignment.id: (due_day(s.assignment.due_at, user.time_zone) - today).days
            for s in assignments
        },
        mentors=mentors_of(user),
        comments=comments_for(user, limit=5),
        now=now,
        interviews=upcoming_interview_dates(user, now),
    )


def upcoming_interview_dates(user: User, now: datetime) -> list[tuple[InterviewDate, int]]:
    """The learner's next interview dates (today's included) with the study days left."""
    today = study_day(now, user.time_zone, user.day_start_hour)
    ahead = [row for row in own_dates(user) if row.day >= today]
    return [(row, (row.day - today).days) for row in ahead[:SHOWN_INTERVIEWS]]
