"""Fitting a user's FSRS-6 parameters to their review log with fsrs-rs-python (no torch).

The most recent reviews are held out; fitted parameters are adopted only when their log loss
on those held-out reviews is no worse than the current parameters' loss.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from practice.domain.study_days import study_day

MIN_REVIEWS = 400
HOLDOUT_SHARE = 0.2


@dataclass(frozen=True)
class PastReview:
    card: int
    reviewed_at: datetime
    rating: int


@dataclass(frozen=True)
class FitResult:
    """What fitting found. `parameters` is what the user should have afterwards."""

    adopted: bool
    parameters: tuple[float, ...]
    current_loss: float | None
    fitted_loss: float | None
    reviews: int
    reviews_needed: int = 0

    @property
    def message(self) -> str:
        if self.reviews_needed:
            return (
                f"Not enough history yet: {self.reviews} reviews, {self.reviews_needed} more "
                "needed before your schedule can be fitted. Your current parameters stay."
            )
        figures = (
            f"log loss on your latest reviews: fitted {self.fitted_loss:.4f}, current "
            f"{self.current_loss:.4f}"
        )
        if self.adopted:
            return f"Adopted the fitted parameters ({figures})."
        return f"Kept your current parameters: they predict better ({figures})."


def training_items(
    reviews: Sequence[PastReview], time_zone: str, day_start_hour: int
) -> list[tuple[datetime, FSRSItem]]:
    """One item per review on a later study day: the card's history up to that review."""
    by_card: dict[int, list[PastReview]] = defaultdict(list)
    for past in reviews:
        by_card[past.card].append(past)
    items: list[tuple[datetime, FSRSItem]] = []
    for history in by_card.values():
        history.sort(key=lambda r: r.reviewed_at)
        previous = study_day(history[0].reviewed_at, time_zone, day_start_hour)
        so_far: list[FSRSReview] = []
        for past in history:
            day = study_day(past.reviewed_at, time_zone, day_start_hour)
            gap = (day - previous).days
            so_far.append(FSRSReview(past.rating, gap))
            item = FSRSItem(list(so_far))
            if gap > 0 and item.long_term_review_cnt() > 0:
                items.append((past.reviewed_at, item))
            previous = day
    items.sort(key=lambda pair: pair[0])
    return items


def fit_parameters(
    reviews: Sequence[PastReview],
    current: Sequence[float] | None,
    time_zone: str,
    day_start_hour: int,
) -> FitResult:
    """Fit on the older reviews, compare on the newest, adopt only if no worse."""
    current = tuple(current or DEFAULT_PARAMETERS)
    if len(reviews) < MIN_REVIEWS:
        return FitResult(False, current, None, None, len(reviews), MIN_REVIEWS - len(reviews))
    items = [item for _, item in training_items(reviews, time_zone, day_start_hour)]
    cut = int(len(items) * (1 - HOLDOUT_SHARE))
    train, held_out = items[:cut], items[cut:]
    if not train or not held_out:
        return FitResult(False, current, None, None, len(reviews), MIN_REVIEWS)
    fitted = tuple(FSRS(list(current)).compute_parameters(train))
    current_loss = FSRS(list(current)).evaluate(held_out).log_loss
    fitted_loss = FSRS(list(fitted)).evaluate(held_out).log_loss
    adopted = fitted_loss <= current_loss
    return FitResult(
        adopted, fitted if adopted else current, current_loss, fitted_loss, len(reviews)
    )
