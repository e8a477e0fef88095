"""Fitting at its edges: the threshold (400 reviews is not enough, 401 is), the training
settings passed to fsrs-rs, and reviews that leave nothing on later days to compare on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs_rs_python import FSRS as RealFSRS

from practice.domain import fitting
from practice.domain.fitting import MIN_REVIEWS, Outcome, PastReview, fit_parameters
from tests.helpers.fitting import START, history_of, simulate

CURRENT = tuple(0.5 + n / 100 for n in range(21))


def four_hundred():
    reviews = simulate(cards=40, recall_scale=1.0, start=START, seed=5)
    assert len(reviews) == MIN_REVIEWS == 400
    return reviews


def test_four_hundred_reviews_are_not_fitted():
    result = fit_parameters(four_hundred(), CURRENT, "UTC", 4)
    assert result.outcome is Outcome.TOO_FEW and result.parameters == CURRENT
    assert result.reviews_needed == 1 and "400 reviews, 1 more needed" in result.message


def test_four_hundred_and_one_reviews_are_fitted_and_compared():
    reviews = four_hundred()
    last = reviews[-1]
    reviews.append(PastReview(last.card, last.reviewed_at + timedelta(days=30), 3))
    result = fit_parameters(reviews, None, "UTC", 4)
    assert result.outcome in (Outcome.ADOPTED, Outcome.KEPT) and result.reviews == 401
    assert result.fitted_loss is not None and result.current_loss is not None
    assert result.held_out > 0 and result.reviews_needed == 0


class Recorder:
    """Stands in for fsrs_rs_python.FSRS to see what training is given (then trains for real)."""

    calls: list[dict] = []

    def __init__(self, parameters):
        self.real = RealFSRS(parameters)

    def compute_parameters(self, items, **options):
        Recorder.calls.append({"items": items, **options})
        return self.real.compute_parameters(items, **options)

    def evaluate(self, items):
        return self.real.evaluate(items)


def test_training_gets_card_ids_eight_epochs_and_the_relearning_step_count(monkeypatch):
    monkeypatch.setattr(fitting, "FSRS", Recorder)
    Recorder.calls = []
    reviews = simulate(cards=50, recall_scale=0.8, start=START, seed=7)
    result = fit_parameters(reviews, None, "UTC", 4, relearning_steps=2)
    (call,) = Recorder.calls
    expected = fitting.training_items(reviews, "UTC", 4)[: result.trained]
    assert call["card_ids"] == [entry.card for entry in expected]
    assert [history_of(item) for item in call["items"]] == [
        history_of(entry.item) for entry in expected
    ]
    assert call["training_config"].num_epochs == 8 and call["num_relearning_steps"] == 2


def test_reviews_all_on_one_day_leave_nothing_to_compare_and_keep_the_parameters():
    same_day = [PastReview(1, START + timedelta(seconds=n), 3) for n in range(MIN_REVIEWS)]
    reviews = same_day + [PastReview(1, START + timedelta(days=3), 3)]  # one later-day review
    result = fit_parameters(reviews, CURRENT, "UTC", 4)
    assert result.outcome is Outcome.NOTHING_TO_COMPARE and result.parameters == CURRENT
    assert result.fitted_loss is None and result.current_loss is None
    assert "Not enough history to compare" in result.message


def test_parameters_fsrs_rs_refuses_keep_the_current_ones(monkeypatch):
    class Refusing(Recorder):
        def compute_parameters(self, items, **options):
            raise ValueError("InvalidInput")

    monkeypatch.setattr(fitting, "FSRS", Refusing)
    result = fit_parameters(simulate(50, 0.8, START, 8), CURRENT, "UTC", 4)
    assert result.outcome is Outcome.FAILED and result.parameters == CURRENT
    assert "no usable parameters" in result.message


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_loss_that_is_not_a_number_keeps_the_current_parameters(monkeypatch, bad):
    class Broken(Recorder):
        def evaluate(self, items):
            return type("Evaluation", (), {"log_loss": bad})()

    monkeypatch.setattr(fitting, "FSRS", Broken)
    result = fit_parameters(simulate(50, 0.8, START, 8), CURRENT, "UTC", 4)
    assert result.outcome is Outcome.FAILED and result.parameters == CURRENT
