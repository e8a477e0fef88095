"""The learner's drill session (see practice.domain.drill_session for what one is): the one
running now, ending it, and the summary shown when it ends or nothing is left in the scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from practice.domain.countdown import clock_label
from practice.domain.drill_session import SessionFigures, session_figures, session_run
from practice.domain.study_stats import Review, Streak
from practice.drill.queue import DrillView
from practice.extensions import db
from practice.models import Item, User
from practice.stats.learner import clock_of, reviews_since, user_streak

READ_BACK = timedelta(hours=24)  # the longest session read: a day of unbroken ratings


@dataclass(frozen=True)
class SessionSummary:
    figures: SessionFigures
    lapsed: list[Item]  # the cards rated Again after being learned, in the order they lapsed
    streak: Streak
    rated_today: int  # ratings in today's study day (the streak goal counts them)
    streak_goal: int
    still_due: int  # cards left to do today in the scope (0 when nothing is left)
    next_due: str | None  # "tomorrow at 04:00", in the learner's zone
    time_zone: str
    ended: bool  # the learner pressed End session (else nothing was left in the scope)

    @property
    def to_streak_goal(self) -> int:
        return max(0, self.streak_goal - self.rated_today)


def running_session(user: User, now: datetime) -> list[Review]:
    """The ratings of the session running at `now` (after the last session the user ended)."""
    since = now - READ_BACK
    ended = user.ended_session_until
    if ended is not None and ended > since:
        since = ended
    reviews = [r for r in reviews_since(user.id, since) if ended is None or r.at > ended]
    return session_run(reviews, now)


def end_session(user: User, now: datetime) -> int:
    """End the running session, keeping its bounds for its summary (an empty one when none
    runs, so the summary never shows an older session again); its number of ratings."""
    run = running_session(user, now)
    user.ended_session_from = run[0].at if run else now
    user.ended_session_until = now
    db.session.commit()
    return len(run)


def ended_session(user: User) -> list[Review]:
    """The ratings of the last session the user ended, oldest first."""
    start, end = user.ended_session_from, user.ended_session_until
    if start is None or end is None:
        return []
    return [r for r in reviews_since(user.id, start) if start <= r.at <= end and start < end]


def session_summary(
    user: User, reviews: list[Review], view: DrillView, now: datetime, ended: bool
) -> SessionSummary:
    """The summary of a session's ratings; `view` is the drill's queue for the scope now."""
    figures = session_figures(reviews)
    clock = clock_of(user)
    today_start = clock.start(clock.day(now))
    counts = view.counts
    return SessionSummary(
        figures=figures,
        lapsed=_items(figures.lapsed),
        streak=user_streak(user, now),
        rated_today=len(reviews_since(user.id, today_start)),
        streak_goal=user.streak_goal,
        still_due=counts.learning + counts.due + counts.new if view.card else 0,
        next_due=next_due_label(view, user, now),
        time_zone=user.time_zone,
        ended=ended,
    )


def next_due_label(view: DrillView | None, user: User, now: datetime) -> str | None:
    """When the scope's next card is due, in the user's own zone ("tomorrow at 04:00")."""
    if view is None or view.next_due is None:
        return None
    return clock_label(view.next_due, now, user.time_zone)


def _items(item_ids: tuple[int, ...]) -> list[Item]:
    if not item_ids:
        return []
    rows = db.session.scalars(select(Item).where(Item.id.in_(item_ids)))
    by_id = {item.id: item for item in rows}
    return [by_id[i] for i in item_ids if i in by_id]
