"""Predicted recall (FSRS retrievability) as SQL, so a cohort's figures come from one query.

The expression is the domain's `predicted_recall` curve, per user (each user's own FSRS
parameters), over the card_states columns the drill already keeps (last_review_day: the study
day of the last review, stability), with the elapsed time in each user's own study days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, literal, select

from practice.domain.recall import Progress, forgetting_curve, progress, standing
from practice.domain.scheduling import CardStatus, study_day_number
from practice.domain.scope import SetSource
from practice.extensions import db
from practice.models import (
    CardState,
    Item,
    ReviewLog,
    Topic,
    Track,
    User,
    counted,
    item_topics,
)
from practice.scopes import set_items, set_source


@dataclass(frozen=True)
class CurveColumns:
    decay: object
    factor: object
    # the card owners by (time zone, day-start hour): whose study days are whose
    days: tuple[tuple[tuple[str, int], tuple[int, ...]], ...] = ()


def curve_columns(user_ids) -> CurveColumns:
    """SQL for each card owner's decay and factor: constants, or a CASE over the few users
    with fitted parameters; and the owners grouped by their days. `user_ids` is a list or a
    select of user ids."""
    default = forgetting_curve(None)
    owners = db.session.execute(
        select(User.id, User.fsrs_parameters, User.time_zone, User.day_start_hour).where(
            User.id.in_(user_ids)
        )
    ).all()
    by_days: dict[tuple[str, int], list[int]] = defaultdict(list)
    for user_id, _, zone, hour in owners:
        by_days[(zone, hour)].append(user_id)
    days = tuple((key, tuple(ids)) for key, ids in by_days.items())
    curves = {row[0]: forgetting_curve(row[1]) for row in owners if row[1] is not None}
    if not curves:
        return CurveColumns(literal(default.decay), literal(default.factor), days)
    return CurveColumns(
        case({u: c.decay for u, c in curves.items()}, value=CardState.user_id, else_=default.decay),
        case(
            {u: c.factor for u, c in curves.items()}, value=CardState.user_id, else_=default.factor
        ),
        days,
    )


def study_day_at(at: datetime, curve: CurveColumns):
    """The study day `at` falls in for each card's owner, as a day number: a constant, or a
    CASE over the owners whose zone or day-start hour differ from the most common ones."""
    groups = sorted(curve.days, key=lambda group: -len(group[1]))
    if not groups:
        return literal(0)
    numbers = [(study_day_number(at, zone, hour), ids) for (zone, hour), ids in groups]
    if len({number for number, _ in numbers}) == 1:
        return literal(numbers[0][0])
    whens = [(CardState.user_id.in_(ids), number) for number, ids in numbers[1:]]
    return case(*whens, else_=numbers[0][0])


def recall_at(at: datetime, curve: CurveColumns):
    """A card's predicted recall at `at` after the study days since its last review (NULL for
    a card never reviewed)."""
    elapsed = study_day_at(at, curve) - CardState.last_review_day
    whole_days = case((elapsed < 1, 0.0), else_=elapsed)
    return func.power(1.0 + curve.factor * whole_days / CardState.stability, curve.decay)


def studied():
    """Card states that hold a memory (not just a suspend or bury flag on a new card)."""
    return CardState.stability.is_not(None)


def live_set_items(source: SetSource) -> Select:
    """Ids of the set's live items."""
    return select(Item.id).where(set_items(source), Item.retired.is_(False))


def _size(source: SetSource) -> int:
    items = live_set_items(source).subquery()
    return db.session.scalar(select(func.count()).select_from(items)) or 0


def set_progress(set_id: int, user_ids, at: datetime) -> dict[int, Progress]:
    """Each user's progress on a set: started, learned (in review), mean recall at `at`."""
    source = set_source(set_id)
    total = _size(source)
    curve = curve_columns(user_ids)
    rows = db.session.execute(
        select(
            CardState.user_id,
            func.count(),
            func.sum(case((CardState.state == CardStatus.REVIEW, 1), else_=0)),
            func.sum(recall_at(at, curve)),
        )
        .where(CardState.user_id.in_(user_ids), studied())
        .where(CardState.item_id.in_(live_set_items(source)))
        .group_by(CardState.user_id)
    ).all()
    return {row[0]: progress(total, row[1], int(row[2] or 0), row[3] or 0.0) for row in rows}


def empty_progress(set_id: int) -> Progress:
    return progress(_size(set_source(set_id)), 0, 0, 0.0)


def judged_at(due_at: datetime, now: datetime) -> datetime:
    """When an assignment's recall is judged: its due date, or now once that has passed."""
    return max(due_at, now)


@dataclass(frozen=True)
class TopicRecall:
    """Mean predicted recall now over a group's studied cards (a topic, or a track), with the
    lapses and the latest rating beside it: recall right after a review is near 100% whatever
    the rating was, so the figure alone can call a topic strong on reviews made minutes ago."""

    topic_id: int
    name: str
    recall: float
    cards: int
    lapses: int = 0
    last_rating: int | None = None
    last_review: datetime | None = None
    stability: float = 0.0  # the cards' mean stability in days

    @property
    def standing(self) -> str:
        """strong, learning or weak: by stability and the last rating, not recall alone."""
        return standing(self.recall, self.stability, self.last_rating)


def topic_recall(user_ids, now: datetime, where=None) -> dict[int, list[TopicRecall]]:
    """Each user's mean predicted recall now per topic over the cards they studied (`where`: an
    optional condition on Item, such as a scope)."""
    tagged = item_topics.alias("tagged")  # not the table a topic scope's EXISTS correlates
    return _group_recall(user_ids, now, tagged.c.topic_id, Topic, where, tagged)


def track_recall(user_ids, now: datetime, where=None) -> dict[int, list[TopicRecall]]:
    """The same figure per track."""
    return _group_recall(user_ids, now, Item.track_id, Track, where)


def _group_recall(
    user_ids, now: datetime, key, named, where, tagged=None
) -> dict[int, list[TopicRecall]]:
    """Recall per group (`key`: a track or, through the `tagged` item_topics, a topic)."""
    curve = curve_columns(user_ids)
    statement = (
        select(
            CardState.user_id,
            key,
            func.avg(recall_at(now, curve)),
            func.count(),
            func.sum(CardState.lapses),
            func.max(CardState.last_review),
            func.avg(CardState.stability),
        )
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids), studied())
        .group_by(CardState.user_id, key)
    )
    if tagged is not None:
        statement = statement.join(tagged, tagged.c.item_id == CardState.item_id)
    if where is not None:
        statement = statement.where(where)
    names: dict[int, str] = {i: n for i, n in db.session.execute(select(named.id, named.name))}
    last = _last_ratings(user_ids, key, where, tagged)
    result: dict[int, list[TopicRecall]] = {}
    rows = db.session.execute(statement).all()
    for user_id, group, recall, cards, lapses, latest, stability in rows:
        rating, at = last.get((user_id, group), (None, latest))
        result.setdefault(user_id, []).append(
            TopicRecall(
                group,
                names[group],
                float(recall),
                cards,
                int(lapses or 0),
                rating,
                at,
                float(stability or 0.0),
            )
        )
    return result


def _last_ratings(user_ids, key, where, tagged) -> dict[tuple[int, int], tuple[int, datetime]]:
    """The rating and time of each user's latest counted review in each group: the group's
    latest last_review among its studied cards, then the review at that moment (a lookup on
    the index of user and time per group, not a scan of the log or a lookup per card)."""
    latest = (
        select(
            CardState.user_id.label("user_id"),
            key.label("grp"),
            func.max(CardState.last_review).label("at"),
        )
        .join(Item, Item.id == CardState.item_id)
        .where(CardState.user_id.in_(user_ids), studied())
        .group_by(CardState.user_id, key)
    )
    if tagged is not None:
        latest = latest.join(tagged, tagged.c.item_id == CardState.item_id)
    if where is not None:
        latest = latest.where(where)
    groups = latest.subquery()
    statement = (
        select(groups.c.user_id, groups.c.grp, ReviewLog.rating, ReviewLog.reviewed_at)
        .join(
            ReviewLog,
            and_(ReviewLog.user_id == groups.c.user_id, ReviewLog.reviewed_at == groups.c.at),
        )
        .join(Item, Item.id == ReviewLog.item_id)
        .where(counted())
    )
    if tagged is not None:
        again = item_topics.alias("again")
        statement = statement.join(
            again, and_(again.c.item_id == ReviewLog.item_id, again.c.topic_id == groups.c.grp)
        )
    else:
        statement = statement.where(key == groups.c.grp)
    if where is not None:
        statement = statement.where(where)
    result: dict[tuple[int, int], tuple[int, datetime]] = {}
    for user_id, group, rating, at in db.session.execute(statement).all():
        result[(user_id, group)] = (rating, at)
    return result


def topic_ranking(user_ids, topic_id: int, now: datetime) -> dict[int, float]:
    """Each user's mean predicted recall now in one topic (users with no cards in it absent)."""
    curve = curve_columns(user_ids)
    rows = db.session.execute(
        select(CardState.user_id, func.avg(recall_at(now, curve)))
        .join(item_topics, item_topics.c.item_id == CardState.item_id)
        .where(item_topics.c.topic_id == topic_id)
        .where(CardState.user_id.in_(user_ids), studied())
        .group_by(CardState.user_id)
    ).all()
    return {user_id: float(recall) for user_id, recall in rows}


def overdue_counts(user_ids, now: datetime) -> dict[int, int]:
    """Cards past due (and not suspended) per user."""
    rows = db.session.execute(
        select(CardState.user_id, func.count())
        .where(CardState.user_id.in_(user_ids), studied(), CardState.due < now)
        .where(CardState.suspended.is_(False))
        .group_by(CardState.user_id)
    ).all()
    return dict(rows)
