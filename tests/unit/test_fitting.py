"""Fitting FSRS parameters: items by study day and by card, too little data, the adoption rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS

from practice.domain.fitting import (
    HOLDOUT_SHARE,
    MIN_REVIEWS,
    Outcome,
    PastReview,
    adopts,
    fit_parameters,
    training_items,
)
from tests.helpers.fitting import START, history_of, simulate


def test_items_are_made_per_later_study_day():
    day = datetime(2026, 1, 5, 10, tzinfo=UTC)
    reviews = [
        PastReview(1, day, 3),
        PastReview(1, day + timedelta(minutes=10), 3),  # same study day: no item
        PastReview(1, day + timedelta(days=2), 3),
        PastReview(1, day + timedelta(days=9), 1),
    ]
    items = training_items(reviews, "UTC", 4)
    assert [len(entry.item.reviews) for entry in items] == [3, 4]


def test_each_item_holds_one_cards_reviews_and_carries_its_card_id():
    # two cards reviewed on the same days, interleaved: their histories stay apart
    day = datetime(2026, 1, 5, 10, tzinfo=UTC)
    reviews = [
        PastReview(7, day, 1),
        PastReview(9, day + timedelta(minutes=1), 4),
        PastReview(7, day + timedelta(days=1), 3),
        PastReview(9, day + timedelta(days=3, minutes=1), 3),
        PastReview(7, day + timedelta(days=4), 2),
    ]
    items = training_items(reviews, "UTC", 4)
    assert [entry.card for entry in items] == [7, 9, 7]
    histories = [history_of(entry.item) for entry in items]
    assert histories == [
        [(1, 0), (3, 1)],
        [(4, 0), (3, 3)],
        [(1, 0), (3, 1), (2, 3)],
    ]


def test_a_rating_outside_one_to_four_is_refused_with_its_card_and_time():
    reviews = [PastReview(3, START, 3), PastReview(3, START + timedelta(days=2), 5)]
    with pytest.raises(ValueError, match=r"card 3: rating 5 at 2025-01-08T09:00:00\+00:00"):
        training_items(reviews, "UTC", 4)


def test_too_little_history_keeps_the_parameters_and_says_how_many_more():
    reviews = simulate(cards=10, recall_scale=1.0, start=START, seed=1)
    result = fit_parameters(reviews, None, "UTC", 4)
    assert result.outcome is Outcome.TOO_FEW and result.parameters == tuple(DEFAULT_PARAMETERS)
    assert result.reviews_needed == MIN_REVIEWS + 1 - len(reviews) == 301
    assert "100 reviews, 301 more needed" in result.message
    assert result.current_loss is None and result.fitted_loss is None


def test_fitted_parameters_are_adopted_when_they_predict_better():
    reviews = simulate(cards=120, recall_scale=0.75, start=START, seed=2)
    result = fit_parameters(reviews, None, "UTC", 4)
    assert result.adopted and result.fitted_loss <= result.current_loss
    assert len(result.parameters) == 21 and result.parameters != tuple(DEFAULT_PARAMETERS)
    assert result.parameters == result.fitted
    assert result.message.startswith("Adopted the fitted parameters")


def test_fitted_parameters_are_refused_when_recent_reviews_say_otherwise():
    # older reviews from a forgetful period, the newest (held out) from a learner the
    # current, default parameters describe well: fitting on the old data predicts worse
    old = simulate(cards=100, recall_scale=0.55, start=START, seed=3)
    recent = simulate(
        cards=40, recall_scale=1.0, start=START + timedelta(days=400), seed=4, first_card=1000
    )
    result = fit_parameters(old + recent, None, "UTC", 4)
    assert result.outcome is Outcome.KEPT and result.fitted_loss > result.current_loss
    assert result.parameters == tuple(DEFAULT_PARAMETERS) != result.fitted
    assert result.message.startswith("Kept your current parameters")


def test_the_losses_reported_are_both_parameter_sets_on_the_newest_fifth_of_the_items():
    reviews = simulate(cards=60, recall_scale=0.8, start=START, seed=6)
    result = fit_parameters(reviews, None, "UTC", 4)
    items = [entry.item for entry in training_items(reviews, "UTC", 4)]
    held_out = items[int(len(items) * (1 - HOLDOUT_SHARE)) :]
    assert result.held_out == len(held_out) and result.trained == len(items) - len(held_out)
    assert result.current_loss == FSRS(list(DEFAULT_PARAMETERS)).evaluate(held_out).log_loss
    assert result.fitted_loss == FSRS(list(result.fitted)).evaluate(held_out).log_loss
    assert f"{result.fitted_loss:.4f}" in result.message
    assert f"{result.current_loss:.4f}" in result.message


@pytest.mark.parametrize(
    ("current", "fitted", "adopted"),
    [(0.50, 0.49, True), (0.50, 0.50, True), (0.50, 0.5000001, False), (0.3, 0.7, False)],
)
def test_the_adoption_rule_takes_fitted_parameters_that_predict_no_worse(current, fitted, adopted):
    assert adopts(current, fitted) is adopted
