"""A learner's assignments (from mentors and cohorts) with their progress, for home and sets,
and the rules for making one.

An assignment is open from the moment it is made until the mentor or trainer removes it (or
its set is deleted); being done or past its due date does not close it. While it is open the
same set cannot be given again to the same learner or cohort (the database holds that too):
to set a new due date, remove the assignment and assign the set again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from practice.access import UserError, assigned_to, can_edit_set
from practice.assignments.events import assignment_made
from practice.domain.recall import Progress, due_day
from practice.extensions import db
from practice.models import Assignment, Cohort, Item, QuestionSet, User
from practice.scopes import set_items, set_source
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


class NotAssignable(AssignmentError):
    """The chosen set cannot be given to this learner or cohort: said next to the set field."""


def create_assignment(
    assigner: User, question_set: QuestionSet, due_at: datetime, target: float, **target_of: int
) -> Assignment:
    """Assign one of the assigner's own sets to `mentee_id=` or `cohort_id=`."""
    if not can_edit_set(assigner, question_set):
        raise AssignmentError("Assign one of your own sets.")
    refuse_unassignable(assigner, question_set, **target_of)
    assignment = Assignment(
        set_id=question_set.id,
        assigned_by_id=assigner.id,
        due_at=due_at,
        target_recall=target,
        **target_of,
    )
    db.session.add(assignment)
    try:
        db.session.commit()
    except IntegrityError:  # the same assignment, made by a request running alongside this one
        db.session.rollback()
        refuse_unassignable(assigner, question_set, **target_of)
        raise
    assignment_made.send(assignment)
    return assignment


def refuse_unassignable(assigner: User, question_set: QuestionSet, **target_of: int) -> None:
    """Raise NotAssignable when the set has nothing to study, or is already open for them."""
    if live_item_count(question_set) == 0:
        raise NotAssignable(
            "This set's saved filter matches no items in the bank: widen it before assigning it."
            if question_set.is_filter
            else "This set has no items to study: add some before assigning it."
        )
    (column, target_id), *_ = target_of.items()
    open_one = db.session.scalar(
        select(Assignment).where(
            Assignment.set_id == question_set.id, getattr(Assignment, column) == target_id
        )
    )
    if open_one is not None:
        who = (
            "This cohort"
            if column == "cohort_id"
            else db.session.get_one(User, target_id).display_name
        )
        due = due_day(open_one.due_at, assigner.time_zone).isoformat()
        raise NotAssignable(
            f"{who} already has this set (due {due}). Remove that assignment first to give "
            "it a new due date or goal."
        )


def live_item_count(question_set: QuestionSet) -> int:
    """How many live items the set holds now (picked, or matched by its saved filter)."""
    condition = set_items(set_source(question_set.id)) & Item.retired.is_(False)
    return db.session.scalar(select(func.count(Item.id)).where(condition)) or 0
