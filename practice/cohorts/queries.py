"""Cohorts: create, join by code or link, rotate or close the code, remove members, archive,
and sets assigned to every member (those who join later included)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, func, select

from practice.access import can_train, is_admin
from practice.assignments.queries import AssignmentError, create_assignment
from practice.extensions import db, rows_changed
from practice.models import Assignment, Cohort, CohortMember, QuestionSet, User


class CohortError(AssignmentError):
    """A refusal with a message for the user."""


# Read aloud from a projector or typed from a slide: no 0/O, 1/I/L, no case to get wrong.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    """Twelve characters in three groups (about 59 random bits; wrong guesses are throttled)."""
    chars = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def _bare(code: str) -> str:
    """A code as typed, compared without case, spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_cohort(trainer: User, name: str) -> Cohort:
    cohort = Cohort(trainer_id=trainer.id, name=name.strip(), join_code=new_join_code())
    db.session.add(cohort)
    db.session.commit()
    return cohort


def cohort_for(user: User, cohort_id: int) -> Cohort | None:
    """The cohort when the user runs it (or is an admin), else None."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not (cohort.trainer_id == user.id and can_train(user) or is_admin(user)):
        return None
    return cohort


def writable(cohort: Cohort) -> None:
    if cohort.archived:
        raise CohortError("This cohort is archived: its data is kept read-only.")


def run_by(user: User) -> list[tuple[Cohort, int]]:
    """Cohorts the user runs (every cohort for an admin), with member counts."""
    members = (
        select(func.count())
        .where(CohortMember.cohort_id == Cohort.id)
        .correlate(Cohort)
        .scalar_subquery()
    )
    statement = select(Cohort, members).order_by(Cohort.archived, Cohort.name, Cohort.id)
    if not is_admin(user):
        statement = statement.where(Cohort.trainer_id == user.id)
    return [(cohort, count) for cohort, count in db.session.execute(statement).all()]


def member_of(user: User) -> list[Cohort]:
    return list(
        db.session.scalars(
            select(Cohort)
            .join(CohortMember, CohortMember.cohort_id == Cohort.id)
            .where(CohortMember.user_id == user.id)
            .order_by(Cohort.name)
        )
    )


def open_cohort(code: str) -> Cohort | None:
    """The cohort this join code opens (None when unknown, closed or archived)."""
    if not code:
        return None
    typed = _bare(code)[:40]
    if not typed:
        return None
    stored = func.replace(func.replace(func.upper(Cohort.join_code), "-", ""), " ", "")
    return db.session.scalar(
        select(Cohort).where(stored == typed, Cohort.archived.is_(False)).limit(1)
    )


def join(user: User, cohort: Cohort, now: datetime) -> bool:
    """Add the user; False when they were already a member."""
    if cohort.trainer_id == user.id:
        raise CohortError("You run this cohort; share the code with your learners.")
    if db.session.get(CohortMember, (cohort.id, user.id)) is not None:
        return False
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, joined_at=now))
    db.session.commit()
    return True


def leave(user: User, cohort_id: int) -> bool:
    removed = rows_changed(
        delete(CohortMember).where(
            CohortMember.cohort_id == cohort_id, CohortMember.user_id == user.id
        )
    )
    db.session.commit()
    return bool(removed)


def member_count(cohort: Cohort) -> int:
    statement = select(func.count()).where(CohortMember.cohort_id == cohort.id)
    return db.session.scalar(statement) or 0


def member(cohort: Cohort, user_id: int) -> User | None:
    """The user when they are a member of the cohort, else None."""
    if db.session.get(CohortMember, (cohort.id, user_id)) is None:
        return None
    return db.session.get(User, user_id)


def remove_member(cohort: Cohort, user_id: int) -> bool:
    writable(cohort)
    removed = rows_changed(
        delete(CohortMember).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id
        )
    )
    db.session.commit()
    return bool(removed)


def rotate_code(cohort: Cohort) -> None:
    """A new join code (the old one and its link stop working); also reopens joining."""
    writable(cohort)
    cohort.join_code = new_join_code()
    db.session.commit()


def close_joining(cohort: Cohort) -> None:
    writable(cohort)
    cohort.join_code = None
    db.session.commit()


def archive(cohort: Cohort) -> None:
    """Archive: nobody joins, nothing changes, members' assignments leave their queue."""
    writable(cohort)
    cohort.archived, cohort.join_code = True, None
    db.session.commit()


def unarchive(cohort: Cohort) -> None:
    """Reopen an archived cohort: its assignments reach members again; joining stays closed
    until the trainer opens it with a new code."""
    if not cohort.archived:
        raise CohortError("This cohort is not archived.")
    cohort.archived = False
    db.session.commit()


def assign_set(
    trainer: User, cohort: Cohort, question_set: QuestionSet, due_at: datetime, target: float
) -> Assignment:
    writable(cohort)
    return create_assignment(trainer, question_set, due_at, target, cohort_id=cohort.id)


def cohort_assignment_for(user: User, assignment_id: int) -> Assignment | None:
    """A cohort assignment in a cohort the user runs (or any, for an admin)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.cohort_id is None:
        return None
    return assignment if cohort_for(user, assignment.cohort_id) else None


def delete_assignment(cohort: Cohort, assignment: Assignment) -> None:
    writable(cohort)
    db.session.delete(assignment)
    db.session.commit()


def cohort_assignments(cohort_id: int) -> list[tuple[Assignment, str]]:
    return [
        (a, title)
        for a, title in db.session.execute(
            select(Assignment, QuestionSet.title)
            .join(QuestionSet, QuestionSet.id == Assignment.set_id)
            .where(Assignment.cohort_id == cohort_id)
            .order_by(Assignment.due_at, Assignment.id)
        ).all()
    ]
