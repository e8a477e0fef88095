"""Leech detection with Anki's rule: at the threshold, then every half threshold rounded up."""

from __future__ import annotations

import pytest

from practice.domain.leeches import leeched, threshold_met


@pytest.mark.parametrize(
    ("threshold", "leech_at"),
    [
        (8, [8, 12, 16, 20]),
        (3, list(range(3, 21, 2))),  # half of 3 rounds up to 2
        (7, [7, 11, 15, 19]),
        (1, list(range(1, 21))),
    ],
)
def test_a_card_is_a_leech_at_the_threshold_and_every_half_threshold_after(threshold, leech_at):
    assert [n for n in range(21) if threshold_met(n, threshold)] == leech_at


def test_only_the_review_that_adds_the_lapse_makes_a_leech():
    assert leeched(7, 8, 8)
    assert not leeched(8, 8, 8)  # a pass at 8 lapses is not a new lapse
    assert not leeched(8, 9, 8)
