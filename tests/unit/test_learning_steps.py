"""Learning steps in minutes, hours and days, with Anki's semantics: a step that ends on a later
study day is due from the start of that day; a step that ends today is due after its wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from practice.domain.scheduling import Memory, SchedulerSettings, interval_label, preview, review

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def steps(*waits: timedelta, zone: str = "UTC", hour: int = 4, **more) -> SchedulerSettings:
    return SchedulerSettings(
        learning_steps=waits, fuzz=False, time_zone=zone, day_start_hour=hour, **more
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_a_one_day_step_learned_in_the_evening_is_due_when_the_next_study_day_starts():
    settings = steps(HOUR, DAY)
    first = review(settings, Memory(), 3, at(2, 21), "s:0")
    assert first.memory.step == 1 and first.memory.due == at(3, 4)  # not 21:00 tomorrow
    assert interval_label(first.interval) == "1d"  # the button names the step


def test_a_two_day_step_is_due_at_the_start_of_the_day_after_next():
    first = review(steps(2 * DAY), Memory(), 1, at(2, 21), "s:0")
    assert first.memory.due == at(4, 4)


def test_a_step_that_ends_within_the_study_day_waits_exactly_that_long():
    settings = steps(HOUR, DAY)
    again = review(settings, Memory(), 1, at(2, 12), "s:0")
    assert again.memory.due == at(2, 13) and again.interval == HOUR
    # Hard on the first step is halfway to the second: 12h30, still before the 04:00 day start
    hard = review(settings, Memory(), 2, at(2, 12), "s:0")
    assert hard.memory.due == at(3, 0, 30)


def test_a_short_step_that_crosses_the_day_start_is_due_when_the_day_starts():
    good = review(steps(MINUTE, 10 * MINUTE), Memory(), 3, at(2, 3, 55), "s:0")
    # Anki shows such a step in days (it reaches past the rollover): due when the day starts
    assert good.memory.due == at(2, 4) and interval_label(good.interval) == "1d"


def test_the_day_start_is_the_users_own_hour_in_their_own_zone():
    # Berlin is UTC+1 in November: 21:00 local is 20:00 UTC, the next day starts 05:00 UTC+1
    settings = steps(DAY, zone="Europe/Berlin", hour=5)
    first = review(settings, Memory(), 1, at(2, 20), "s:0")
    assert first.memory.due == at(3, 4)


def test_hard_on_a_single_day_step_is_at_most_a_day_longer_in_whole_days():
    # py-fsrs alone would wait 1.5 x 3 days = 4.5 days; Anki caps it at 3 + 1 days
    hard = review(steps(3 * DAY), Memory(), 2, at(2, 12), "s:0")
    assert hard.interval == 4 * DAY and hard.memory.due == at(6, 4)
    # one day: 1.5 days, rounded to two whole days
    assert review(steps(DAY), Memory(), 2, at(2, 12), "s:0").interval == 2 * DAY


def test_a_lapse_with_a_one_day_relearning_step_comes_back_at_the_next_day_start():
    settings = steps(10 * MINUTE, relearning_steps=(DAY,))
    memory, now = Memory(), at(2, 12)
    while memory.state != 2:
        memory = review(settings, memory, 3, now, f"s:{memory.reps}").memory
        now = memory.due
    lapse = review(settings, memory, 1, memory.due.replace(hour=20), "lapse")
    assert lapse.memory.state == 3 and lapse.memory.due.hour == 4
    assert lapse.memory.due - memory.due.replace(hour=20) < DAY


def test_buttons_show_exactly_what_day_steps_then_give_with_fuzz_on():
    settings = SchedulerSettings(learning_steps=(HOUR, DAY), fuzz=True, day_start_hour=4)
    for hour in range(24):
        now = at(2, hour)
        shown = preview(settings, Memory(), now, f"seed{hour}")
        for rating, outcome in shown.items():
            assert review(settings, Memory(), rating, now, f"seed{hour}") == outcome


def test_a_hard_wait_of_two_and_a_half_days_rounds_up_to_three_like_anki():
    # halfway between 1 and 4 days; Python's round() would give 2 (to even)
    assert review(steps(DAY, 4 * DAY), Memory(), 2, at(2, 12), "s:0").interval == 3 * DAY
