"""What a mentor sees of one mentee: study data only (activity, assignments, recall per topic,
overdue cards, leeches, typed answers), never their password or settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from practice.assignments.queries import AssignmentStatus, status_for
from practice.mentoring.queries import (
    TypedAnswer,
    last_active,
    mentee_assignments,
    typed_answers,
)
from practice.models import User
from practice.stats.figures import (
    TopicRecall,
    overdue_counts,
    topic_recall,
)
from practice.stats.history import group_activity
from practice.stats.leeches import LeechFigures, leech_figures
from practice.stats.page import per_day_chart

DAYS = 30


@dataclass(frozen=True)
class MenteeReport:
    mentee: User
    last_active: datetime | None
    per_day: list[tuple[date, int]]
    assignments: list[AssignmentStatus]
    topics: list[TopicRecall]  # weakest first
    overdue: int
    answers: list[TypedAnswer]
    leeches: LeechFigures

    @property
    def busiest_day(self) -> int:
        return max((count for _, count in self.per_day), default=0)

    @property
    def per_day_chart(self) -> Markup:
        """The same bar chart as the learner's own statistics page."""
        return per_day_chart(self.per_day)


def mentee_report(mentee: User, viewer: User, now: datetime) -> MenteeReport:
    topics = sorted(
        topic_recall([mentee.id], now).get(mentee.id, []), key=lambda t: (t.recall, t.name)
    )
    return MenteeReport(
        mentee=mentee,
        last_active=last_active([mentee.id]).get(mentee.id),
        per_day=group_activity([mentee.id], now, DAYS),
        assignments=[
            status_for(a, mentee.id, viewer.display_name, now)
            for a in mentee_assignments(mentee, viewer)
        ],
        topics=topics,
        overdue=overdue_counts([mentee.id], now).get(mentee.id, 0),
        answers=typed_answers(mentee),
        leeches=leech_figures([mentee.id]),
    )
