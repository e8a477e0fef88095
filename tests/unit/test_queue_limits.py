"""The queue's daily limits as Anki applies them, the learn-ahead horizon and the words of the
countdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.domain.countdown import clock_label, wait_label
from practice.domain.queue import Allowance, daily_allowance, learn_ahead_until, shown_from


@pytest.mark.parametrize(
    ("limits", "done", "due", "allowed"),
    [
        # (new a day, reviews a day, extra new), (new today, reviews today), due -> allowed
        ((20, 200, 0), (0, 0), 50, Allowance(50, 20, 0)),
        ((20, 100, 0), (0, 0), 90, Allowance(90, 10, 0)),  # new get what reviews leave
        ((20, 100, 0), (0, 0), 150, Allowance(100, 0, 50)),  # capped: no new at all
        ((20, 100, 0), (15, 80), 10, Allowance(5, 0, 5)),  # new studied count as reviews
        ((20, 100, 10), (15, 85), 0, Allowance(0, 10, 0)),  # extra new pass the maximum
        ((20, 100, 10), (20, 85), 0, Allowance(0, 5, 0)),  # ... 5 of them used since
        ((20, 0, 0), (0, 0), 3, Allowance(0, 0, 3)),
    ],
)
def test_daily_allowance_follows_anki(limits, done, due, allowed):
    assert daily_allowance(*limits, *done, due) == allowed


def test_learn_ahead_reaches_minutes_ahead_but_not_into_the_next_study_day():
    noon = datetime(2026, 11, 2, 12, tzinfo=UTC)
    assert learn_ahead_until(noon, 20, "UTC", 4) == noon + timedelta(minutes=20)
    late = datetime(2026, 11, 3, 3, 50, tzinfo=UTC)
    assert learn_ahead_until(late, 20, "UTC", 4) < datetime(2026, 11, 3, 4, tzinfo=UTC)
    assert learn_ahead_until(late, 20, "UTC", 4) > datetime(2026, 11, 3, 3, 59, tzinfo=UTC)


def test_a_learning_card_is_shown_from_learn_ahead_minutes_before_it_is_due():
    due = datetime(2026, 11, 2, 12, 30, tzinfo=UTC)
    assert shown_from(due, 20, "UTC", 4) == datetime(2026, 11, 2, 12, 10, tzinfo=UTC)
    early = datetime(2026, 11, 3, 4, 10, tzinfo=UTC)  # just after the day starts
    assert shown_from(early, 20, "UTC", 4) == datetime(2026, 11, 3, 4, tzinfo=UTC)


def test_the_countdown_in_words():
    now = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    assert clock_label(now + timedelta(minutes=30), now, "UTC") == "at 23:30"
    assert clock_label(now + timedelta(hours=5), now, "UTC") == "tomorrow at 04:00"
    assert clock_label(now + timedelta(days=3), now, "UTC") == "on 2026-11-05 at 23:00"
    # in Berlin (UTC+1) 23:00 UTC is already midnight: half an hour later is the same date
    assert clock_label(now + timedelta(minutes=30), now, "Europe/Berlin") == "at 00:30"
    assert clock_label(now, now - timedelta(minutes=20), "Europe/Berlin") == "tomorrow at 00:00"
    assert wait_label(30) == "in less than a minute"
    assert wait_label(60) == "in 1 minute"
    assert wait_label(3 * 3600 + 65) == "in 3 hours 1 minute"
    assert wait_label(7200) == "in 2 hours"
