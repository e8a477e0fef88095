"""The roles an account can hold, and which of them may mentor or train."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"
    TRAINER = "trainer"
    ADMIN = "admin"


ROLES: tuple[str, ...] = tuple(role.value for role in Role)
MENTOR_ROLES = frozenset({Role.MENTOR, Role.ADMIN})
TRAINER_ROLES = frozenset({Role.TRAINER, Role.ADMIN})
