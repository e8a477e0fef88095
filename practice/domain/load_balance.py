"""Choosing the due day inside the fuzz range: Anki's load balancer and easy days
(rslib scheduler/states/load_balancer.rs, Anki 24.11 and later), in plain Python.

Without balancing, fuzz picks a day of its range uniformly with the review's draw. With the
load balancer on, each day of the range gets a weight and the same draw picks a day in
proportion to the weights:

- a day with no cards due yet weighs 1; a day with n cards due weighs (1/n)^2.15 times
  (1/days)^3, so emptier days win, and nearer days win ties (without the interval term the
  balancer drifts toward later days);
- easy days multiply that weight: a weekday at 100% keeps it, one at 0% all but removes it
  (a tiny weight, so that a range made only of such days still works), and one in between
  stays open only while its share of the range's cards is below its percentage's share of
  the range's percentages (Anki treats every such day as 50%; here its own percentage counts).

Unlike Anki, the easy-day factor applies to empty days too, so a 0% Sunday stays free of
reviews even in a young collection. Far intervals (over 90 days) are not balanced, and with
fuzz off (no draw) nothing is: the day is then exactly the rounded interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from practice.domain.fuzz import fuzz_range

BALANCED_UP_TO = 90  # days: intervals beyond this are spread by plain fuzz
LOAD_DAYS = 99  # days ahead whose due counts the balancer reads (the range reaches past 90)
LEAST_WEIGHT = 0.0001  # a day kept out: non-zero, so that a range of such days still works
COUNT_POWER = 2.15
INTERVAL_POWER = 3
NORMAL_DAYS = (100, 100, 100, 100, 100, 100, 100)  # easy days off: every weekday at 100%


@dataclass(frozen=True)
class DayLoad:
    """What the day choice knows about the coming study days.

    Attributes:
        today: the study day the review happens on.
        due: cards already due on each study day from today (index 0) onwards.
        balance: the load balancer is on.
        easy_days: review percentages per weekday, Monday first (0..100).
    """

    today: date
    due: tuple[int, ...] = ()
    balance: bool = True
    easy_days: tuple[int, ...] = NORMAL_DAYS

    @property
    def active(self) -> bool:
        """Whether the choice differs from plain fuzz at all."""
        return self.balance or any(percent != 100 for percent in self.easy_days)

    def due_on(self, days: int) -> int:
        """Cards already due `days` study days from today."""
        return self.due[days] if 0 <= days < len(self.due) else 0

    def weekday(self, days: int) -> int:
        """The weekday (0 = Monday) of the study day `days` from today."""
        return (self.today + timedelta(days=days)).weekday()


def easy_day_factors(percents: list[int], counts: list[int]) -> list[float]:
    """Each day's easy-day factor: 1 (open) or LEAST_WEIGHT (kept out), for days with these
    review percentages and these counts of cards already due."""
    shares = [max(percent, 0) / 100 for percent in percents]
    weights = [share if share > 0 else LEAST_WEIGHT for share in shares]
    total_share = sum(weights)
    total_count = sum(counts)
    factors = []
    for share, weight, count in zip(shares, weights, counts, strict=True):
        if share >= 1:
            factors.append(1.0)
        elif share <= 0:
            factors.append(LEAST_WEIGHT)
        else:
            other_share = total_share - weight
            other_count = total_count - count
            crowded = other_share > 0 and count / share > other_count / other_share
            factors.append(LEAST_WEIGHT if crowded else 1.0)
    return factors


def day_weights(days: list[int], load: DayLoad) -> list[float]:
    """The weight of each candidate interval (in days from today) under `load`."""
    counts = [load.due_on(day) for day in days]
    percents = [load.easy_days[load.weekday(day)] for day in days]
    easy = easy_day_factors(percents, counts)
    weights = []
    for day, count, factor in zip(days, counts, easy, strict=True):
        if not load.balance or count == 0:
            weight = 1.0
        else:
            weight = (1 / count) ** COUNT_POWER * (1 / day) ** INTERVAL_POWER
        weights.append(weight * factor)
    return weights


def weighted_pick(choices: list[int], weights: list[float], draw: float) -> int:
    """The choice whose share of the total weight holds `draw` (in [0, 1))."""
    threshold = draw * sum(weights)
    running = 0.0
    for choice, weight in zip(choices, weights, strict=True):
        running += weight
        if threshold < running:
            return choice
    return choices[-1]


def balanced_days(
    interval: float, minimum: int, maximum: int, draw: float, load: DayLoad
) -> int | None:
    """The day of the fuzz range the load balancer and easy days choose for `interval`, or
    None when they do not apply (interval or minimum past BALANCED_UP_TO, or nothing to
    balance), leaving plain fuzz to choose."""
    if not load.active or int(interval) > BALANCED_UP_TO or minimum > BALANCED_UP_TO:
        return None
    lower, upper = fuzz_range(interval, minimum, maximum)
    days = list(range(lower, upper + 1))
    return weighted_pick(days, day_weights(days, load), draw)
