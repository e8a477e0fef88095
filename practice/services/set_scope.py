"""Which items a question set or an assignment covers, and which assignments are open for a
learner, as SQL the drill queue and the progress figures share."""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select

from practice.domain.scope import Scope, ScopeError, scope_from_filters
from practice.extensions import db
from practice.models import (
    Assignment,
    Cohort,
    CohortMember,
    Item,
    Mentorship,
    QuestionSet,
    QuestionSetItem,
)


def set_item_condition(set_id: int):
    """A condition on Item: the set's hand-picked items, or what its saved filter matches."""
    filters = db.session.scalar(select(QuestionSet.filters).where(QuestionSet.id == set_id))
    if filters is None:
        return Item.id.in_(select(QuestionSetItem.item_id).where(QuestionSetItem.set_id == set_id))
    from practice.services.drill_queue import in_scope

    try:
        return in_scope(scope_from_filters(filters))
    except ScopeError:
        return false()


def scope_conditions(scope: Scope) -> list:
    """Conditions for a scope's set and assignment parts (none for other scopes)."""
    conditions = []
    if scope.set_id is not None:
        conditions.append(set_item_condition(scope.set_id))
    if scope.assignment_id is not None:
        set_id = db.session.scalar(
            select(Assignment.set_id).where(Assignment.id == scope.assignment_id)
        )
        conditions.append(set_item_condition(set_id) if set_id else false())
    return conditions


def assigned_to(user_id: int):
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


def open_assignment_set_ids(user_id: int) -> list[int]:
    return list(
        db.session.scalars(select(Assignment.set_id).where(assigned_to(user_id)).distinct())
    )
