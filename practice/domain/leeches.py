"""Leeches as Anki finds them: a card forgotten `threshold` times, and again every half
threshold (rounded up) after that, is a leech; its owner chooses to mark it, or mark and
suspend it."""

from __future__ import annotations

import math

TAG, SUSPEND = "tag", "suspend"
LEECH_ACTIONS = (TAG, SUSPEND)


def threshold_met(lapses: int, threshold: int) -> bool:
    """At the threshold, and every half threshold after it (5 lapses -> 5, 8, 11, ...)."""
    if threshold <= 0 or lapses < threshold:
        return False
    half = max(1, math.ceil(threshold / 2))
    return (lapses - threshold) % half == 0


def leeched(lapses_before: int, lapses_after: int, threshold: int) -> bool:
    """Whether this review's lapse makes the card a leech (again)."""
    return lapses_after > lapses_before and threshold_met(lapses_after, threshold)
