"""What a fit is shown as: when the next fit is worth running, the stored record, the clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from practice.domain.fit_outcome import (
    FitRecord,
    FitResult,
    Outcome,
    local_clock,
    next_fit_line,
    reviews_before_next_fit,
)

PARAMETERS = tuple(float(n) for n in range(21))
AT = datetime(2026, 7, 1, 16, 5, tzinfo=UTC)


def fitted(reviews: int, outcome: Outcome = Outcome.ADOPTED) -> FitResult:
    return FitResult(outcome, PARAMETERS, reviews, 0.51, 0.49, PARAMETERS, 300, 75)


def test_before_any_fit_the_next_is_worth_it_past_four_hundred_reviews():
    assert reviews_before_next_fit(None, 0) == 401
    assert reviews_before_next_fit(None, 400) == 1
    assert reviews_before_next_fit(None, 401) == 0
    too_few = FitResult(Outcome.TOO_FEW, PARAMETERS, 120)
    assert reviews_before_next_fit(too_few, 150) == 251


@pytest.mark.parametrize("outcome", [Outcome.ADOPTED, Outcome.KEPT, Outcome.NOTHING_TO_COMPARE])
def test_after_a_fit_the_next_waits_until_a_fifth_of_the_reviews_are_new(outcome):
    # 800 reviews used: at 1,000 the newest fifth (what the next fit holds out) is all new
    assert fitted(800, outcome).next_fit_at == 1000
    assert reviews_before_next_fit(fitted(800, outcome), 990) == 10
    assert reviews_before_next_fit(fitted(800, outcome), 1000) == 0
    assert fitted(401, outcome).next_fit_at == 502  # 401 / 0.8 = 501.25, rounded up


def test_the_next_fit_line_counts_down_then_says_it_is_worth_running():
    assert next_fit_line(fitted(800), 999) == "1 more review before the next fit is worth running."
    assert next_fit_line(None, 1) == "400 more reviews before the next fit is worth running."
    assert next_fit_line(fitted(800), 1200) == "A new fit is worth running now (1200 reviews)."


def test_a_record_reads_back_what_was_stored():
    record = FitRecord(fitted(800, Outcome.KEPT), AT)
    back = FitRecord.from_dict(record.as_dict(), PARAMETERS)
    assert back == record


@pytest.mark.parametrize(
    "change",
    [
        {"outcome": "improved"},
        {"fitted_at": "2026-07-01T16:05:00"},  # no zone: not ours
        {"fitted_at": "yesterday"},
        {"current_loss": "0.5"},
        {"fitted_loss": float("nan")},
        {"fitted_loss": None},  # a compared outcome needs both losses
        {"reviews": None},
        {"fitted": [1.0, "x"]},
    ],
)
def test_a_record_that_cannot_be_read_counts_as_no_fit(change):
    stored = FitRecord(fitted(800), AT).as_dict() | change
    assert FitRecord.from_dict(stored) is None


@pytest.mark.parametrize("stored", [None, [], "adopted", {}, {"outcome": "adopted"}])
def test_no_record_or_a_broken_one_is_no_fit(stored):
    assert FitRecord.from_dict(stored) is None


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "2026-07-01 16:05 UTC"),
        ("Europe/Berlin", "2026-07-01 18:05 CEST"),
        ("America/New_York", "2026-07-01 12:05 EDT"),
        ("Asia/Tokyo", "2026-07-02 01:05 JST"),
    ],
)
def test_the_fit_time_is_shown_on_the_users_clock(zone, shown):
    assert local_clock(AT, zone) == shown
