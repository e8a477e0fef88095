"""First run: what a new learner prepares (tracks, level) becomes their default drill scope."""

from __future__ import annotations

from practice.domain.bank_rules import LEVELS
from practice.domain.scope import filters_from_scope, scope_from_filters
from practice.extensions import db
from practice.models import User


def levels_up_to(level: str | None) -> list[str]:
    """The levels a learner of `level` drills: theirs and every one below (all when None)."""
    if not level:
        return []
    return list(LEVELS[: LEVELS.index(level) + 1])


def preparing_data(user: User) -> dict[str, object]:
    """The preparing form's values for what the user chose before."""
    return {"tracks": (user.default_scope or {}).get("track", []), "level": user.level or ""}


def save_preparing(user: User, tracks: list[str], level: str | None) -> None:
    """Store the level and the default scope they make (None: the whole collection)."""
    filters = {"track": list(dict.fromkeys(tracks)), "level": levels_up_to(level)}
    scope = scope_from_filters({name: values for name, values in filters.items() if values})
    user.level = level or None
    user.default_scope = filters_from_scope(scope) or None
    db.session.commit()


def save_onboarding(user: User, tracks: list[str], level: str | None, time_zone: str) -> None:
    """What the first-run step chose: the default scope, the level and the time zone."""
    user.time_zone = time_zone
    save_preparing(user, tracks, level)
