"""Fitting a user's FSRS-6 parameters to their review log with fsrs-rs-python (no torch).

Training follows Anki: one item per review on a later study day (the card's history up to it),
each item passed with its card's id, 8 epochs, and the number of relearning steps the user's
scheduler walks. The most recent items are held out; the fitted parameters are adopted only
when their log loss on those held-out reviews is no worse than the current parameters' loss,
and that comparison is only trusted with more than MIN_REVIEWS reviews.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview, TrainingConfig

from practice.domain.fit_outcome import HOLDOUT_SHARE, MIN_REVIEWS, FitResult, Outcome
from practice.domain.study_days import study_day

EPOCHS = 8  # as Anki trains
RATINGS = range(1, 5)

__all__ = [
    "EPOCHS",
    "HOLDOUT_SHARE",
    "MIN_REVIEWS",
    "FitResult",
    "Outcome",
    "PastReview",
    "TrainingItem",
    "adopts",
    "fit_parameters",
    "training_items",
]


@dataclass(frozen=True)
class PastReview:
    card: int
    reviewed_at: datetime
    rating: int


class TrainingItem(NamedTuple):
    """One review on a later study day, with its card's history up to and including it."""

    reviewed_at: datetime
    card: int
    item: FSRSItem


def training_items(
    reviews: Sequence[PastReview], time_zone: str, day_start_hour: int
) -> list[TrainingItem]:
    """One item per review on a later study day, grouped by card (a card's item holds only
    its own reviews), oldest first.

    Raises:
        ValueError: a rating outside 1 (Again) to 4 (Easy).
    """
    by_card: dict[int, list[PastReview]] = defaultdict(list)
    for past in reviews:
        if past.rating not in RATINGS:
            raise ValueError(
                f"card {past.card}: rating {past.rating} at {past.reviewed_at.isoformat()} is "
                "not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"
            )
        by_card[past.card].append(past)
    items: list[TrainingItem] = []
    for card, history in by_card.items():
        history.sort(key=lambda r: r.reviewed_at)
        previous = study_day(history[0].reviewed_at, time_zone, day_start_hour)
        so_far: list[FSRSReview] = []
        for past in history:
            day = study_day(past.reviewed_at, time_zone, day_start_hour)
            gap = (day - previous).days
            so_far.append(FSRSReview(past.rating, gap))
            item = FSRSItem(list(so_far))
            if gap > 0 and item.long_term_review_cnt() > 0:
                items.append(TrainingItem(past.reviewed_at, card, item))
            previous = day
    items.sort(key=lambda entry: (entry.reviewed_at, entry.card))
    return items


def adopts(current_loss: float, fitted_loss: float) -> bool:
    """The adoption rule: the fitted parameters predict the held-out reviews no worse."""
    return fitted_loss <= current_loss


def fit_parameters(
    reviews: Sequence[PastReview],
    current: Sequence[float] | None,
    time_zone: str,
    day_start_hour: int,
    relearning_steps: int = 1,
) -> FitResult:
    """Fit on the older items, compare both parameter sets on the newest, adopt if no worse."""
    current = tuple(current or DEFAULT_PARAMETERS)
    count = len(reviews)
    if count <= MIN_REVIEWS:
        return FitResult(Outcome.TOO_FEW, current, count)
    items = training_items(reviews, time_zone, day_start_hour)
    cut = int(len(items) * (1 - HOLDOUT_SHARE))
    train, held_out = items[:cut], items[cut:]
    if not train or not held_out:
        return FitResult(Outcome.NOTHING_TO_COMPARE, current, count, trained=len(items))
    try:
        fitted = tuple(
            FSRS(list(current)).compute_parameters(
                [entry.item for entry in train],
                card_ids=[entry.card for entry in train],
                num_relearning_steps=relearning_steps,
                training_config=TrainingConfig(num_epochs=EPOCHS),
            )
        )
        compared = [entry.item for entry in held_out]
        current_loss = FSRS(list(current)).evaluate(compared).log_loss
        fitted_loss = FSRS(list(fitted)).evaluate(compared).log_loss
    except ValueError:  # fsrs-rs refuses what it cannot fit (e.g. parameters that diverge)
        return FitResult(Outcome.FAILED, current, count, trained=len(train))
    if not (math.isfinite(current_loss) and math.isfinite(fitted_loss)):
        return FitResult(Outcome.FAILED, current, count, trained=len(train))
    adopted = adopts(current_loss, fitted_loss)
    return FitResult(
        Outcome.ADOPTED if adopted else Outcome.KEPT,
        fitted if adopted else current,
        count,
        current_loss=current_loss,
        fitted_loss=fitted_loss,
        fitted=fitted,
        trained=len(train),
        held_out=len(held_out),
    )
