"""Learning steps as a learner types them: minutes, hours and days, and why a step is refused."""

from __future__ import annotations

import pytest

from practice.domain.steps import StepsError, format_steps, parse_steps


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h 1d", [60, 1440]),
        ("1m 10m", [1, 10]),
        ("15, 2H, 3D", [15, 120, 4320]),
        ("90m 36h", [90, 2160]),
    ],
)
def test_steps_are_read_in_minutes_hours_and_days(text, minutes):
    assert parse_steps(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1m 0h", "'0h' is not a step like 10m, 2h or 1d."),
        ("1w", "'1w' is not a step like 10m, 2h or 1d."),
        ("1.5h", "'1.5h' is not a step like 10m, 2h or 1d."),
        ("", "Give one to 10 learning steps"),
        ("1m " * 11, "Give one to 10 learning steps"),
        ("366d", "at most 365 days"),
    ],
)
def test_steps_that_cannot_be_read_say_why(text, reason):
    with pytest.raises(StepsError, match=reason.replace(".", r"\.")):
        parse_steps(text)


def test_steps_are_written_back_in_the_largest_whole_unit():
    assert format_steps([1, 10, 60, 90, 1440, 2160, 4320]) == "1m 10m 1h 90m 1d 36h 3d"
    assert parse_steps(format_steps([1, 10, 60, 1440])) == [1, 10, 60, 1440]
