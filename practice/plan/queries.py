"""Interview dates: a learner's own (create, edit, delete), their assignments beside them, and
the plan toward each: the simulation of their real cards in the scope until the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from practice.access import assigned_to, set_for
from practice.domain.scheduling import SchedulerSettings
from practice.domain.simulate import (
    Limits,
    PlanCard,
    Policy,
    Projection,
    mean_projection,
    runs_for,
    simulate,
)
from practice.domain.study_days import study_day
from practice.drill.deadlines import Interview, date_scope, interviews_of, own_dates
from practice.drill.memory import memory_of
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import Assignment, CardState, InterviewDate, Item, QuestionSet, User
from practice.paths.queries import path_by_slug
from practice.scopes import in_scope, resolve, scope_names


def today_of(user: User, now: datetime) -> date:
    return study_day(now, user.time_zone, user.day_start_hour)


@dataclass(frozen=True)
class DateFields:
    """What the form gives for an interview date (scope parts other than its kind ignored)."""

    title: str
    day: date
    target: float
    scope_kind: str = "filter"
    filters: dict[str, list[str]] | None = None
    set_id: int | None = None


def create_date(user: User, fields: DateFields, now: datetime) -> InterviewDate:
    row = InterviewDate(user_id=user.id, created_at=now)
    _fill(row, fields, now)
    db.session.add(row)
    db.session.commit()
    return row


def update_date(row: InterviewDate, fields: DateFields, now: datetime) -> None:
    """Change a date; a path's date keeps its path as its scope."""
    if row.scope_kind == "path":
        fields = DateFields(fields.title, fields.day, fields.target, "path")
    _fill(row, fields, now)
    db.session.commit()


def _fill(row: InterviewDate, fields: DateFields, now: datetime) -> None:
    row.title, row.day, row.target_recall = fields.title.strip(), fields.day, fields.target
    row.scope_kind, row.updated_at = fields.scope_kind, now
    if fields.scope_kind != "path":
        row.filters = fields.filters if fields.scope_kind == "filter" else None
        row.set_id = fields.set_id if fields.scope_kind == "set" else None


def delete_date(row: InterviewDate) -> None:
    db.session.delete(row)
    db.session.commit()


def set_choices(user: User) -> list[QuestionSet]:
    """Sets an interview date may name: the user's own and those assigned to them."""
    assigned = select(Assignment.set_id).where(assigned_to(user.id))
    return list(
        db.session.scalars(
            select(QuestionSet)
            .where((QuestionSet.owner_id == user.id) | QuestionSet.id.in_(assigned))
            .order_by(QuestionSet.title, QuestionSet.id)
        )
    )


@dataclass(frozen=True)
class DatesView:
    upcoming: list[Interview]
    past: list[InterviewDate]  # the user's own dates whose day has come


def dates_view(user: User, now: datetime) -> DatesView:
    today = today_of(user, now)
    return DatesView(
        interviews_of(user, today), [row for row in own_dates(user) if row.day < today]
    )


def upcoming_interviews(user: User, now: datetime, limit: int = 3) -> list[Interview]:
    """The user's next interview dates and assignments (today's included), soonest first: for
    the home page (each has `title`, `day`, `target`, `date` or `assignment`)."""
    return interviews_of(user, today_of(user, now))[:limit]


def interview_of_date(row: InterviewDate) -> Interview:
    return Interview(row.title, row.day, row.target_recall, date_scope(row), date=row)


def interview_of_assignment(user: User, assignment_id: int, now: datetime) -> Interview | None:
    """An assignment of the user's, as an interview (None when it is not theirs or is over)."""
    today = today_of(user, now)
    matches = [i for i in interviews_of(user, today) if i.assignment_id == assignment_id]
    return matches[0] if matches else None


def set_title(user: User, row: InterviewDate) -> str | None:
    """The title of a set-scoped date's set, if the user may still see it."""
    if row.set_id is None:
        return None
    question_set = set_for(user, row.set_id)
    return question_set.title if question_set else None


def scope_cards(user: User, interview: Interview) -> list[PlanCard]:
    """The user's cards in the scope (never-studied items as new cards, in study order),
    suspended ones left out: they are not studied."""
    rows = db.session.execute(
        select(Item.id, CardState)
        .outerjoin(CardState, (CardState.item_id == Item.id) & (CardState.user_id == user.id))
        .where(in_scope(resolve(interview.scope)))
        .order_by(Item.study_rank, Item.id)
    ).all()
    return [
        PlanCard(str(item_id), memory_of(card))
        for item_id, card in rows
        if card is None or not card.suspended
    ]


@dataclass(frozen=True)
class PlanView:
    interview: Interview
    plan: Projection  # toward the interview day
    plain: Projection  # the same cards at plain desired retention
    retention: float

    @property
    def on_track(self) -> bool:
        return self.plan.recall >= self.interview.target

    @property
    def behind_by(self) -> int:
        return self.plan.behind_by()


def plan_view(user: User, interview: Interview, now: datetime) -> PlanView | None:
    """Both simulations for an interview still ahead (None once its day has come)."""
    if interview.day <= today_of(user, now):
        return None
    settings: SchedulerSettings = user_settings(user, fuzz=True)
    cards = scope_cards(user, interview)
    limits = Limits(user.daily_new_limit, user.maximum_reviews)
    first_seed = sum(map(ord, interview.key))  # the same projection on every visit of a day
    seeds = range(first_seed, first_seed + runs_for(len(cards)))

    def run(policy: Policy) -> Projection:
        runs = [
            simulate(settings, cards, limits, policy, now, interview.deadline, seed)
            for seed in seeds
        ]
        return mean_projection(runs)

    return PlanView(interview, run(Policy.INTERVIEW), run(Policy.FIXED), user.desired_retention)


def describe(user: User, interview: Interview) -> str:
    """The scope in words: "Python (Flask) · Databases · senior", a set's or path's title."""
    row = interview.date
    if row is None:
        return f"the assigned set {interview.title}"
    if row.scope_kind == "path":
        path = path_by_slug(row.path_slug or "")
        return f"the learning path {path.title}" if path else "a learning path that was removed"
    if row.scope_kind == "set":
        title = set_title(user, row)
        return f"the set {title}" if title else "a question set that is gone (no cards)"
    names = scope_names(interview.scope)
    parts = [names.get(("track", slug), slug) for slug in interview.scope.tracks]
    parts += [names.get(("topic", slug), slug) for slug in interview.scope.topics]
    parts += list(interview.scope.levels)
    return " · ".join(parts) if parts else "all your cards"
