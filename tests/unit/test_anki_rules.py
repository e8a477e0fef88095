"""Anki's rules: Hard < Good < Easy, the due study day, learning steps, fuzz ranges and the
floor that keeps fuzz from undoing growth, with the preview equal to the outcome."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from practice.domain.anki_rules import Move, Rules
from practice.domain.fuzz import floor_after, fuzz_range, fuzzed_days, fuzzed_seconds
from practice.domain.scheduling import (
    Memory,
    SchedulerSettings,
    day_start,
    preview,
    review,
    scheduled_days,
    study_day,
)

FUZZ = SchedulerSettings(fuzz=True, time_zone="Europe/Berlin", day_start_hour=4)
NO_FUZZ = SchedulerSettings(fuzz=False, time_zone="Europe/Berlin", day_start_hour=4)
START = datetime(2026, 2, 2, 18, 0, tzinfo=UTC)


def random_cards(settings: SchedulerSettings, count: int, seed: int):
    """Cards at every stage, each with the moment of its next review (early, on time, late)."""
    rng = random.Random(seed)
    for card in range(count):
        memory, now = Memory(), START + timedelta(hours=rng.randrange(0, 500))
        for _ in range(rng.randrange(0, 9)):
            rating = rng.choices((1, 2, 3, 4), (15, 15, 55, 15))[0]
            memory = review(settings, memory, rating, now, f"c{card}:{memory.reps}").memory
            assert memory.due is not None
            now = memory.due + timedelta(hours=rng.randrange(-30, 200))
            now = max(now, memory.last_review + timedelta(minutes=1))
        yield card, memory, now


@pytest.mark.parametrize("settings", [FUZZ, NO_FUZZ], ids=["fuzz on", "fuzz off"])
def test_buttons_strictly_increase_and_show_exactly_what_they_give(settings):
    checked = {"review": 0, "learning": 0}
    for card, memory, now in random_cards(settings, 300, seed=11):
        seed = f"c{card}:{memory.reps}"
        shown = preview(settings, memory, now, seed)
        for rating in (1, 2, 3, 4):
            assert review(settings, memory, rating, now, seed) == shown[rating]
        days = {r: shown[r].interval.days for r in (2, 3, 4)}
        if memory.state == 2 and days[4] == settings.maximum_interval:
            assert days[2] <= days[3] <= days[4]  # capped: Anki gives the maximum to all three
        elif memory.state == 2:
            checked["review"] += 1
            assert 1 <= days[2] < days[3] < days[4]
        elif shown[3].memory.state == 2:  # Good graduates a learning card: Easy beats it
            checked["learning"] += 1
            assert days[3] < days[4]
        else:
            assert shown[4].memory.state == 2 and days[4] >= 1
    assert checked["review"] > 100 and checked["learning"] > 30


def test_a_review_is_due_when_its_study_day_begins():
    settings = NO_FUZZ
    memory = review(settings, Memory(), 4, datetime(2026, 2, 2, 21, 30, tzinfo=UTC), "e").memory
    evening = datetime(2026, 2, 12, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    outcome = review(settings, memory, 3, evening, "g")
    days = outcome.interval.days
    assert outcome.interval == timedelta(days=days) and days > 3
    due_day = study_day(evening, "Europe/Berlin", 4) + timedelta(days=days)
    assert outcome.memory.due == day_start(due_day, "Europe/Berlin", 4)
    assert outcome.memory.due.astimezone(ZoneInfo("Europe/Berlin")).hour == 4
    assert scheduled_days(settings, outcome.memory) == days


def test_learning_steps_follow_anki():
    settings = NO_FUZZ
    now = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
    new = preview(settings, Memory(), now, "n")
    assert [new[r].interval for r in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=5, seconds=30),  # Hard on the first step: the mean of 1m and 10m
        timedelta(minutes=10),
    ]
    assert new[4].memory.state == 2
    second = preview(settings, new[3].memory, new[3].memory.due, "s")
    assert second[2].interval == timedelta(minutes=10)  # Hard repeats a later step
    assert second[3].memory.state == 2
    graduated = second[3].memory
    lapse = review(settings, graduated, 1, graduated.due, "l")
    assert (lapse.memory.state, lapse.memory.lapses, lapse.interval) == (
        3,
        1,
        timedelta(minutes=10),
    )
    relearning = preview(settings, lapse.memory, lapse.memory.due, "r")
    assert relearning[2].interval == timedelta(minutes=15)  # 1.5x a single relearning step
    assert relearning[3].memory.state == 2


def test_a_step_that_runs_past_the_day_start_is_due_when_that_day_begins():
    settings = NO_FUZZ
    late = datetime(2026, 2, 3, 2, 55, tzinfo=UTC)  # 03:55 in Berlin, the day starts at 04:00
    outcome = review(settings, Memory(), 3, late, "x")
    assert outcome.memory.state == 1
    assert outcome.memory.due == datetime(2026, 2, 3, 3, 0, tzinfo=UTC)  # 04:00 Berlin
    assert outcome.interval == timedelta(days=1)


@pytest.mark.parametrize(
    ("interval", "minimum", "maximum", "lower", "middle", "upper"),
    [
        # Anki's own table (rslib scheduler/states/fuzz.rs): draws 0, 0.5 and 0.99
        (1.0, 1, 1000, 1, 1, 1),
        (2.49, 1, 1000, 2, 2, 2),
        (2.5, 1, 1000, 2, 3, 4),
        (7.0, 1, 1000, 5, 7, 9),
        (17.0, 1, 1000, 14, 17, 20),
        (37.0, 1, 1000, 33, 37, 41),
        (2.0, 2, 1000, 2, 2, 2),
        (2.0, 3, 1000, 3, 4, 4),
        (2.0, 3, 3, 3, 3, 3),
        (6.9, 3, 1000, 5, 7, 9),
        (7.1, 3, 1000, 5, 7, 9),
        (19.9, 3, 1000, 17, 20, 23),
        (20.1, 3, 1000, 17, 20, 23),
        (100.0, 101, 1000, 101, 105, 108),
        (100.0, 1, 99, 92, 96, 99),
        (100.0, 97, 103, 97, 100, 103),
    ],
)
def test_fuzz_ranges_and_draws_are_ankis(interval, minimum, maximum, lower, middle, upper):
    assert [fuzzed_days(interval, minimum, maximum, d) for d in (0.0, 0.5, 0.99)] == [
        lower,
        middle,
        upper,
    ]


def test_fuzz_floors_the_draw_and_covers_the_range_evenly():
    lower, upper = fuzz_range(10.0, 1, 36500)
    assert (lower, upper) == (8, 12)
    counts = {day: 0 for day in range(lower, upper + 1)}
    for n in range(5000):
        counts[fuzzed_days(10.0, 1, 36500, n / 5000)] += 1
    assert set(counts.values()) == {1000}  # rounding the draw would favour the middle days
    assert fuzzed_days(2.5, 1, 36500, None) == 3  # no fuzz: halves round up, as in Rust


def test_fuzz_floor_after_the_last_interval():
    assert floor_after(4.591988, 4, 36500) == 5  # grew: more than last time
    assert floor_after(2.7269483, 4, 36500) == 4  # last interval within reach: not below it
    assert floor_after(2.7269483, 5, 36500) == 0  # really shrank: no floor


def test_fuzz_never_gives_a_grown_interval_less_than_the_last_one():
    rules = Rules((60, 600), (600,), 36500, True, 0.0)  # the lowest draw
    # last interval 20 days, FSRS says 21.3 for Good: fuzz alone could give 19
    assert fuzzed_days(21.3, 1, 36500, 0.0) < 20
    move = rules.after(2, 0, 20, 3, (1.0, 15.0, 21.3, 30.0))
    assert move.days == 21
    # and one that barely moved stays at the last interval rather than dropping below it
    assert rules.after(2, 0, 20, 3, (1.0, 15.0, 19.6, 30.0)).days == 20


def test_learning_fuzz_adds_up_to_a_quarter_and_at_most_five_minutes():
    assert fuzzed_seconds(600, None) == 600
    assert [fuzzed_seconds(600, d) for d in (0.0, 0.5, 0.999)] == [600, 675, 749]
    assert fuzzed_seconds(7200, 0.999) == 7499


def test_fuzz_is_fixed_per_card_and_review():
    memory = review(NO_FUZZ, Memory(), 4, START, "e").memory
    later = memory.due + timedelta(days=2)
    dues = {review(FUZZ, memory, 3, later, f"user:1:{card}:1").memory.due for card in range(40)}
    assert len(dues) >= 3  # cards spread
    again = {review(FUZZ, memory, 3, later, "user:1:7:1").memory.due for _ in range(5)}
    assert len(again) == 1  # the same review always draws the same day


def test_stability_and_difficulty_are_kept_as_anki_stores_them():
    memory = review(NO_FUZZ, Memory(), 3, START, "a").memory
    memory = review(NO_FUZZ, memory, 3, memory.due + timedelta(days=3), "b").memory
    assert memory.stability == round(memory.stability, 4)
    assert memory.difficulty == round(memory.difficulty, 3)


def test_with_no_steps_a_short_fsrs_interval_stays_a_short_step():
    intervals = (0.1, 0.3, 2.3, 8.0)  # FSRS's Again, Hard, Good, Easy in days
    rules = Rules((), (), 36500, True, None)
    assert rules.after(0, 0, 0, 1, intervals) == Move(1, 0, seconds=8640)  # 0.1 day
    assert rules.after(0, 0, 0, 3, intervals) == Move(2, days=2)
    assert rules.after(2, 0, 10, 1, intervals) == Move(3, 0, seconds=8640)  # a lapse
    # parameters that switch FSRS's short-term scheduling off: out to review at once
    assert Rules((), (), 36500, False, None).after(0, 0, 0, 1, intervals) == Move(2, days=1)
