"""The load balancer and easy days: the day they choose inside the fuzz range, and what the
scheduler does with it (previews, button order, fuzz off, replay)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from practice.domain.fuzz import fuzz_range
from practice.domain.load_balance import (
    LOAD_DAYS,
    DayLoad,
    balanced_days,
    easy_day_factors,
)
from practice.domain.scheduling import (
    Memory,
    SchedulerSettings,
    preview,
    replay,
    review,
    study_day,
)

MONDAY = date(2026, 11, 2)
DRAWS = [n / 1000 for n in range(1000)]
FUZZED = SchedulerSettings(fuzz=True)


def load_with(counts: dict[int, int], **options) -> DayLoad:
    due = tuple(counts.get(day, 0) for day in range(LOAD_DAYS))
    return DayLoad(MONDAY, due, **options)


def picks(interval: float, load: DayLoad, minimum: int = 1) -> Counter[int]:
    return Counter(balanced_days(interval, minimum, 36500, draw, load) for draw in DRAWS)


def test_the_chosen_day_is_always_inside_the_fuzz_range():
    rng = random.Random(7)
    for _ in range(400):
        interval = rng.uniform(2.5, 90)
        minimum = rng.randint(1, int(interval))
        load = load_with({day: rng.randint(0, 40) for day in range(LOAD_DAYS)})
        lower, upper = fuzz_range(interval, minimum, 36500)
        chosen = balanced_days(interval, minimum, 36500, rng.random(), load)
        assert chosen is not None and lower <= chosen <= upper


def test_an_empty_day_in_the_range_takes_nearly_every_card():
    lower, upper = fuzz_range(10, 1, 36500)  # 8..12
    counts = {day: 30 for day in range(lower, upper + 1)} | {11: 0}
    chosen = picks(10, load_with(counts))
    assert chosen[11] >= 990


def test_a_lighter_day_wins_over_a_heavier_one():
    counts = {8: 40, 9: 40, 10: 10, 11: 40, 12: 40}
    chosen = picks(10, load_with(counts))
    assert chosen.most_common(1)[0][0] == 10
    assert chosen[10] > 750  # its weight is about 80% of the range's


def test_with_equal_loads_nearer_days_are_more_likely():
    counts = {day: 20 for day in range(8, 13)}
    chosen = picks(10, load_with(counts))
    assert chosen[8] > chosen[10] > chosen[12] > 0


def test_far_intervals_and_an_inactive_load_are_left_to_plain_fuzz():
    assert balanced_days(120, 1, 36500, 0.5, load_with({})) is None
    assert balanced_days(10, 95, 36500, 0.5, load_with({})) is None
    off = load_with({9: 100}, balance=False)
    assert not off.active
    assert balanced_days(10, 1, 36500, 0.5, off) is None


def test_a_weekday_at_zero_percent_is_kept_free():
    # Monday 2 November: days 5..7 from it are Saturday..Monday; Sunday is day 6
    sunday_off = (100, 100, 100, 100, 100, 100, 0)
    for balance in (True, False):
        load = load_with({}, balance=balance, easy_days=sunday_off)
        chosen = picks(6, load)
        lower, upper = fuzz_range(6, 1, 36500)
        assert lower <= 6 <= upper
        assert chosen[6] <= 1, (balance, chosen)
        assert sum(chosen.values()) == len(DRAWS)


def test_without_the_balancer_easy_days_leave_the_other_days_uniform():
    load = load_with({}, balance=False, easy_days=(100, 100, 100, 100, 100, 100, 0))
    chosen = picks(6, load)  # range 4..8 around a Sunday (6)
    others = [chosen[day] for day in (4, 5, 7, 8)]
    assert max(others) - min(others) <= 2


def test_a_reduced_day_stays_open_until_it_holds_its_share():
    # three days at 100% and one at 50%: the reduced day is open while its count is at
    # most half of the others' average
    assert easy_day_factors([100, 100, 100, 50], [10, 10, 10, 4]) == [1.0, 1.0, 1.0, 1.0]
    crowded = easy_day_factors([100, 100, 100, 50], [10, 10, 10, 8])
    assert crowded[3] < 0.001 and crowded[:3] == [1.0, 1.0, 1.0]
    assert easy_day_factors([0, 100], [0, 5])[0] < 0.001


def test_without_fuzz_nothing_is_balanced_and_the_rounded_interval_stays():
    memory = graduate(SchedulerSettings(fuzz=False))
    load = load_with({day: 50 for day in range(LOAD_DAYS)} | {3: 0})
    plain = preview(SchedulerSettings(fuzz=False), memory, memory.due, "s")
    loaded = preview(SchedulerSettings(fuzz=False), memory, memory.due, "s", load)
    assert plain == loaded


def graduate(settings: SchedulerSettings) -> Memory:
    memory, now = Memory(), datetime(2026, 11, 2, 12, tzinfo=UTC)
    while memory.state != 2:
        memory = review(settings, memory, 3, now, f"g:{memory.reps}").memory
        now = memory.due
    return memory


def review_card(days_later: int = 0) -> tuple[Memory, datetime]:
    """A review card some reviews in, and a moment it is due."""
    memory = graduate(FUZZED)
    memory = review(FUZZED, memory, 3, memory.due, "r").memory
    return memory, memory.due + timedelta(days=days_later)


def test_previews_equal_outcomes_and_buttons_keep_their_order_under_load():
    rng = random.Random(3)
    memory, now = review_card()
    for n in range(200):
        load = DayLoad(study_day(now, "UTC", 4), tuple(rng.randint(0, 30) for _ in range(99)))
        shown = preview(FUZZED, memory, now, f"p:{n}", load)
        for rating in (1, 2, 3, 4):
            assert review(FUZZED, memory, rating, now, f"p:{n}", load) == shown[rating]
        hard, good, easy = (shown[r].interval for r in (2, 3, 4))
        assert hard < good < easy


def test_the_balancer_moves_the_due_day_to_the_empty_one():
    memory, now = review_card()
    today = study_day(now, "UTC", 4)
    days = review(FUZZED, memory, 3, now, "m").interval.days
    assert days <= 60
    followed = set()
    for empty in range(days - 3, days + 4):
        counts = tuple(0 if day == empty else 60 for day in range(99))
        if review(FUZZED, memory, 3, now, "m", DayLoad(today, counts)).interval.days == empty:
            followed.add(empty)
    assert len(followed) >= 3, followed


def test_replay_keeps_a_recorded_day_the_rules_allow_and_redraws_one_they_do_not():
    history, memories = [], [Memory()]
    now = datetime(2026, 11, 2, 12, tzinfo=UTC)
    for n in range(6):
        history.append((3, now))
        memories.append(review(FUZZED, memories[-1], 3, now, f"1:2:{n}").memory)
        now = memories[-1].due
    assert replay(FUZZED, history, "1:2") == memories[-1]
    before_last, last_when = memories[-2], history[-1][1]
    # another draw of the same review: a day the rules allow, as a balanced choice would be
    other = next(
        outcome.memory.due
        for seed in (f"other:{n}" for n in range(50))
        if (outcome := review(FUZZED, before_last, 3, last_when, seed)).memory.due
        != memories[-1].due
    )
    earlier = [(rating, when, None) for rating, when in history[:-1]]
    kept = replay(FUZZED, [*earlier, (3, last_when, other)], "1:2")
    assert kept.due == other and kept.stability == memories[-1].stability
    far = memories[-1].due + timedelta(days=400)
    assert replay(FUZZED, [*earlier, (3, last_when, far)], "1:2").due == memories[-1].due
    # without fuzz nothing was balanced: the recorded day is not taken
    plain = SchedulerSettings(fuzz=False)
    unfuzzed = replay(plain, history, "1:2")
    assert replay(plain, [*earlier, (3, last_when, other)], "1:2") == unfuzzed
