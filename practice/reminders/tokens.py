"""Unsubscribe tokens: signed (itsdangerous, with SECRET_KEY and a salt of their own), naming
the user, the list and the account's creation time, so a link made for a deleted account
never works for a later account that gets its id. They do not expire: an unsubscribe link in
an old email must still work."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from practice.extensions import db
from practice.models import User
from practice.reminders.preferences import LISTS

SALT = "practice.reminders.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user: User
    list_name: str

    @property
    def list_label(self) -> str:
        return LISTS[self.list_name]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _stamp(user: User) -> int:
    """The account's creation time in microseconds (exact in a float until year 2255)."""
    return round(user.created_at.timestamp() * 1_000_000)


def unsubscribe_token(user: User, list_name: str) -> str:
    if list_name not in LISTS:
        raise ValueError(f"no mailing list {list_name!r}")
    return str(_serializer().dumps([user.id, list_name, _stamp(user)]))


def read_token(token: str) -> Unsubscribe | None:
    """What a token unsubscribes, or None for a forged, altered or stale one."""
    if len(token) > 200:
        return None
    try:
        user_id, list_name, stamp = _serializer().loads(token)
    except (BadData, TypeError, ValueError):
        return None
    if list_name not in LISTS or not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or _stamp(user) != stamp:
        return None
    return Unsubscribe(user, list_name)
