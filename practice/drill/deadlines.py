"""The interview dates a learner's cards are scheduled toward: their own interview dates and
their open assignments (a mentor's or trainer's due date and recall goal), each with its scope,
and the scheduler settings one card is rated with (domain.interview while a date is ahead)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select

from practice.access import assigned_to
from practice.domain.interview import Deadline
from practice.domain.recall import due_day
from practice.domain.scheduling import SchedulerSettings
from practice.domain.scope import Scope, ScopeError, scope_from_filters
from practice.domain.study_days import study_day
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import Assignment, InterviewDate, Item, QuestionSet, User
from practice.paths.queries import module_ids, path_by_slug
from practice.scopes import in_scope, resolve

NOTHING = Scope(item_ids=())  # a scope whose set or path is gone: it matches no card


@dataclass(frozen=True)
class Interview:
    """One interview date as the scheduler and the plan see it. `day` is the study day whose
    start recall is counted at: an assignment's is the day after its due date, since its
    figures judge recall as the due date ends."""

    title: str
    day: date
    target: float
    scope: Scope
    date: InterviewDate | None = None  # the learner's own (editable on the plan)
    assignment: Assignment | None = None  # set by a mentor or trainer (read-only)

    @property
    def deadline(self) -> Deadline:
        return Deadline(self.day, self.target)

    @property
    def key(self) -> str:
        return f"date-{self.date.id}" if self.date else f"assignment-{self.assignment_id}"

    @property
    def assignment_id(self) -> int | None:
        return self.assignment.id if self.assignment else None


def date_scope(row: InterviewDate) -> Scope:
    """The scope of an interview date: its saved filter, its set, or every item of its path."""
    if row.scope_kind == "set":
        return Scope(set_id=row.set_id) if row.set_id is not None else NOTHING
    if row.scope_kind == "path":
        path = path_by_slug(row.path_slug or "")
        if path is None:
            return NOTHING
        return Scope(item_ids=tuple(item for module in module_ids(path) for item in module))
    try:
        return scope_from_filters(row.filters or {})
    except ScopeError:
        return NOTHING


def own_dates(user: User) -> list[InterviewDate]:
    """The user's interview dates, soonest first."""
    return list(
        db.session.scalars(
            select(InterviewDate)
            .where(InterviewDate.user_id == user.id)
            .order_by(InterviewDate.day, InterviewDate.id)
        )
    )


def _assigned(user: User) -> list[Interview]:
    rows = db.session.execute(
        select(Assignment, QuestionSet.title)
        .join(QuestionSet, QuestionSet.id == Assignment.set_id)
        .where(assigned_to(user.id))
        .order_by(Assignment.due_at, Assignment.id)
    ).all()
    return [
        Interview(
            title,
            due_day(assignment.due_at, user.time_zone) + timedelta(days=1),
            assignment.target_recall,
            Scope(assignment_id=assignment.id),
            assignment=assignment,
        )
        for assignment, title in rows
    ]


def interviews_of(user: User, since: date) -> list[Interview]:
    """The user's interview dates and open assignments whose day is `since` or later, soonest
    first."""
    own = [
        Interview(row.title, row.day, row.target_recall, date_scope(row), date=row)
        for row in own_dates(user)
    ]
    upcoming = [interview for interview in own + _assigned(user) if interview.day >= since]
    return sorted(upcoming, key=lambda interview: (interview.day, interview.key))


def _holds(scope: Scope, item_id: int) -> bool:
    statement = select(Item.id).where(Item.id == item_id, in_scope(resolve(scope)))
    return db.session.scalar(statement) is not None


def deadline_for(user: User, item_id: int, now: datetime) -> Deadline | None:
    """The soonest interview still ahead (after today's study day) whose scope holds the item."""
    today = study_day(now, user.time_zone, user.day_start_hour)
    for interview in interviews_of(user, today + timedelta(days=1)):
        if _holds(interview.scope, item_id):
            return interview.deadline
    return None


def card_settings(
    user: User, item_id: int, now: datetime, fuzz: bool, level: str | None = None
) -> SchedulerSettings:
    """The settings a rating of this card uses now (the drill's buttons show the same): the
    user's own for the item's level, aimed at an interview day while one whose scope holds
    the card is ahead."""
    settings = user_settings(user, fuzz, level)
    deadline = deadline_for(user, item_id, now)
    return settings if deadline is None else replace(settings, deadline=deadline)
