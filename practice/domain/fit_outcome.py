"""What a fit found, in words and figures, how it is stored, and when the next fit is worth it.

The next fit is worth running once a fifth of the reviews (the share a fit holds out to judge
itself) are reviews the last fit never saw, and never before there are more than MIN_REVIEWS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

MIN_REVIEWS = 400  # a held-out comparison is trusted only with more reviews than this
HOLDOUT_SHARE = Fraction(1, 5)


class Outcome(StrEnum):
    TOO_FEW = "too_few"  # MIN_REVIEWS or fewer: not fitted
    NOTHING_TO_COMPARE = "nothing_to_compare"  # too few reviews on later days to hold out
    FAILED = "failed"  # fsrs-rs gave no usable parameters
    ADOPTED = "adopted"
    KEPT = "kept"


@dataclass(frozen=True)
class FitResult:
    """What fitting found. `parameters` is what the user should have afterwards; `fitted`
    what training produced (adopted or not); losses are on the `held_out` newest reviews."""

    outcome: Outcome
    parameters: tuple[float, ...]
    reviews: int
    current_loss: float | None = None
    fitted_loss: float | None = None
    fitted: tuple[float, ...] | None = None
    trained: int = 0
    held_out: int = 0

    @property
    def adopted(self) -> bool:
        return self.outcome is Outcome.ADOPTED

    @property
    def reviews_needed(self) -> int:
        """More reviews before fitting is tried at all (0 once past the threshold)."""
        return max(0, MIN_REVIEWS + 1 - self.reviews)

    @property
    def next_fit_at(self) -> int:
        """The review count at which the next fit is worth running."""
        if self.outcome is Outcome.TOO_FEW:
            return MIN_REVIEWS + 1
        return max(MIN_REVIEWS + 1, math.ceil(Fraction(self.reviews) / (1 - HOLDOUT_SHARE)))

    @property
    def message(self) -> str:
        """Whether the fitted parameters were adopted, and why."""
        held = f"{self.held_out} held-out {'review' if self.held_out == 1 else 'reviews'}"
        if self.outcome is Outcome.ADOPTED:
            return (
                f"Adopted the fitted parameters: on your {held} their log loss is "
                f"{self.fitted_loss:.4f}, no worse than your current parameters' "
                f"{self.current_loss:.4f}."
            )
        if self.outcome is Outcome.KEPT:
            return (
                f"Kept your current parameters: on your {held} their log loss is "
                f"{self.current_loss:.4f}, lower than the fitted parameters' "
                f"{self.fitted_loss:.4f}."
            )
        if self.outcome is Outcome.TOO_FEW:
            return (
                f"Not enough history yet: {self.reviews} reviews, {self.reviews_needed} more "
                f"needed (a fit is only judged with more than {MIN_REVIEWS}, so that enough "
                "reviews are held out to compare on). Your current parameters stay."
            )
        if self.outcome is Outcome.NOTHING_TO_COMPARE:
            return (
                f"Not enough history to compare: of your {self.reviews} reviews, too few came "
                "on a later study day than the card's previous review to both fit and check "
                "the fit. Your current parameters stay."
            )
        return "Fitting gave no usable parameters from your reviews. Your current parameters stay."


def reviews_before_next_fit(last: FitResult | None, reviews_now: int) -> int:
    """How many more reviews before the next fit is worth running (0: it is worth it now)."""
    target = last.next_fit_at if last else MIN_REVIEWS + 1
    return max(0, target - reviews_now)


def next_fit_line(last: FitResult | None, reviews_now: int) -> str:
    """The next fit, in a sentence."""
    left = reviews_before_next_fit(last, reviews_now)
    if left:
        noun = "review" if left == 1 else "reviews"
        return f"{left} more {noun} before the next fit is worth running."
    return f"A new fit is worth running now ({reviews_now} reviews)."


def local_clock(moment: datetime, time_zone: str) -> str:
    """A moment as the user's clock shows it, with the zone's abbreviation."""
    return moment.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M %Z")


@dataclass(frozen=True)
class FitRecord:
    """The last fit of a user: its result and when it ran (aware UTC)."""

    result: FitResult
    fitted_at: datetime
    version: int = field(default=1, repr=False)

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "version": self.version,
            "fitted_at": self.fitted_at.astimezone(UTC).isoformat(),
            "outcome": r.outcome.value,
            "reviews": r.reviews,
            "current_loss": r.current_loss,
            "fitted_loss": r.fitted_loss,
            "fitted": list(r.fitted) if r.fitted is not None else None,
            "trained": r.trained,
            "held_out": r.held_out,
        }

    @classmethod
    def from_dict(cls, data: object, parameters: tuple[float, ...] = ()) -> FitRecord | None:
        """The stored record, or None when there is none or it cannot be read. The record does
        not keep the user's parameters: `parameters` fills the result's (what they have now)."""
        if not isinstance(data, dict):
            return None
        try:
            fitted = data.get("fitted")
            result = FitResult(
                Outcome(data["outcome"]),
                parameters,
                int(data["reviews"]),
                current_loss=_loss(data.get("current_loss")),
                fitted_loss=_loss(data.get("fitted_loss")),
                fitted=tuple(float(x) for x in fitted) if fitted is not None else None,
                trained=int(data.get("trained", 0)),
                held_out=int(data.get("held_out", 0)),
            )
            fitted_at = datetime.fromisoformat(data["fitted_at"])
        except (KeyError, TypeError, ValueError):
            return None
        if fitted_at.tzinfo is None or _missing_losses(result):
            return None
        return cls(result, fitted_at.astimezone(UTC))


def _loss(value: object) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("a loss must be a finite number")
    return float(value)


def _missing_losses(result: FitResult) -> bool:
    """A compared outcome without both losses cannot be shown."""
    compared = result.outcome in (Outcome.ADOPTED, Outcome.KEPT)
    return compared and (result.current_loss is None or result.fitted_loss is None)
