"""The learner's own figures, pure: study days in the learner's zone, the streak and its
freezes, true retention's denominator, the forecast, mastery, histograms, the time estimate."""

from __future__ import annotations

from datetime import UTC, date, datetime

from practice.domain.scheduling import CardStatus
from practice.domain.study_stats import (
    Review,
    StudyClock,
    activity,
    counted_days,
    due_forecast,
    histogram,
    mastery,
    minutes_estimate,
    retention_by_period,
    streak,
    unfinished_days,
)

BERLIN = StudyClock("Europe/Berlin", 6)  # a late day start: before 06:00 is still yesterday
REVIEW, LEARNING, RELEARNING, NEW = (
    CardStatus.REVIEW,
    CardStatus.LEARNING,
    CardStatus.RELEARNING,
    CardStatus.NEW,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_a_review_before_the_learners_day_start_belongs_to_the_day_before():
    day = date(2026, 7, 10)  # Berlin is UTC+2 in July: 06:00 there is 04:00 UTC
    reviews = [
        Review(at(day, 3, 59), 3, REVIEW),  # 05:59 in Berlin: still 9 July
        Review(at(day, 4, 0), 3, REVIEW),  # 06:00 in Berlin: 10 July
        Review(at(day, 21, 30), 3, LEARNING),  # 23:30 in Berlin: 10 July
        Review(at(day, 23, 30), 3, RELEARNING),  # 01:30 on 11 July in Berlin: still 10 July
    ]
    rows = activity(reviews, BERLIN, date(2026, 7, 11), 3)
    assert [(r.day, r.total) for r in rows] == [
        (date(2026, 7, 9), 1),
        (date(2026, 7, 10), 3),
        (date(2026, 7, 11), 0),
    ]
    tenth = rows[1]
    assert (tenth.learning, tenth.review, tenth.relearn) == (1, 1, 1)


def test_study_days_follow_daylight_saving_time():
    # Berlin moves to UTC+2 on 29 March 2026: the day start is 05:00 UTC before, 04:00 after
    reviews = [
        Review(at(date(2026, 3, 28), 4, 30), 3, REVIEW),
        Review(at(date(2026, 3, 30), 4, 30), 3, REVIEW),
    ]
    rows = activity(reviews, BERLIN, date(2026, 3, 30), 4)
    assert [r.total for r in rows] == [1, 0, 0, 1]  # 27 March (05:30 < 06:00), then 30 March


def test_time_spent_is_summed_per_day():
    day = date(2026, 7, 10)
    reviews = [Review(at(day, 9), 3, REVIEW, 40_000), Review(at(day, 10), 3, REVIEW, None)]
    assert activity(reviews, BERLIN, day, 1)[0].seconds == 40.0


def test_a_day_counts_with_nothing_left_due_or_with_the_goal_reached():
    per_day = {date(2026, 7, 1): 2, date(2026, 7, 2): 2, date(2026, 7, 3): 12, date(2026, 7, 4): 0}
    unfinished = {date(2026, 7, 2), date(2026, 7, 3), date(2026, 7, 4)}
    assert counted_days(per_day, unfinished, goal=10) == {date(2026, 7, 1), date(2026, 7, 3)}


def test_unfinished_days_run_from_the_due_day_to_the_next_review():
    due = at(date(2026, 7, 3), 12)
    reviews = [
        Review(at(date(2026, 7, 1), 12), 3, REVIEW, item_id=1, due_after=due),
        Review(at(date(2026, 7, 5), 12), 3, REVIEW, item_id=1, due_after=at(date(2026, 9, 1), 12)),
        Review(
            at(date(2026, 7, 6), 12), 3, LEARNING, item_id=2, due_after=at(date(2026, 7, 6), 12, 10)
        ),
    ]
    days = unfinished_days(reviews, BERLIN, date(2026, 6, 1), date(2026, 7, 7))
    # item 1 waited on 3 and 4 July; item 2, a learning card left due, is unfinished since 6 July
    assert days == {date(2026, 7, 3), date(2026, 7, 4), date(2026, 7, 6), date(2026, 7, 7)}


def test_one_missed_day_a_week_is_frozen_and_adds_nothing():
    # Monday 6 to Sunday 12 July 2026; Thursday 9 missed
    days = frozenset(date(2026, 7, d) for d in (6, 7, 8, 10, 11, 12))
    result = streak(days, date(2026, 7, 12))
    assert (result.current, result.longest) == (6, 6)
    assert result.frozen == (date(2026, 7, 9),)
    assert result.today_done


def test_a_second_missed_day_in_the_same_week_breaks_the_streak():
    days = frozenset(date(2026, 7, d) for d in (6, 8, 10, 11))  # 7 frozen, 9 breaks it
    result = streak(days, date(2026, 7, 11))
    assert (result.current, result.longest) == (2, 2)
    assert result.frozen == (date(2026, 7, 7),)  # it bridged 6 and 8, a streak of two days
    broken = streak(frozenset({date(2026, 7, 6), date(2026, 7, 10)}), date(2026, 7, 10))
    assert (broken.current, broken.frozen) == (1, ())  # a freeze that bridged nothing is not shown


def test_the_next_week_brings_a_new_freeze():
    days = frozenset(date(2026, 7, d) for d in (8, 10, 11, 12, 14, 15))  # 9 and 13 frozen
    result = streak(days, date(2026, 7, 15))
    assert (result.current, result.frozen) == (6, (date(2026, 7, 9), date(2026, 7, 13)))


def test_today_not_done_yet_does_not_break_the_streak():
    days = frozenset(date(2026, 7, d) for d in (8, 9, 10))
    result = streak(days, date(2026, 7, 11))
    assert (result.current, result.today_done, result.frozen) == (3, False, ())


def test_two_missed_days_end_the_current_streak_but_keep_the_longest():
    days = frozenset(date(2026, 7, d) for d in (6, 7, 8))
    result = streak(days, date(2026, 7, 12))  # 9 frozen, 10 and 11 missed
    assert (result.current, result.longest) == (0, 3)
    assert streak(frozenset(), date(2026, 7, 12)).current == 0


def test_true_retention_counts_only_review_cards_and_again_as_failed():
    day = date(2026, 7, 10)
    reviews = [
        Review(at(day, 9), 1, REVIEW),
        Review(at(day, 9), 2, REVIEW),
        Review(at(day, 9), 3, REVIEW),
        Review(at(day, 9), 4, REVIEW),
        Review(at(day, 9), 1, LEARNING),  # learning steps are not in the denominator
        Review(at(day, 9), 3, NEW),
        Review(at(day, 9), 1, RELEARNING),
    ]
    (row,) = retention_by_period(reviews, BERLIN, day, 7, "day")
    assert (row.passed, row.total, row.share) == (3, 4, 0.75)
    (week,) = retention_by_period(reviews, BERLIN, day, 7, "week")
    assert week.label == "2026-W28"
    assert retention_by_period([], BERLIN, day, 7, "month") == []


def test_due_forecast_puts_overdue_cards_on_today_and_keeps_to_thirty_days():
    today = date(2026, 7, 10)
    dues = [
        at(date(2026, 7, 1), 12),
        at(today, 12),
        at(date(2026, 7, 12), 3),
        at(date(2026, 9, 1), 12),
    ]
    forecast = due_forecast(dues, BERLIN, today)
    assert len(forecast) == 30 and forecast[0] == (today, 2)
    assert dict(forecast)[date(2026, 7, 11)] == 1  # 05:00 Berlin on the 12th is still the 11th
    assert sum(count for _, count in forecast) == 3


def test_mastery_buckets():
    assert mastery(NEW, None) == "new"
    assert mastery(LEARNING, 2.0) == "learning"
    assert mastery(RELEARNING, 30.0) == "learning"
    assert mastery(REVIEW, 20.9) == "young"
    assert mastery(REVIEW, 21.0) == "mature"


def test_histogram_bins_include_their_low_edge_and_the_last_takes_the_rest():
    bins = histogram([0, 0.5, 1, 6.9, 7, 400], (0, 1, 7), "d")
    assert [(b.label, b.count) for b in bins] == [("0-1d", 2), ("1-7d", 2), ("7d+", 2)]


def test_minutes_estimate_uses_the_median_or_the_stated_fallback():
    few = minutes_estimate([10_000] * 19, 10)
    assert (few.from_own_reviews, few.seconds_per_card, few.minutes) == (False, 30.0, 5)
    own = minutes_estimate([10_000] * 15 + [60_000] * 5 + [0, 0], 7)
    assert (own.from_own_reviews, own.seconds_per_card, own.minutes) == (True, 10.0, 2)
    assert minutes_estimate([], 0).minutes == 0
