"""Learning steps as a learner writes them (`1m 10m 1h 1d`), kept as whole minutes."""

from __future__ import annotations

import re

MINUTES_PER = {"m": 1, "h": 60, "d": 1440}
MAX_STEPS = 10
MAX_STEP_MINUTES = 365 * 1440
_STEP = re.compile(r"(\d{1,7})([mhd]?)", re.IGNORECASE)


class StepsError(ValueError):
    """Steps that cannot be read, with the reason in the learner's words."""


def parse_steps(text: str) -> list[int]:
    """'1m 10m 1h 1d' -> [1, 10, 60, 1440]: minutes, hours or days (a bare number is
    minutes), separated by spaces or commas."""
    minutes = [_minutes(token) for token in text.replace(",", " ").split()]
    if not minutes or len(minutes) > MAX_STEPS:
        raise StepsError(f"Give one to {MAX_STEPS} learning steps, like: 1m 10m 1h 1d.")
    return minutes


def _minutes(token: str) -> int:
    match = _STEP.fullmatch(token)
    if match is None or int(match.group(1)) == 0:
        raise StepsError(f"'{token[:20]}' is not a step like 10m, 2h or 1d.")
    value = int(match.group(1)) * MINUTES_PER[(match.group(2) or "m").lower()]
    if value > MAX_STEP_MINUTES:
        raise StepsError("A learning step can be at most 365 days.")
    return value


def format_steps(minutes: list[int]) -> str:
    """[1, 10, 60, 1440] -> '1m 10m 1h 1d': each step in the largest unit it fills whole."""
    return " ".join(_label(step) for step in minutes)


def _label(step: int) -> str:
    for unit in ("d", "h"):
        if step % MINUTES_PER[unit] == 0:
            return f"{step // MINUTES_PER[unit]}{unit}"
    return f"{step}m"
