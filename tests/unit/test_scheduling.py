"""FSRS wrapper: outcomes, preview equals outcome with fuzz, retrievability, study days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.domain.queue import NewCandidate, new_cards_allowed, order_new
from practice.domain.scheduling import (
    NEW,
    Memory,
    SchedulerSettings,
    interval_label,
    next_study_day_start,
    preview,
    retrievability,
    review,
    study_day_start,
)

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
NO_FUZZ = SchedulerSettings(fuzz=False)


def graduate(settings: SchedulerSettings, seed: str = "s") -> Memory:
    """A card taken through its learning steps with Good, reviewed when due."""
    memory, now = Memory(), NOON
    while memory.state != 2:
        memory = review(settings, memory, 3, now, f"{seed}:{memory.reps}").memory
        now = memory.due
    return memory


def test_new_card_good_goes_to_the_second_learning_step():
    outcome = review(NO_FUZZ, Memory(), 3, NOON, "x")
    assert outcome.memory.state == 1 and outcome.memory.step == 1
    assert outcome.interval == timedelta(minutes=10)
    assert outcome.memory.reps == 1 and outcome.memory.last_review == NOON


def test_again_on_a_review_card_is_a_lapse_into_relearning():
    memory = graduate(NO_FUZZ)
    outcome = review(NO_FUZZ, memory, 1, memory.due, "lapse")
    assert outcome.memory.state == 3 and outcome.memory.lapses == 1
    assert outcome.interval == timedelta(minutes=10)
    assert outcome.memory.stability < memory.stability


def test_scheduling_without_fuzz_is_reproducible_and_easy_beats_good():
    memory = graduate(NO_FUZZ)
    first = preview(NO_FUZZ, memory, memory.due, "a")
    second = preview(NO_FUZZ, memory, memory.due, "b")
    assert first == second  # no fuzz: the seed does not matter
    assert first[1].interval < first[2].interval < first[3].interval < first[4].interval


def test_preview_equals_outcome_with_fuzz_on_for_many_cards():
    fuzzed = SchedulerSettings(fuzz=True)
    differs_from_unfuzzed = 0
    for n in range(60):
        memory = graduate(fuzzed, seed=f"card{n}")
        now = memory.due + timedelta(days=n % 7)
        seed = f"user:1:item:{n}:rep:{memory.reps}"
        shown = preview(fuzzed, memory, now, seed)
        for rating in (1, 2, 3, 4):
            assert review(fuzzed, memory, rating, now, seed) == shown[rating]
        plain = review(NO_FUZZ, memory, 3, now, seed)
        differs_from_unfuzzed += shown[3].memory.due != plain.memory.due
    assert differs_from_unfuzzed > 10  # fuzz really is applied


def test_fuzz_differs_between_cards_and_reviews():
    fuzzed = SchedulerSettings(fuzz=True)
    memory = graduate(NO_FUZZ)
    memory = review(NO_FUZZ, memory, 3, memory.due, "r").memory
    dues = {review(fuzzed, memory, 3, memory.due, f"seed{n}").memory.due for n in range(30)}
    assert len(dues) > 2


def test_retrievability_now_and_later():
    memory = graduate(NO_FUZZ)
    at_review = retrievability(NO_FUZZ, memory, memory.last_review)
    at_due = retrievability(NO_FUZZ, memory, memory.due)
    later = retrievability(NO_FUZZ, memory, memory.due + timedelta(days=30))
    assert at_review == pytest.approx(1.0)
    assert at_due == pytest.approx(0.9, abs=0.03)
    assert later < at_due
    assert retrievability(NO_FUZZ, Memory(), NOON) == 0.0


def test_higher_desired_retention_gives_shorter_intervals():
    memory = graduate(NO_FUZZ)
    strict = SchedulerSettings(desired_retention=0.97, fuzz=False)
    relaxed = SchedulerSettings(desired_retention=0.8, fuzz=False)
    assert (
        review(strict, memory, 3, memory.due, "s").interval
        < review(relaxed, memory, 3, memory.due, "s").interval
    )


def test_naive_times_and_bad_ratings_are_refused():
    with pytest.raises(ValueError, match="aware"):
        review(NO_FUZZ, Memory(), 3, datetime(2026, 1, 1), "x")
    with pytest.raises(ValueError, match="rating"):
        review(NO_FUZZ, Memory(), 5, NOON, "x")


def test_memory_round_trips_through_json():
    memory = graduate(NO_FUZZ)
    assert Memory.from_dict(memory.as_dict()) == memory
    assert Memory().state == NEW and Memory().is_new


@pytest.mark.parametrize(
    ("now", "zone", "hour", "start", "next_start"),
    [
        # Tokyo learner, day starts 04:00 local (19:00 UTC the day before)
        (
            datetime(2026, 11, 2, 18, 59, tzinfo=UTC),
            "Asia/Tokyo",
            4,
            datetime(2026, 11, 1, 19, tzinfo=UTC),
            datetime(2026, 11, 2, 19, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 2, 19, 0, tzinfo=UTC),
            "Asia/Tokyo",
            4,
            datetime(2026, 11, 2, 19, tzinfo=UTC),
            datetime(2026, 11, 3, 19, tzinfo=UTC),
        ),
        # Berlin, spring forward on 2026-03-29: that study day lasts 23 hours
        (
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            "Europe/Berlin",
            4,
            datetime(2026, 3, 28, 3, tzinfo=UTC),
            datetime(2026, 3, 29, 2, tzinfo=UTC),
        ),
        # New York, fall back on 2026-11-01: that study day lasts 25 hours
        (
            datetime(2026, 11, 1, 7, 0, tzinfo=UTC),
            "America/New_York",
            4,
            datetime(2026, 10, 31, 8, tzinfo=UTC),
            datetime(2026, 11, 1, 9, tzinfo=UTC),
        ),
    ],
)
def test_study_day_follows_the_users_hour_and_zone_across_dst(now, zone, hour, start, next_start):
    assert study_day_start(now, zone, hour) == start
    assert next_study_day_start(now, zone, hour) == next_start


def test_interval_labels():
    assert [interval_label(timedelta(seconds=s)) for s in (30, 600, 7200, 3 * 86400)] == [
        "1m",
        "10m",
        "2h",
        "3d",
    ]
    assert interval_label(timedelta(days=75)) == "2.5mo"
    assert interval_label(timedelta(days=500)) == "1.4y"


def test_new_cards_come_easy_first_by_level_with_topics_interleaved():
    cards = [
        NewCandidate(1, "senior", 6, "databases"),
        NewCandidate(2, "junior", 3, "databases"),
        NewCandidate(3, "junior", 1, "databases"),
        NewCandidate(4, "junior", 2, "databases"),
        NewCandidate(5, "junior", 2, "testing"),
        NewCandidate(6, "mid", 4, "caching"),
        NewCandidate(7, "junior", 4, "caching", priority=-1),
    ]
    ordered = [c.item_id for c in order_new(cards, limit=10)]
    assert ordered[0] == 7  # assignment/path priority first
    assert ordered[1:] == [3, 5, 4, 2, 6, 1]  # no two databases cards in a row while avoidable
    assert [c.item_id for c in order_new(cards, limit=3)] == [7, 3, 5]


def test_new_cards_allowed_today():
    assert new_cards_allowed(20, 5) == 15
    assert new_cards_allowed(20, 25) == 0
    assert new_cards_allowed(20, 20, extra_today=10) == 10
