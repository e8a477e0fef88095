"""Interval fuzz as Anki applies it (rslib scheduler/states/fuzz.rs), in plain Python.

An interval of 2.5 days or more may move by one day plus 15% of its days between 2.5 and 7,
10% of those between 7 and 20 and 5% of those beyond 20, in either direction. The range is
rounded to whole days and kept inside [minimum, maximum]; when that leaves a single day above
2 and below the maximum, the day after it is allowed too, so that fuzz still spreads cards.
A draw in [0, 1) then picks a day of the range uniformly: lower + floor(draw * days in range).
Without a draw (fuzz off) the interval is rounded and clamped.

Rounding is Rust's: halves away from zero (Python's round() would send 2.5 to 2).
"""

from __future__ import annotations

import math

# (from, to, share): each day of the interval inside [from, to) adds `share` of a day of fuzz.
FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))
UNFUZZED_BELOW = 2.5


def round_half_up(value: float) -> int:
    """Nearest whole number, halves away from zero, as Rust's f32::round then `as u32`
    (which stops at 0)."""
    return max(0, math.floor(value + 0.5))


def fuzz_delta(interval: float) -> float:
    """How many days the interval may move either way (0 below 2.5 days)."""
    if interval < UNFUZZED_BELOW:
        return 0.0
    return 1.0 + sum(
        share * max(0.0, min(interval, end) - start) for start, end, share in FUZZ_RANGES
    )


def fuzz_range(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """The first and last day the fuzzed interval may land on, inside [minimum, maximum]."""
    minimum = min(minimum, maximum)
    interval = min(max(interval, minimum), maximum)
    delta = fuzz_delta(interval)
    lower = min(max(round_half_up(interval - delta), minimum), maximum)
    upper = min(max(round_half_up(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_days(interval: float, minimum: int, maximum: int, draw: float | None) -> int:
    """The interval in whole days: a day of its fuzz range picked by `draw`, or, with no draw,
    the interval rounded and kept inside [minimum, maximum]."""
    if draw is None:
        return min(max(round_half_up(interval), min(minimum, maximum)), maximum)
    lower, upper = fuzz_range(interval, minimum, maximum)
    return math.floor(lower + draw * (1 + upper - lower))


def floor_after(interval: float, previous: int, maximum: int) -> int:
    """The least a passing review may give after an interval of `previous` days, so that fuzz
    never undoes growth: more than `previous` when the interval grew, at least `previous` when
    `previous` is still within reach of the interval's fuzz range, no floor when the interval
    really shrank (a lower retention, new parameters)."""
    if round_half_up(interval) > previous:
        return previous + 1
    if previous <= fuzz_range(interval, 1, maximum)[1]:
        return previous
    return 0


def fuzzed_seconds(seconds: int, draw: float | None) -> int:
    """A learning step with Anki's learning fuzz: up to 25% longer, at most 5 minutes more."""
    spread = min(math.floor(seconds * 0.25), 300)
    if draw is None or spread <= 0:
        return seconds
    return seconds + math.floor(draw * spread)
