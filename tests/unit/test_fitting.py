"""Fitting FSRS parameters: items by study day, too little data, and the adoption rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs.scheduler import DEFAULT_PARAMETERS

from practice.domain.fitting import MIN_REVIEWS, PastReview, fit_parameters, training_items
from tests.helpers.fitting import START, simulate


def test_items_are_made_per_later_study_day():
    day = datetime(2026, 1, 5, 10, tzinfo=UTC)
    reviews = [
        PastReview(1, day, 3),
        PastReview(1, day + timedelta(minutes=10), 3),  # same study day: no item
        PastReview(1, day + timedelta(days=2), 3),
        PastReview(1, day + timedelta(days=9), 1),
    ]
    items = training_items(reviews, "UTC", 4)
    assert [len(item.reviews) for _, item in items] == [3, 4]


def test_too_little_history_keeps_the_parameters_and_says_how_many_more():
    reviews = simulate(cards=10, recall_scale=1.0, start=START, seed=1)
    result = fit_parameters(reviews, None, "UTC", 4)
    assert not result.adopted and result.parameters == tuple(DEFAULT_PARAMETERS)
    assert result.reviews_needed == MIN_REVIEWS - len(reviews)
    assert f"{MIN_REVIEWS - len(reviews)} more needed" in result.message


def test_fitted_parameters_are_adopted_when_they_predict_better():
    reviews = simulate(cards=120, recall_scale=0.75, start=START, seed=2)
    result = fit_parameters(reviews, None, "UTC", 4)
    assert result.adopted and result.fitted_loss <= result.current_loss
    assert len(result.parameters) == 21 and result.parameters != tuple(DEFAULT_PARAMETERS)
    assert "Adopted the fitted parameters" in result.message


def test_fitted_parameters_are_refused_when_recent_reviews_say_otherwise():
    # older reviews from a forgetful period, the newest (held out) from a learner the
    # current, default parameters describe well: fitting on the old data predicts worse
    old = simulate(cards=100, recall_scale=0.55, start=START, seed=3)
    recent = simulate(
        cards=40, recall_scale=1.0, start=START + timedelta(days=400), seed=4, first_card=1000
    )
    result = fit_parameters(old + recent, None, "UTC", 4)
    assert not result.adopted and result.fitted_loss > result.current_loss
    assert result.parameters == tuple(DEFAULT_PARAMETERS)
    assert "Kept your current parameters" in result.message
