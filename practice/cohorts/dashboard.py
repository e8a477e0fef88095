"""The cohort dashboard's figures: members x topics predicted recall, participation, each
assignment's completion and recall on its due date, the hardest items; and the CSV rows.

Every figure is an aggregate query over the members' card states (no per-card Python), so a
page of 50 members with thousands of cards each renders quickly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, func, select

from practice.access import UserError
from practice.cohorts.queries import cohort_assignments
from practice.domain.paging import paging
from practice.domain.recall import Progress, due_day
from practice.extensions import db
from practice.mentoring.queries import last_active
from practice.models import CardState, Cohort, CohortMember, Item, ReviewLog, Topic, User, counted
from practice.scopes import any_set_items, set_source
from practice.stats.figures import (
    curve_columns,
    empty_progress,
    judged_at,
    recall_at,
    set_progress,
    studied,
    topic_ranking,
    topic_recall,
)
from practice.stats.history import group_activity
from practice.stats.leeches import LeechFigures, leech_figures

PAGE_SIZE = 50
TOPIC_SORT = "topic-"  # sort=topic-ID: weakest in that topic first
ACTIVE_DAYS = 7
SORTS = {
    "name": "name (A to Z)",
    "joined": "joined (newest first)",
    "active": "last active (most recent first)",
    "recall": "predicted recall (weakest first)",
    "-recall": "predicted recall (strongest first)",
}


class DashboardError(UserError):
    """Bad paging or sorting input, with a message for the user."""


@dataclass
class MemberFigures:
    user_id: int
    name: str
    joined_at: datetime
    last_active: datetime | None = None
    reviews_week: int = 0
    cards: int = 0
    recall: float | None = None
    topics: dict[int, float] = field(default_factory=dict)
    assignments: dict[int, Progress] = field(default_factory=dict)


@dataclass(frozen=True)
class AssignmentSummary:
    assignment_id: int
    title: str
    due_at: datetime
    target: float
    members: int
    done: int
    recall: float  # mean over every member (no cards = 0) on the due date


@dataclass(frozen=True)
class HardItem:
    external_id: str
    title: str
    lapses: int
    learners: int


@dataclass(frozen=True)
class Dashboard:
    """The page's own figures; the cohort-wide panels (assignment figures, hardest items) scan
    every member's cards and load as fragments of their own (see cohort_panels)."""

    cohort: Cohort
    rows: list[MemberFigures]
    topics: list[tuple[int, str]]
    page: int
    pages: int
    total: int
    sort: str
    active_members: int


def members_query(cohort_id: int):
    return select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)


def dashboard(cohort: Cohort, now: datetime, page: int = 1, sort: str = "name") -> Dashboard:
    check_sort(sort)
    members = members_query(cohort.id)
    total = member_count(cohort.id)
    pages = paging(total, page, PAGE_SIZE).pages
    if page < 1 or page > pages:
        raise DashboardError(f"There {'is' if pages == 1 else 'are'} {pages} page(s) of members.")
    rows, ranked = _page_rows(cohort.id, now, page, sort)
    fill_figures(rows, now, ranked)
    return Dashboard(
        cohort, rows, topics_in_bank(), page, pages, total, sort, active_members(members, now)
    )


def member_count(cohort_id: int) -> int:
    members = members_query(cohort_id).subquery()
    return db.session.scalar(select(func.count()).select_from(members)) or 0


def cohort_assignment_figures(cohort: Cohort, now: datetime) -> list[AssignmentSummary]:
    """Each assignment's completion and mean recall on its due date over every member."""
    return assignment_summaries(cohort.id, members_query(cohort.id), member_count(cohort.id), now)


ACTIVITY_DAYS = 30


def cohort_activity(cohort: Cohort, now: datetime) -> list[tuple[date, int]]:
    """The members' reviews per study day over the last 30 days, each on their own days: the
    figure (and, on the page, the chart) of a mentee's and a learner's own page."""
    members = list(db.session.scalars(members_query(cohort.id)))
    return group_activity(members, now, ACTIVITY_DAYS)


def cohort_hardest_items(cohort: Cohort) -> list[HardItem]:
    return hardest_items(members_query(cohort.id))


def cohort_leeches(cohort: Cohort) -> LeechFigures:
    """The members' leeches on cards of the cohort's assignments (their other cards are their
    own business), out of the assigned cards they studied."""
    sources = [set_source(assignment.set_id) for assignment, _ in cohort_assignments(cohort.id)]
    return leech_figures(members_query(cohort.id), any_set_items(sources))


def _page_rows(cohort_id: int, now: datetime, page: int, sort: str):
    """The members on one page, in the chosen order (the whole cohort is ranked when the
    order depends on study figures), and every member's overall recall when it was needed."""
    base = (
        select(User.id, User.display_name, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id)
    )
    start = (page - 1) * PAGE_SIZE
    if sort in ("name", "joined"):
        order = (
            (User.display_name, User.id)
            if sort == "name"
            else (CohortMember.joined_at.desc(), User.id)
        )
        found = db.session.execute(base.order_by(*order).limit(PAGE_SIZE).offset(start)).all()
        return [MemberFigures(*row) for row in found], None
    everyone = [MemberFigures(*row) for row in db.session.execute(base.order_by(User.id)).all()]
    ids = members_query(cohort_id)
    overall = overall_recall(ids, now) if sort in ("recall", "-recall") else None
    everyone.sort(key=_ranking(sort, ids, now, overall))
    return everyone[start : start + PAGE_SIZE], overall


def _ranking(sort: str, ids, now: datetime, overall: dict | None):
    """A sort key over every member for the orders that depend on study figures."""
    if sort == "active":
        seen = last_active(ids)
        return lambda m: -(seen[m.user_id].timestamp()) if m.user_id in seen else 0
    if sort.startswith(TOPIC_SORT):
        recall = topic_ranking(ids, int(sort.removeprefix(TOPIC_SORT)), now)
        return lambda m: (m.user_id not in recall, recall.get(m.user_id, 0.0))  # unstudied last
    sign = 1 if sort == "recall" else -1
    return lambda m: sign * (overall or {}).get(m.user_id, (0.0, 0))[0]


def check_sort(sort: str) -> None:
    """Refuse an unknown order: the named ones, or `topic-ID` for a topic of the bank."""
    topic = sort.removeprefix(TOPIC_SORT)
    if sort in SORTS or (
        sort.startswith(TOPIC_SORT)
        and topic.isdigit()
        and len(topic) <= 9  # an id a column can hold
        and db.session.get(Topic, int(topic)) is not None
    ):
        return
    raise DashboardError(f"Sort by one of: {', '.join(SORTS)}, or a topic's column.")


def fill_figures(rows: list[MemberFigures], now: datetime, overall: dict | None = None) -> None:
    """Fill in every study figure of these members (one query per kind of figure; `overall`
    is every member's overall recall when the page's ranking already computed it)."""
    ids = [row.user_id for row in rows]
    if not ids:
        return
    seen, week = last_active(ids), reviews_since(ids, now - timedelta(days=ACTIVE_DAYS))
    overall, topics = overall or overall_recall(ids, now), topic_recall(ids, now)
    for row in rows:
        row.last_active, row.reviews_week = seen.get(row.user_id), week.get(row.user_id, 0)
        row.recall, row.cards = overall.get(row.user_id, (None, 0))
        row.topics = {t.topic_id: t.recall for t in topics.get(row.user_id, [])}


def fill_assignments(rows: list[MemberFigures], assignments, now: datetime) -> None:
    ids = [row.user_id for row in rows]
    for assignment, _ in assignments:
        figures = set_progress(assignment.set_id, ids, judged_at(assignment.due_at, now))
        empty = empty_progress(assignment.set_id)
        for row in rows:
            row.assignments[assignment.id] = figures.get(row.user_id, empty)


def reviews_since(user_ids, since: datetime) -> dict[int, int]:
    rows = db.session.execute(
        select(ReviewLog.user_id, func.count())
        .where(ReviewLog.user_id.in_(user_ids), ReviewLog.reviewed_at >= since, counted())
        .group_by(ReviewLog.user_id)
    ).all()
    return dict(rows)


def overall_recall(user_ids, now: datetime) -> dict[int, tuple[float, int]]:
    """Each member's mean predicted recall now over the cards they studied, and how many."""
    curve = curve_columns(user_ids)
    rows = db.session.execute(
        select(CardState.user_id, func.avg(recall_at(now, curve)), func.count())
        .where(CardState.user_id.in_(user_ids), studied())
        .group_by(CardState.user_id)
    ).all()
    return {user_id: (float(recall), cards) for user_id, recall, cards in rows}


def active_members(members, now: datetime) -> int:
    since = now - timedelta(days=ACTIVE_DAYS)
    return (
        db.session.scalar(
            select(func.count(distinct(ReviewLog.user_id))).where(
                ReviewLog.user_id.in_(members), ReviewLog.reviewed_at >= since, counted()
            )
        )
        or 0
    )


def assignment_summaries(cohort_id: int, members, total: int, now: datetime):
    summaries = []
    for assignment, title in cohort_assignments(cohort_id):
        figures = set_progress(assignment.set_id, members, judged_at(assignment.due_at, now))
        done = sum(1 for p in figures.values() if p.done(assignment.target_recall))
        recall = sum(p.recall for p in figures.values()) / total if total else 0.0
        summaries.append(
            AssignmentSummary(
                assignment.id,
                title,
                assignment.due_at,
                assignment.target_recall,
                total,
                done,
                recall,
            )
        )
    return summaries


def hardest_items(members, limit: int = 10) -> list[HardItem]:
    """The items the members forgot most often (lapses summed over the cohort)."""
    lapses = (
        select(
            CardState.item_id,
            func.sum(CardState.lapses).label("lapses"),
            func.count().label("learners"),
        )
        .where(CardState.user_id.in_(members), CardState.lapses > 0)
        .group_by(CardState.item_id)
        .order_by(func.sum(CardState.lapses).desc(), CardState.item_id)
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Item.external_id, Item.title, lapses.c.lapses, lapses.c.learners)
        .join(lapses, lapses.c.item_id == Item.id)
        .order_by(lapses.c.lapses.desc(), Item.id)
    ).all()
    return [HardItem(*row) for row in rows]


def topics_in_bank() -> list[tuple[int, str]]:
    rows = db.session.execute(select(Topic.id, Topic.name).order_by(Topic.name))
    return [(row.id, row.name) for row in rows]


CHUNK = 100


def member_rows(cohort: Cohort, now: datetime, zone: str = "UTC") -> Iterator[Sequence[object]]:
    """The per-member CSV: a header, then one row per member, computed 100 members at a time;
    times in `zone` (the reader's), which the headers name."""
    topics = topics_in_bank()
    assignments = cohort_assignments(cohort.id)
    header = [
        "member",
        f"joined ({zone})",
        f"last_active ({zone})",
        f"active_last_{ACTIVE_DAYS}_days",
        f"reviews_last_{ACTIVE_DAYS}_days",
        "cards_studied",
        "predicted_recall_now",
    ]
    header += [f"recall: {name}" for _, name in topics]
    for _, title in assignments:
        header += [
            f"{title}: started",
            f"{title}: learned",
            f"{title}: recall on due date",
            f"{title}: done",
        ]
    yield header
    ids = list(db.session.scalars(members_query(cohort.id).order_by(CohortMember.user_id)))
    since = now - timedelta(days=ACTIVE_DAYS)
    for start in range(0, len(ids), CHUNK):
        rows = _named(ids[start : start + CHUNK], cohort.id)
        fill_figures(rows, now)
        fill_assignments(rows, assignments, now)
        for row in rows:
            yield _member_cells(row, topics, assignments, since, ZoneInfo(zone))


def _named(ids: list[int], cohort_id: int) -> list[MemberFigures]:
    found = db.session.execute(
        select(User.id, User.display_name, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id, User.id.in_(ids))
        .order_by(User.display_name, User.id)
    ).all()
    return [MemberFigures(*row) for row in found]


def _member_cells(
    row: MemberFigures, topics, assignments, since: datetime, zone: ZoneInfo
) -> list[object]:
    active = row.last_active is not None and row.last_active >= since
    cells: list[object] = [
        row.name,
        _iso(row.joined_at, zone),
        _iso(row.last_active, zone),
        active,
        row.reviews_week,
        row.cards,
        _ratio(row.recall),
    ]
    cells += [_ratio(row.topics.get(topic_id)) for topic_id, _ in topics]
    for assignment, _ in assignments:
        figures = row.assignments[assignment.id]
        cells += [
            figures.started,
            figures.learned,
            _ratio(figures.recall),
            figures.done(assignment.target_recall),
        ]
    return cells


def assignment_rows(cohort: Cohort, now: datetime, zone: str = "UTC") -> Iterator[Sequence[object]]:
    """The per-assignment CSV: a header, then one row per assignment (due dates as `zone`'s
    calendar shows them)."""
    due = f"due_date ({zone})"
    yield ["set", due, "recall_goal", "members", "members_done", "mean_recall_on_due_date"]
    for summary in cohort_assignment_figures(cohort, now):
        yield [
            summary.title,
            due_day(summary.due_at, zone).isoformat(),
            summary.target,
            summary.members,
            summary.done,
            _ratio(summary.recall),
        ]


def _iso(moment: datetime | None, zone: ZoneInfo) -> str:
    """A moment in the reader's zone, with its offset (unambiguous in a spreadsheet)."""
    return moment.astimezone(zone).isoformat(timespec="minutes") if moment else ""


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
