"""A learner's reminder choices and calendar feed token: read (defaults when none are saved),
saved from the settings form, switched off by an unsubscribe link, rotated."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from practice.domain.reminders import DEFAULT_HOUR
from practice.extensions import db
from practice.models import ReminderSettings, User
from practice.types import utcnow

# What an unsubscribe link can switch off: the list's name in tokens, and how pages say it.
LISTS = {
    "digest": "the daily digest",
    "mentoring": "emails about your mentors' assignments and comments",
}


def settings_of(user_id: int) -> ReminderSettings:
    """The saved choices, or the defaults (not added to the session) when none are saved."""
    saved = db.session.get(ReminderSettings, user_id)
    if saved is not None:
        return saved
    return ReminderSettings(
        user_id=user_id,
        digest_enabled=False,
        digest_hour=DEFAULT_HOUR,
        mentoring_emails=True,
        calendar_token=None,
    )


def _stored(user_id: int) -> ReminderSettings:
    settings = settings_of(user_id)
    if settings not in db.session:
        db.session.add(settings)
    settings.updated_at = utcnow()
    return settings


def save_choices(user: User, digest_enabled: bool, digest_hour: int, mentoring: bool) -> None:
    settings = _stored(user.id)
    settings.digest_enabled = digest_enabled
    settings.digest_hour = digest_hour
    settings.mentoring_emails = mentoring
    db.session.commit()


def receives(user_id: int, list_name: str) -> bool:
    """Whether the user gets emails of this list now."""
    settings = settings_of(user_id)
    return settings.digest_enabled if list_name == "digest" else settings.mentoring_emails


def unsubscribe(user_id: int, list_name: str) -> bool:
    """Switch one list off; whether it was on (a second click changes nothing)."""
    was_on = receives(user_id, list_name)
    if was_on:
        settings = _stored(user_id)
        if list_name == "digest":
            settings.digest_enabled = False
        else:
            settings.mentoring_emails = False
        db.session.commit()
    return was_on


def rotate_calendar_token(user: User) -> str:
    """A new feed token for the user; the old one (if any) stops working at once."""
    settings = _stored(user.id)
    settings.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return settings.calendar_token


def stop_calendar(user: User) -> None:
    settings = _stored(user.id)
    settings.calendar_token = None
    db.session.commit()


def calendar_owner(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not 20 <= len(token) <= 64:
        return None
    return db.session.scalar(
        select(User)
        .join(ReminderSettings, ReminderSettings.user_id == User.id)
        .where(ReminderSettings.calendar_token == token, User.active.is_(True))
    )
