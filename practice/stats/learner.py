"""One learner's own statistics for a scope: the reads behind /stats and the home page's
"Today". The database does the counting (GROUP BY study day, bin or track, see days_sql); the
arithmetic on those counts is in practice.domain.study_stats."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, String, case, func, select, type_coerce

from practice.domain.scope import Scope
from practice.domain.study_stats import (
    MASTERY,
    MATURE_DAYS,
    Bin,
    DayActivity,
    Retention,
    Review,
    Streak,
    StudyClock,
    activity_of,
    counted_days,
    forecast_of,
    histogram_of,
    mastery,
    open_days,
    retention_by_group,
    retention_of,
    streak,
    window,
)
from practice.extensions import db
from practice.models import (
    CardState,
    InterviewDate,
    Item,
    ReviewLog,
    Topic,
    Track,
    User,
    counted,
    item_topics,
)
from practice.scopes import in_scope, resolve
from practice.stats.days_sql import day_index, epoch_seconds
from practice.stats.figures import (
    TopicRecall,
    curve_columns,
    recall_at,
    studied,
    topic_recall,
    track_recall,
)
from practice.stats.history import day_tallies, due_stretches, review_card_ratings

YEAR = 365
RECENT = 60  # days the home page's streak reads first
SPANS = (30, 90, 365)
STABILITY_EDGES = (0, 1, 3, 7, 14, 21, 45, 90, 180, 365)
DIFFICULTY_EDGES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
RECALL_EDGES = tuple(n / 10 for n in range(10))


def clock_of(user: User) -> StudyClock:
    return StudyClock(user.time_zone, user.day_start_hour)


def user_streak(user: User, now: datetime, per_day: dict[date, int] | None = None) -> Streak:
    """The streak over the whole collection (the habit does not depend on the scope), from the
    year's reviews per day when given. Without them, the last RECENT days are read first, and
    the year only when the streak runs back that far (the home page needs the current streak,
    not the longest)."""
    clock = clock_of(user)
    today = clock.day(now)
    if per_day is None:
        recent = _streak_over(user, _per_day(user, today, RECENT), today, RECENT)
        if recent.current < RECENT - 7:
            return recent
        per_day = _per_day(user, today, YEAR)
    return _streak_over(user, per_day, today, YEAR)


def _per_day(user: User, today: date, days: int) -> dict[date, int]:
    first = window(today, days)[0]
    rows = activity_of(day_tallies(user.id, clock_of(user), first, today), first, days)
    return {row.day: row.total for row in rows if row.total}


def _streak_over(user: User, per_day: dict[date, int], today: date, days: int) -> Streak:
    """The streak over `days` days of reviews per day. Whether a day ended with cards still
    due only matters for a day with fewer reviews than the goal, so the review log is walked
    card by card (due_stretches) only when there is such a day."""
    first = window(today, days)[0]
    unfinished: set[date] = set()
    if any(0 < count < user.streak_goal for count in per_day.values()):
        stretches = due_stretches(user.id, clock_of(user), first, today)
        unfinished = open_days(stretches, first, days)
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
    interviews: dict[date, str] = field(default_factory=dict)  # day -> titles, in the forecast


def interview_days(user: User, first: date, last: date) -> dict[date, str]:
    """The learner's own interview dates between two days, each day's titles joined."""
    rows = db.session.execute(
        select(InterviewDate.day, InterviewDate.title)
        .where(InterviewDate.user_id == user.id, InterviewDate.day.between(first, last))
        .order_by(InterviewDate.day, InterviewDate.id)
    )
    found: dict[date, list[str]] = {}
    for day, title in rows:
        found.setdefault(day, []).append(title)
    return {day: "; ".join(titles) for day, titles in found.items()}


def learner_stats(user: User, scope: Scope, now: datetime) -> LearnerStats:
    scope = resolve(scope)
    where = None if scope.is_everything else in_scope(scope)
    clock = clock_of(user)
    today = clock.day(now)
    first = window(today, YEAR)[0]
    everything = day_tallies(user.id, clock, first, today)
    tallies = everything if where is None else day_tallies(user.id, clock, first, today, where)
    year = activity_of(tallies, first, YEAR)
    whole = year if where is None else activity_of(everything, first, YEAR)
    recent = window(today, 90)[0]
    return LearnerStats(
        scope=scope,
        today=today,
        calendar=year,
        streak=user_streak(user, now, {row.day: row.total for row in whole if row.total}),
        goal=user.streak_goal,
        activity={days: year[-days:] for days in SPANS},
        forecast=_forecast(user, now, today, where),
        retention={p: retention_of(tallies, recent, today, p) for p in ("day", "week")}
        | {"month": retention_of(tallies, first, today, "month")},
        retention_by=_retention_by(user, first, today, where),
        desired_retention=user.desired_retention,
        time_zone=user.time_zone,
        recall_by={
            "track": _weakest(track_recall([user.id], now, where).get(user.id, [])),
            "topic": _weakest(topic_recall([user.id], now, where).get(user.id, [])),
        },
        mastery=_mastery(user, scope),
        histograms=_histograms(user, now, where),
        interviews=interview_days(user, today, today + timedelta(days=29)),
    )


def forecast_for(user: User, now: datetime, days: int = 30) -> list[tuple[date, int]]:
    """Cards coming due per study day over the whole collection (the calendar feed's days)."""
    return _forecast(user, now, clock_of(user).day(now), None, days)


def _weakest(groups: list[TopicRecall]) -> list[TopicRecall]:
    return sorted(groups, key=lambda g: (g.recall, g.name))


def _scoped(statement, where):
    return statement if where is None else statement.where(where)


def _forecast(
    user: User, now: datetime, today: date, where, days: int = 30
) -> list[tuple[date, int]]:
    """Cards due per study day over the next `days` days (overdue ones today), counted per day
    in the database."""
    last = today + timedelta(days - 1)
    day = day_index(epoch_seconds(CardState.due), clock_of(user), today, last)
    statement = (
        select(day.label("day"), func.count())
        .join(Item, Item.id == CardState.item_id)
        .where(
            CardState.user_id == user.id, studied(), CardState.due < now + timedelta(days=days + 2)
        )
        .where(CardState.suspended.is_(False), Item.retired.is_(False))
        .group_by("day")
    )
    rows = db.session.execute(_scoped(statement, where)).all()
    per_day: Counter[date] = Counter()
    for index, cards in rows:
        per_day[today + timedelta(days=index)] += cards
    return forecast_of(per_day, today, days)


def _retention_by(user: User, first: date, today: date, where) -> dict[str, list[Retention]]:
    """True retention over the year per track and per topic: the review-card ratings counted
    per item in the database, then summed per group."""
    per_item = review_card_ratings(user.id, clock_of(user), first, today, where)
    tracks: dict[int, list[str]] = {}
    topics: dict[int, list[str]] = {}
    if per_item:
        ids = sorted(per_item)
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
        "track": retention_by_group(per_item, tracks),
        "topic": retention_by_group(per_item, topics),
    }


def _mastery(user: User, scope: Scope) -> list[Mastery]:
    """Per track: the scope's live items new (never studied), learning, young and mature. The
    cards are counted per track, status and whether their stability is known and reaches
    MATURE_DAYS; the domain's `mastery` names the bucket of each such group."""
    known = case((CardState.stability.is_(None), 0), else_=1).label("known")
    ripe = case((CardState.stability >= MATURE_DAYS, 1), else_=0).label("ripe")
    studied_cards = (
        select(Track.name, CardState.state, known, ripe, func.count())
        .join(Item, Item.id == CardState.item_id)
        .join(Track, Track.id == Item.track_id)
        .where(CardState.user_id == user.id, in_scope(scope))
        .group_by(Track.name, CardState.state, known, ripe)
    )
    items = (
        select(Track.name, func.count())
        .join(Item, Item.track_id == Track.id)
        .where(in_scope(scope))
        .group_by(Track.name)
    )
    counts: dict[str, Counter[str]] = {}
    for track, state, has_stability, mature, cards in db.session.execute(studied_cards).all():
        stability = (MATURE_DAYS if mature else 0.0) if has_stability else None
        bucket = mastery(state, stability)
        if bucket != "new":
            counts.setdefault(track, Counter())[bucket] += cards
    result = []
    for track, total in db.session.execute(items.order_by(Track.name)).all():
        buckets = counts.get(track, Counter())
        buckets["new"] = total - sum(buckets.values())
        result.append(Mastery(track, {name: buckets[name] for name in MASTERY}))
    return result


def _bin(value, edges) -> ColumnElement[int]:
    """SQL for domain.study_stats.bin_index: the last edge at or below the value, else 0."""
    return case(
        *((value >= edge, index) for index, edge in reversed(list(enumerate(edges)))), else_=0
    )


def _histograms(user: User, now: datetime, where) -> dict[str, list[Bin]]:
    """Stability, difficulty and predicted recall now (the SQL recall of every figure) of the
    studied live cards, binned and counted in the database."""
    recall = func.coalesce(recall_at(now, curve_columns([user.id])), 1.0)
    difficulty = case(
        (CardState.difficulty.is_(None), -1), else_=_bin(CardState.difficulty, DIFFICULTY_EDGES)
    )
    bins = (
        _bin(CardState.stability, STABILITY_EDGES).label("s"),
        difficulty.label("d"),
        _bin(recall, RECALL_EDGES).label("r"),
    )
    statement = (
        select(*bins, func.count())
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id == user.id, studied(), Item.retired.is_(False))
        .group_by(*bins)
    )
    counts = {name: [0] * 10 for name in ("stability", "difficulty", "retrievability")}
    for stability, difficulty_bin, recall_bin, cards in db.session.execute(
        _scoped(statement, where)
    ):
        counts["stability"][stability] += cards
        if difficulty_bin >= 0:
            counts["difficulty"][difficulty_bin] += cards
        counts["retrievability"][recall_bin] += cards
    return {
        "stability": histogram_of(counts["stability"], STABILITY_EDGES, "d"),
        "difficulty": histogram_of(counts["difficulty"], DIFFICULTY_EDGES),
        "retrievability": histogram_of(
            counts["retrievability"], [e * 100 for e in RECALL_EDGES], "%"
        ),
    }


def reviews_since(user_id: int, since: datetime, where=None) -> list[Review]:
    """The user's counted (not undone) reviews since `since`, oldest first (a drill session's
    ratings: practice.drill.session)."""
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
