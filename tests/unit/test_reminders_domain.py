"""When a digest is due (the learner's hour in their zone, a catch-up window, midnight and
DST), and how it says the work and the dates ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from practice.domain.reminders import (
    UpcomingDate,
    countdown,
    digest_day,
    digest_summary,
    worth_sending,
)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 12, 7, 6, 59), None),  # 07:59 in Berlin: not yet
        (at(2026, 12, 7, 7, 0), date(2026, 12, 7)),  # 08:00: due
        (at(2026, 12, 7, 9, 59), date(2026, 12, 7)),  # 10:59: still catching up
        (at(2026, 12, 7, 10, 0), None),  # 11:00: too late, wait for tomorrow
    ],
)
def test_a_digest_is_due_from_the_local_hour_for_three_hours(moment, expected):
    assert digest_day(moment, "Europe/Berlin", 8) == expected


def test_a_window_that_crosses_midnight_belongs_to_the_day_it_began():
    assert digest_day(at(2026, 12, 8, 0, 30), "UTC", 23) == date(2026, 12, 7)
    assert digest_day(at(2026, 12, 8, 2, 0), "UTC", 23) is None


def test_a_skipped_hour_begins_when_the_clock_jumps():
    # Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00 UTC
    assert digest_day(at(2026, 3, 29, 0, 59), "Europe/Berlin", 2) is None
    assert digest_day(at(2026, 3, 29, 1, 0), "Europe/Berlin", 2) == date(2026, 3, 29)


def test_a_repeated_hour_starts_at_its_first_occurrence_and_gives_one_day():
    # Berlin, 25 October 2026: 02:00-03:00 happens twice (00:00 and 01:00 UTC)
    assert digest_day(at(2026, 10, 24, 23, 59), "Europe/Berlin", 2) is None
    first, second = at(2026, 10, 25, 0, 0), at(2026, 10, 25, 1, 30)
    assert digest_day(first, "Europe/Berlin", 2) == digest_day(second, "Europe/Berlin", 2)


TODAY = date(2026, 12, 7)


def assignment(day: date, done: bool = False) -> UpcomingDate:
    return UpcomingDate(day, "assignment", "Python basics", "from Mona", done)


def test_the_summary_says_the_work_and_the_nearest_date_ahead():
    upcoming = [assignment(date(2026, 12, 14)), assignment(date(2026, 12, 10))]
    assert (
        digest_summary(12, 0, upcoming, TODAY)
        == "12 reviews due, 3 days to your assignment's due date"
    )
    assert digest_summary(1, 5, [], TODAY) == "1 review due, 5 new cards ready"
    assert digest_summary(0, 1, [assignment(TODAY)], TODAY) == (
        "No reviews due, 1 new card ready, your assignment's due date is today"
    )


def test_past_and_finished_dates_are_not_counted_down():
    upcoming = [assignment(date(2026, 12, 1)), assignment(date(2026, 12, 8), done=True)]
    assert digest_summary(2, 0, upcoming, TODAY) == "2 reviews due"
    assert not worth_sending(0, 0, upcoming, TODAY)


def test_a_digest_is_worth_sending_with_work_or_a_date_within_a_week():
    assert worth_sending(1, 0, [], TODAY) and worth_sending(0, 1, [], TODAY)
    assert worth_sending(0, 0, [assignment(date(2026, 12, 14))], TODAY)
    assert not worth_sending(0, 0, [assignment(date(2026, 12, 15))], TODAY)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 12, 7), "today"),
        (date(2026, 12, 8), "tomorrow"),
        (date(2026, 12, 10), "in 3 days"),
        (date(2026, 12, 6), "yesterday"),
        (date(2026, 12, 4), "3 days ago"),
    ],
)
def test_countdowns_in_words(day, words):
    assert countdown(day, TODAY) == words
