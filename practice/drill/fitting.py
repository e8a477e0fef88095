"""Fitting a user's FSRS parameters from their own reviews, and what the last fit found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from practice.domain.fit_outcome import FitRecord, FitResult, local_clock, next_fit_line
from practice.domain.fitting import PastReview, fit_parameters
from practice.drill.fsrs import reschedule, user_history
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import ReviewLog, User, counted
from practice.types import utcnow


def optimize_user(user: User, fuzz: bool, now: datetime | None = None) -> FitResult:
    """Fit and record what the fit found; when the fitted parameters predict no worse, adopt
    them and reschedule every card of the user by replaying its history with them."""
    history = user_history(user)
    reviews = [
        PastReview(item_id, when, rating)
        for item_id, entries in history.items()
        for rating, when, _ in entries
    ]
    settings = user_settings(user, fuzz)
    result = fit_parameters(
        reviews,
        user.fsrs_parameters,
        user.time_zone,
        user.day_start_hour,
        relearning_steps=len(settings.relearning_steps),
    )
    user.fsrs_fit = FitRecord(result, now or utcnow()).as_dict()
    if result.adopted:
        user.fsrs_parameters = list(result.parameters)
        reschedule(user, fuzz)
    db.session.commit()
    return result


@dataclass(frozen=True)
class FitPanel:
    """What the user sees of fitting: the last fit (if any) and when the next is worth it."""

    last: FitRecord | None
    reviews_now: int
    next_fit: str
    fitted_at: str | None  # in the user's zone
    uses_fitted: bool

    def lines(self) -> list[str]:
        """The same figures as text (for `flask fsrs`)."""
        if self.last is None:
            return ["Never fitted.", self.next_fit]
        result = self.last.result
        lines = [f"Last fit: {self.fitted_at}, on {result.reviews} reviews."]
        if result.current_loss is not None and result.fitted_loss is not None:
            lines.append(
                f"Log loss on {result.held_out} held-out reviews (lower is better): "
                f"current {result.current_loss:.4f}, fitted {result.fitted_loss:.4f}."
            )
        return [*lines, result.message, self.next_fit]


def counted_reviews(user: User) -> int:
    """The user's reviews that fitting reads (undone ones left out)."""
    statement = select(func.count(ReviewLog.id)).where(ReviewLog.user_id == user.id, counted())
    return db.session.scalar(statement) or 0


def fit_panel(user: User) -> FitPanel:
    last = FitRecord.from_dict(user.fsrs_fit)
    reviews_now = counted_reviews(user)
    return FitPanel(
        last=last,
        reviews_now=reviews_now,
        next_fit=next_fit_line(last.result if last else None, reviews_now),
        fitted_at=local_clock(last.fitted_at, user.time_zone) if last else None,
        uses_fitted=user.fsrs_parameters is not None,
    )
