"""Fitting at its edges: exactly enough reviews, and enough reviews but too few on later days."""

from __future__ import annotations

from datetime import timedelta

from practice.domain.fitting import MIN_REVIEWS, PastReview, fit_parameters
from tests.helpers.fitting import START, simulate

CURRENT = tuple(0.5 + n / 100 for n in range(21))


def test_exactly_the_minimum_number_of_reviews_is_fitted():
    reviews = simulate(cards=40, recall_scale=1.0, start=START, seed=5)
    assert len(reviews) == MIN_REVIEWS
    result = fit_parameters(reviews, None, "UTC", 4)
    assert result.reviews_needed == 0
    assert result.fitted_loss is not None and result.current_loss is not None


def test_reviews_all_on_one_day_leave_nothing_to_compare_and_keep_the_parameters():
    same_day = [PastReview(1, START + timedelta(seconds=n), 3) for n in range(MIN_REVIEWS - 1)]
    reviews = same_day + [PastReview(1, START + timedelta(days=3), 3)]  # one later-day review
    result = fit_parameters(reviews, CURRENT, "UTC", 4)
    assert not result.adopted and result.parameters == CURRENT
    assert result.fitted_loss is None and result.current_loss is None
    assert "Not enough history yet" in result.message
