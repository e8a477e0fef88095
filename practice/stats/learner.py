"""One learner's own statistics for a scope: the reads behind /stats and the home page's
"Today". The arithmetic is in practice.domain.study_stats; this module only fetches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import String, func, select, type_coerce

from practice.domain.recall import forgetting_curve, predicted_recall
from practice.domain.scheduling import CardStatus, epoch_days
from practice.domain.scope import Scope
from practice.domain.study_stats import (
    MASTERY,
    Bin,
    DayActivity,
    Retention,
    Review,
    Streak,
    StudyClock,
    activity,
    counted_days,
    due_forecast,
    histogram,
    mastery,
    retention_by_group,
    retention_by_period,
    streak,
    unfinished_days,
    window,
)
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, Topic, Track, User, counted, item_topics
from practice.scopes import in_scope, resolve
from practice.stats.figures import TopicRecall, studied, topic_recall, track_recall

YEAR = 365
RECENT = 60  # days the home page's streak reads first
SPANS = (30, 90, 365)
STABILITY_EDGES = (0, 1, 3, 7, 14, 21, 45, 90, 180, 365)
DIFFICULTY_EDGES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
RECALL_EDGES = tuple(n / 10 for n in range(10))


def clock_of(user: User) -> StudyClock:
    return StudyClock(user.time_zone, user.day_start_hour)


def reviews_since(user_id: int, since: datetime, where=None) -> list[Review]:
    """The user's counted (not undone) reviews since `since`, oldest first."""
    statement = (
        select(
            _moment_column(),
            ReviewLog.rating,
            ReviewLog.state_before["state"].as_integer(),
            ReviewLog.duration_ms,
            ReviewLog.item_id,
            ReviewLog.state_after["due"].as_string(),
        )
        .where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= since, counted())
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    if where is not None:
        statement = statement.join(Item, Item.id == ReviewLog.item_id).where(where)
    rows = db.session.connection().execute(statement).all()  # Core: no ORM work per row
    parse = datetime.fromisoformat
    return [
        Review(moment(at), rating, state or 0, ms, item, parse(due) if due else None)
        for at, rating, state, ms, item, due in rows
    ]


def _moment_column():
    """reviewed_at as the driver gives it fastest: SQLite's stored text (parsed by
    datetime.fromisoformat, far quicker than the generic DateTime parser), else the column."""
    if db.engine.dialect.name == "sqlite":
        return type_coerce(ReviewLog.reviewed_at, String)
    return ReviewLog.reviewed_at


def moment(value) -> datetime:
    """An aware UTC datetime from what _moment_column returned."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def user_streak(user: User, now: datetime, reviews: list[Review] | None = None) -> Streak:
    """The streak over the whole collection (the habit does not depend on the scope). Without
    `reviews`, the last RECENT days are read first, and the year only when the streak runs
    back that far (the home page needs the current streak, not the longest)."""
    clock = clock_of(user)
    today = clock.day(now)
    if reviews is None:
        first = window(today, RECENT)[0]
        recent = _streak_over(user, reviews_since(user.id, clock.start(first)), today, RECENT)
        if recent.current < RECENT - 7:
            return recent
    first = window(today, YEAR)[0]
    if reviews is None:
        reviews = reviews_since(user.id, clock.start(first))
    return _streak_over(user, reviews, today, YEAR)


def _streak_over(user: User, reviews: list[Review], today: date, days: int) -> Streak:
    clock = clock_of(user)
    first = window(today, days)[0]
    per_day = {row.day: row.total for row in activity(reviews, clock, today, days) if row.total}
    unfinished = unfinished_days(reviews, clock, first, today)
    return streak(counted_days(per_day, unfinished, user.streak_goal), today)


@dataclass(frozen=True)
class Mastery:
    track: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class LearnerStats:
    scope: Scope
    today: date
    calendar: list[DayActivity]  # the year, oldest first
    streak: Streak
    goal: int
    activity: dict[int, list[DayActivity]]  # by span in days
    forecast: list[tuple[date, int]]
    retention: dict[str, list[Retention]]  # day, week, month
    retention_by: dict[str, list[Retention]]  # track, topic
    desired_retention: float
    time_zone: str
    recall_by: dict[str, list[TopicRecall]]  # track, topic: weakest first
    mastery: list[Mastery]
    histograms: dict[str, list[Bin]]


def learner_stats(user: User, scope: Scope, now: datetime) -> LearnerStats:
    scope = resolve(scope)
    where = None if scope.is_everything else in_scope(scope)
    clock = clock_of(user)
    today = clock.day(now)
    since = clock.start(window(today, YEAR)[0])
    everything = reviews_since(user.id, since)
    reviews = everything if where is None else reviews_since(user.id, since, where)
    year = activity(reviews, clock, today, YEAR)
    return LearnerStats(
        scope=scope,
        today=today,
        calendar=year,
        streak=user_streak(user, now, everything),
        goal=user.streak_goal,
        activity={days: year[-days:] for days in SPANS},
        forecast=due_forecast(_dues(user, now, where), clock, today),
        retention={p: retention_by_period(reviews, clock, today, 90, p) for p in ("day", "week")}
        | {"month": retention_by_period(reviews, clock, today, YEAR, "month")},
        retention_by=_retention_by(reviews),
        desired_retention=user.desired_retention,
        time_zone=user.time_zone,
        recall_by={
            "track": _weakest(track_recall([user.id], now, where).get(user.id, [])),
            "topic": _weakest(topic_recall([user.id], now, where).get(user.id, [])),
        },
        mastery=_mastery(user, scope),
        histograms=_histograms(user, now, where),
    )


def forecast_for(user: User, now: datetime, days: int = 30) -> list[tuple[date, int]]:
    """Cards coming due per study day over the whole collection (the calendar feed's days)."""
    clock = clock_of(user)
    return due_forecast(_dues(user, now, None), clock, clock.day(now), days)


def _weakest(groups: list[TopicRecall]) -> list[TopicRecall]:
    return sorted(groups, key=lambda g: (g.recall, g.name))


def _scoped(statement, where):
    return statement if where is None else statement.where(where)


def _dues(user: User, now: datetime, where) -> list[datetime]:
    horizon = now + timedelta(days=32)
    statement = (
        select(CardState.due)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, studied(), CardState.due < horizon)
        .where(CardState.suspended.is_(False), Item.retired.is_(False))
    )
    return list(db.session.scalars(_scoped(statement, where)))


def _retention_by(reviews: list[Review]) -> dict[str, list[Retention]]:
    """True retention over the year per track and per topic, from the reviews already read."""
    ids = sorted({r.item_id for r in reviews if r.state_before == CardStatus.REVIEW})
    tracks: dict[int, list[str]] = {}
    topics: dict[int, list[str]] = {}
    if ids:
        for item_id, name in db.session.execute(
            select(Item.id, Track.name)
            .join(Track, Track.id == Item.track_id)
            .where(Item.id.in_(ids))
        ):
            tracks[item_id] = [name]
        for item_id, name in db.session.execute(
            select(item_topics.c.item_id, Topic.name)
            .join(Topic, Topic.id == item_topics.c.topic_id)
            .where(item_topics.c.item_id.in_(ids))
        ):
            topics.setdefault(item_id, []).append(name)
    return {
        "track": retention_by_group(reviews, tracks),
        "topic": retention_by_group(reviews, topics),
    }


def _mastery(user: User, scope: Scope) -> list[Mastery]:
    """Per track: the scope's live items new (never studied), learning, young and mature."""
    studied_cards = (
        select(Track.name, CardState.state, CardState.stability)
        .join(Item, Item.id == CardState.item_id)
        .join(Track, Track.id == Item.track_id)
        .where(CardState.user_id == user.id, in_scope(scope))
    )
    items = (
        select(Track.name, func.count())
        .join(Item, Item.track_id == Track.id)
        .where(in_scope(scope))
        .group_by(Track.name)
    )
    counts: dict[str, Counter[str]] = {}
    for track, state, stability in db.session.execute(studied_cards).all():
        bucket = mastery(state, stability)
        if bucket != "new":
            counts.setdefault(track, Counter())[bucket] += 1
    result = []
    for track, total in db.session.execute(items.order_by(Track.name)).all():
        buckets = counts.get(track, Counter())
        buckets["new"] = total - sum(buckets.values())
        result.append(Mastery(track, {name: buckets[name] for name in MASTERY}))
    return result


def _histograms(user: User, now: datetime, where) -> dict[str, list[Bin]]:
    statement = (
        select(CardState.stability, CardState.difficulty, CardState.last_review_day)
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, studied(), Item.retired.is_(False))
    )
    rows = db.session.execute(_scoped(statement, where)).all()
    curve = forgetting_curve(user.fsrs_parameters)
    today = epoch_days(now) or 0.0
    recalls = [predicted_recall(curve, s, today - (day or today)) for s, _, day in rows]
    return {
        "stability": histogram((s for s, _, _ in rows), STABILITY_EDGES, "d"),
        "difficulty": histogram((d for _, d, _ in rows if d is not None), DIFFICULTY_EDGES),
        "retrievability": histogram(
            (r * 100 for r in recalls), [e * 100 for e in RECALL_EDGES], "%"
        ),
    }
