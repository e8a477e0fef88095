"""Helpers for the reminder tests: opt a user in, give them due cards, run the digests."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from sqlalchemy import select

from practice.extensions import db
from practice.models import DigestSend, ReminderSettings, User
from tests.helpers.drill import put_card

BASE = "http://practice.test"


def opt_in(app, email: str, hour: int, time_zone: str = "UTC", mentoring: bool = True) -> None:
    """Turn the user's digest on at `hour` o'clock in `time_zone`."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.time_zone = time_zone
        settings = db.session.get(ReminderSettings, user.id) or ReminderSettings(user_id=user.id)
        settings.digest_enabled, settings.digest_hour = True, hour
        settings.mentoring_emails = mentoring
        db.session.add(settings)
        db.session.commit()


def due_reviews(app, email: str, now: datetime, *external_ids: str) -> None:
    """Review cards due a day before `now`."""
    for external_id in external_ids:
        put_card(app, external_id, 2, now - timedelta(days=1), now - timedelta(days=6), email=email)


def send(app, now: datetime):
    from practice.reminders.digest import send_due_digests

    with app.app_context():
        return send_due_digests(BASE, now)


def claims(app) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(DigestSend.user_id, DigestSend.local_day, DigestSend.outcome).order_by(
                DigestSend.user_id, DigestSend.local_day
            )
        ).all()
        return [(user_id, day.isoformat(), outcome) for user_id, day, outcome in rows]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def unsubscribe_link(message: EmailMessage) -> str:
    """The unsubscribe link in the message's text, as a path."""
    match = re.search(r"https?://\S+/unsubscribe/\S+", text_of(message))
    assert match, text_of(message)
    return urlsplit(match.group(0)).path


def setting(app, email: str, name: str):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        saved = db.session.get(ReminderSettings, user.id)
        return getattr(saved, name) if saved else None
