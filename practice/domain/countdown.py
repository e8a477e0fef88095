"""When something comes back, in words a learner reads without JavaScript: the clock time in
their own zone and how long that is from now."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def clock_label(at: datetime, now: datetime, time_zone: str) -> str:
    """'at 14:32' today, 'tomorrow at 04:00', or 'on 2026-12-05 at 04:00' (local time)."""
    zone = ZoneInfo(time_zone)
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    days = (local.date() - today).days
    if days <= 0:
        return f"at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"on {local.date().isoformat()} at {clock}"


def wait_label(seconds: float) -> str:
    """'in 25 minutes', 'in 2 hours 5 minutes', 'in less than a minute'."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "in less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = [_plural(hours, "hour")] if hours else []
    if minutes:
        parts.append(_plural(minutes, "minute"))
    return "in " + " ".join(parts)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"
