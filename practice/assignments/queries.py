"""A learner's assignments (from mentors and cohorts) with their progress, for home and sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from practice.access import UserError, assigned_to, can_edit_set
from practice.domain.recall import Progress
from practice.extensions import db
from practice.models import Assignment, Cohort, QuestionSet, User
from practice.stats.figures import empty_progress, judged_at, set_progress
from practice.types import utcnow


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: Assignment
    title: str
    given_by: str  # the mentor's name or the cohort's name
    progress: Progress

    @property
    def done(self) -> bool:
        return self.progress.done(self.assignment.target_recall)

    def overdue(self, now: datetime) -> bool:
        return not self.done and self.assignment.due_at < now


def assignments_of(user: User, now: datetime | None = None) -> list[AssignmentStatus]:
    """The user's open assignments, soonest due first, each with the user's progress."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Assignment, QuestionSet.title, User.display_name, Cohort.name)
        .join(QuestionSet, QuestionSet.id == Assignment.set_id)
        .join(User, User.id == Assignment.assigned_by_id)
        .outerjoin(Cohort, Cohort.id == Assignment.cohort_id)
        .where(assigned_to(user.id))
        .order_by(Assignment.due_at, Assignment.id)
    ).all()
    return [_status(a, title, cohort or mentor, user.id, now) for a, title, mentor, cohort in rows]


def status_for(assignment: Assignment, user_id: int, given_by: str, now: datetime):
    return _status(assignment, assignment.question_set.title, given_by, user_id, now)


def _status(assignment: Assignment, title: str, given_by: str, user_id: int, now: datetime):
    at = judged_at(assignment.due_at, now)
    figures = set_progress(assignment.set_id, [user_id], at).get(user_id)
    return AssignmentStatus(
        assignment, title, given_by, figures or empty_progress(assignment.set_id)
    )


class AssignmentError(UserError):
    """A refusal with a message for the user (mentoring and cohorts raise subclasses)."""


def create_assignment(
    assigner: User, question_set: QuestionSet, due_at: datetime, target: float, **target_of: int
) -> Assignment:
    """Assign one of the assigner's own sets to `mentee_id=` or `cohort_id=`."""
    if not can_edit_set(assigner, question_set):
        raise AssignmentError("Assign one of your own sets.")
    assignment = Assignment(
        set_id=question_set.id,
        assigned_by_id=assigner.id,
        due_at=due_at,
        target_recall=target,
        **target_of,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment
