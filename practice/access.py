"""Who may see and do what: roles, the visibility of sets and assignments, the one error class
views show to users, and the one way to turn "not yours" into a 404.

Every "object this user may see, or None" lookup is named `<object>_for(user, id)`; views pass
its result through `found()`, so what a user may not see is indistinguishable from what does
not exist.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, exists, or_, select

from practice.domain.roles import MENTOR_ROLES, TRAINER_ROLES, Role
from practice.domain.scope import Scope
from practice.extensions import db
from practice.models import (
    Assignment,
    CardState,
    Cohort,
    CohortMember,
    InterviewDate,
    Mentorship,
    QuestionSet,
    User,
)

T = TypeVar("T")


class UserError(ValueError):
    """A refusal with a message for the user: views show it next to the form, or as a 400."""


def found(value: T | None) -> T:
    """The value, or a 404 when the lookup found nothing this user may see."""
    if value is None:
        abort(404)
    return value


def is_admin(user: User) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)


def can_mentor(user: User) -> bool:
    return user.role in MENTOR_ROLES


def can_train(user: User) -> bool:
    return user.role in TRAINER_ROLES


def require_admin() -> None:
    """403 for a signed-in non-admin (anonymous users are sent to log in by Flask-Login)."""
    if not is_admin(current_user):
        abort(403)


def assigned_to(user_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """A condition on Assignment: given to this user, directly by a mentor they still have or
    through a cohort they belong to that is not archived (members who joined later included)."""
    by_mentor = and_(
        Assignment.mentee_id == user_id,
        exists().where(
            Mentorship.mentor_id == Assignment.assigned_by_id,
            Mentorship.mentee_id == user_id,
            Mentorship.active.is_(True),
        ),
    )
    by_cohort = Assignment.cohort_id.in_(
        select(CohortMember.cohort_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(CohortMember.user_id == user_id, Cohort.archived.is_(False))
    )
    return or_(by_mentor, by_cohort)


def can_edit_set(user: User, question_set: QuestionSet) -> bool:
    """Owner or admin: edit, delete, assign."""
    return question_set.owner_id == user.id or is_admin(user)


def can_view_set(user: User, question_set: QuestionSet) -> bool:
    """Owner, admin, or a learner it is assigned to (the share link is checked separately)."""
    if can_edit_set(user, question_set):
        return True
    given = exists().where(Assignment.set_id == question_set.id, assigned_to(user.id))
    return bool(db.session.scalar(select(given)))


def set_for(user: User, set_id: int, edit: bool = False) -> QuestionSet | None:
    """The set when this user may see (or, with `edit`, change) it, else None."""
    question_set = db.session.get(QuestionSet, set_id)
    if question_set is None:
        return None
    allowed = can_edit_set(user, question_set) if edit else can_view_set(user, question_set)
    return question_set if allowed else None


def interview_date_for(user: User, date_id: int) -> InterviewDate | None:
    """The interview date when it is the user's own (they are private: no role sees others')."""
    row = db.session.get(InterviewDate, date_id)
    return row if row is not None and row.user_id == user.id else None


def assignment_for(user: User, assignment_id: int) -> Assignment | None:
    """The assignment when it is one of the user's own open ones, else None."""
    return db.session.scalar(
        select(Assignment).where(Assignment.id == assignment_id, assigned_to(user.id))
    )


def may_drill(user: User, scope: Scope) -> bool:
    """A set or assignment scope only for a set the user may see or an assignment of theirs."""
    if scope.set_id is not None and set_for(user, scope.set_id) is None:
        return False
    if scope.assignment_id is None:
        return True
    return assignment_for(user, scope.assignment_id) is not None


def cards_for(user: User, card_ids: list[int]) -> list[CardState] | None:
    """The user's own card states with these ids, or None when any id is not one of theirs
    (another learner's card is refused whole: nothing of the request may act)."""
    if not card_ids:
        return []
    cards = list(
        db.session.scalars(
            select(CardState)
            .where(CardState.id.in_(card_ids), CardState.user_id == user.id)
            .order_by(CardState.id)
        )
    )
    return cards if len(cards) == len(set(card_ids)) else None
