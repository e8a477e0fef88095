"""What a signed-in learner's home page shows besides the bank: today's work (due, learning and
new cards with a time estimate, the streak), assignments with their countdown, mentors, cohorts
and the latest comments on their typed answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from practice.assignments.queries import AssignmentStatus, assignments_of
from practice.domain.recall import due_day
from practice.domain.scope import Scope
from practice.domain.study_stats import Estimate, Streak, minutes_estimate
from practice.drill.queue import Counts, build_view
from practice.extensions import db
from practice.mentoring.queries import Comment, Party, comments_for, mentors_of
from practice.models import ReviewLog, User, counted
from practice.stats.learner import user_streak

TIMED_REVIEWS = 200  # the latest timed reviews the median answer time is taken over


@dataclass(frozen=True)
class Today:
    counts: Counts
    estimate: Estimate
    streak: Streak

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
    counts = build_view(user, Scope(), now).counts
    cards = counts.due + counts.learning + counts.new
    return Today(counts, minutes_estimate(answer_times(user), cards), user_streak(user, now))


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
    )
