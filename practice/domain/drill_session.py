"""A drill session and its summary, pure.

A session is a run of ratings with no pause of SESSION_GAP or longer between one rating and
the next. It ends when the learner presses "End session" or pauses that long; the next rating
then starts a new one. Ratings made before an ended session's end never count again, and
undone ratings never count at all (the caller passes counted reviews only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from practice.domain.card_status import CardStatus
from practice.domain.study_stats import Review

SESSION_GAP = timedelta(minutes=30)
AGAIN = 1


def session_run(reviews: Sequence[Review], now: datetime) -> list[Review]:
    """The session running at `now`: the trailing run of `reviews` (oldest first) with every
    pause shorter than SESSION_GAP; empty once the last rating is SESSION_GAP old."""
    if not reviews or now - reviews[-1].at >= SESSION_GAP:
        return []
    start = len(reviews) - 1
    while start > 0 and reviews[start].at - reviews[start - 1].at < SESSION_GAP:
        start -= 1
    return list(reviews[start:])


@dataclass(frozen=True)
class SessionFigures:
    """What the end-of-session summary counts."""

    reviews: int
    cards: int  # distinct items rated
    ratings: dict[int, int]  # 1..4 -> how many ratings of that button
    answer_ms: int  # the time spent on the cards (each card's time from shown to rated)
    started: datetime | None  # when the first card of the session was shown
    ended: datetime | None  # the last rating
    lapsed: tuple[int, ...]  # item ids of review cards rated Again, first lapse first

    @property
    def minutes(self) -> int:
        """The time on the cards in whole minutes, at least 1 once anything was rated."""
        return max(1, round(self.answer_ms / 60_000)) if self.reviews else 0

    @property
    def span_minutes(self) -> int:
        """From the first card shown to the last rating, in whole minutes."""
        if self.started is None or self.ended is None:
            return 0
        return max(1, round((self.ended - self.started).total_seconds() / 60))


def session_figures(reviews: Sequence[Review]) -> SessionFigures:
    """Counts, time, ratings split and lapsed cards of a session's reviews (oldest first)."""
    ratings = dict.fromkeys(range(1, 5), 0)
    for review in reviews:
        ratings[review.rating] = ratings.get(review.rating, 0) + 1
    lapsed = (
        r.item_id for r in reviews if r.rating == AGAIN and r.state_before == CardStatus.REVIEW
    )
    first = reviews[0] if reviews else None
    return SessionFigures(
        reviews=len(reviews),
        cards=len({r.item_id for r in reviews}),
        ratings=ratings,
        answer_ms=sum(r.duration_ms or 0 for r in reviews),
        started=first.at - timedelta(milliseconds=first.duration_ms or 0) if first else None,
        ended=reviews[-1].at if reviews else None,
        lapsed=tuple(dict.fromkeys(lapsed)),
    )
