"""Elapsed time in study days: one definition for scheduling, predicted recall and fitting,
across midnight, the day-start hour and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.domain.fitting import PastReview, training_items
from practice.domain.recall import forgetting_curve, predicted_recall
from practice.domain.scheduling import (
    Memory,
    SchedulerSettings,
    retrievability,
    review,
    study_day_number,
)
from practice.domain.study_days import day_start, study_days_between

UTC_4 = SchedulerSettings(fuzz=False, time_zone="UTC", day_start_hour=4)


@pytest.mark.parametrize(
    ("earlier", "later", "zone", "hour", "days"),
    [
        # 21:00, then 20:00 the next evening: 23 hours, but one day boundary crossed
        ("2026-03-02T21:00", "2026-03-03T20:00", "UTC", 4, 1),
        # across midnight, before the day start: the same study day
        ("2026-03-02T23:30", "2026-03-03T03:59", "UTC", 4, 0),
        # a minute before and a minute after the day start: the next study day
        ("2026-03-03T03:59", "2026-03-03T04:01", "UTC", 4, 1),
        # the day starts at midnight: across midnight is a new day
        ("2026-03-02T23:59", "2026-03-03T00:01", "UTC", 0, 1),
        # 47 hours but only one boundary
        ("2026-03-02T04:30", "2026-03-04T03:30", "UTC", 4, 1),
        # the learner's own zone: 18:59 UTC is 03:59 in Tokyo, 19:01 is 04:01
        ("2026-03-02T18:59Z", "2026-03-02T19:01Z", "Asia/Tokyo", 4, 1),
        # Berlin springs forward on 29 March: that study day lasts 23 hours and counts one
        ("2026-03-28T04:30+01:00", "2026-03-29T04:30+02:00", "Europe/Berlin", 4, 1),
        ("2026-03-28T04:30+01:00", "2026-03-29T03:30+02:00", "Europe/Berlin", 4, 0),
        # New York falls back on 1 November: a 25-hour study day still counts one
        ("2026-10-31T04:30-04:00", "2026-11-01T04:30-05:00", "America/New_York", 4, 1),
        ("2026-10-31T04:30-04:00", "2026-11-01T03:59-05:00", "America/New_York", 4, 0),
        # never negative
        ("2026-03-05T10:00", "2026-03-02T10:00", "UTC", 4, 0),
    ],
)
def test_elapsed_days_count_study_day_boundaries(earlier, later, zone, hour, days):
    def moment(text: str) -> datetime:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    assert study_days_between(moment(earlier), moment(later), zone, hour) == days


def test_a_day_start_hour_skipped_by_spring_forward_begins_after_the_gap():
    # Berlin's clocks jump from 02:00 to 03:00 on 29 March: a day that starts at 02:00 begins
    # at 03:00 local (01:00 UTC), and a moment just before it still belongs to the day before
    start = day_start(datetime(2026, 3, 29).date(), "Europe/Berlin", 2)
    assert start == datetime(2026, 3, 29, 1, tzinfo=UTC)
    before = start - timedelta(seconds=1)
    assert study_day_number(before, "Europe/Berlin", 2) + 1 == study_day_number(
        start, "Europe/Berlin", 2
    )


def learned_at(moment: datetime, settings: SchedulerSettings = UTC_4) -> Memory:
    """A new card taken through both learning steps with Good from `moment`."""
    memory = review(settings, Memory(), 3, moment, "s:0").memory
    return review(settings, memory, 3, memory.due, "s:1").memory


def test_a_card_learned_at_21_and_reviewed_at_20_the_next_evening_is_one_day_old():
    memory = learned_at(datetime(2026, 3, 2, 21, 0, tzinfo=UTC))
    next_evening = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
    same_night = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    grown = review(UTC_4, memory, 3, next_evening, "s:2")
    unchanged = review(UTC_4, memory, 3, same_night, "s:2")
    # a day old: the long-term formula grows stability; the same study day barely moves it
    assert grown.memory.stability > 2 * memory.stability
    assert unchanged.memory.stability == pytest.approx(memory.stability, rel=0.01)
    assert grown.interval >= timedelta(days=5)


def test_retrievability_counts_study_days():
    memory = learned_at(datetime(2026, 3, 2, 21, 0, tzinfo=UTC))
    assert retrievability(UTC_4, memory, datetime(2026, 3, 3, 3, 59, tzinfo=UTC)) == 1.0
    after_day_start = retrievability(UTC_4, memory, datetime(2026, 3, 3, 4, 1, tzinfo=UTC))
    curve = forgetting_curve(None)
    assert after_day_start == predicted_recall(curve, memory.stability, 1) < 1.0
    # the same moment is a day later for a learner whose day starts at midnight
    at_midnight = SchedulerSettings(fuzz=False, time_zone="UTC", day_start_hour=0)
    assert retrievability(at_midnight, memory, datetime(2026, 3, 3, 0, 30, tzinfo=UTC)) < 1.0


def test_fitting_counts_the_same_study_days():
    evening = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
    reviews = [
        PastReview(1, evening, 3),
        PastReview(1, evening + timedelta(hours=6, minutes=59), 3),  # 03:59: same study day
        PastReview(1, evening + timedelta(hours=23), 3),  # 20:00 the next evening: a day later
    ]
    items = training_items(reviews, "UTC", 4)
    # one item, ending with the one review on a later study day
    assert [(len(item.reviews), item.long_term_review_cnt()) for _, _, item in items] == [(3, 1)]
