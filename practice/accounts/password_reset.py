"""Password reset links: issue one (emailed, or handed over by an admin or an operator), check
it, and use it once to set a new password, which signs the account out on every device.

A link carries a random token; only its SHA-256 is stored. It works once, until it expires,
and not after a newer link was made for the account or the password changed by any route (the
link keeps a stamp of the password hash it was made under)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import select, update

from practice.access import UserError
from practice.accounts import queries as accounts
from practice.accounts.session import end_other_sign_ins
from practice.extensions import db, rows_changed
from practice.mailer import after_response, send_message
from practice.models import PasswordReset, User
from practice.security import audit
from practice.types import utcnow
from practice.web import external_url

UNKNOWN = "This reset link is not valid. Check that you copied all of it, or ask for a new one."
USED = "This reset link has already been used. Ask for a new one to reset your password again."
EXPIRED = "This reset link has expired. Ask for a new one."
SUPERSEDED = "A newer reset link was made for this account: use that one, or ask for a new one."
CHANGED_SINCE = "The password was changed after this link was made, so it no longer works."
SUBJECT = "Reset your Practice password"


class LinkRefused(UserError):
    """A link that cannot be used: why (for the page) and the HTTP status to answer with."""

    def __init__(self, message: str, reason: str, status: int = 410) -> None:
        super().__init__(message)
        self.message, self.reason, self.status = message, reason, status


@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires_at: datetime


def lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])


def lifetime_text() -> str:
    """How long a link works, in words: "1 hour", "90 minutes"."""
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    if minutes % 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    return f"{hours} hour{'s' if hours != 1 else ''}"


def base_url(explicit: str | None = None) -> str | None:
    """Where links point: the given URL, PUBLIC_URL, SERVER_NAME, or (in a request, when none
    is configured: development) the address the request came to."""
    config = current_app.config
    if explicit or config["PUBLIC_URL"]:
        return explicit or config["PUBLIC_URL"]
    if config.get("SERVER_NAME"):
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{config['PREFERRED_URL_SCHEME']}://{config['SERVER_NAME']}{root}"
    return request.host_url if has_request_context() else None


def link_url(base: str, token: str) -> str:
    """The reset page's full URL under `base` (e.g. https://practice.example.org/app)."""
    return external_url(base, "auth.reset_password", token=token)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _open_links_of(user_id: int):
    return (
        PasswordReset.user_id == user_id,
        PasswordReset.used_at.is_(None),
        PasswordReset.revoked_at.is_(None),
    )


def issue_link(user: User, base: str, now: datetime | None = None) -> IssuedLink:
    """A new link for the account; its older unused links stop working."""
    moment = now or utcnow()
    token = secrets.token_urlsafe(32)
    url = link_url(base, token)
    db.session.execute(
        update(PasswordReset).where(*_open_links_of(user.id)).values(revoked_at=moment)
    )
    link = PasswordReset(
        token_hash=_hash(token),
        user_id=user.id,
        password_stamp=_hash(user.password_hash),
        created_at=moment,
        expires_at=moment + lifetime(),
    )
    db.session.add(link)
    db.session.commit()
    return IssuedLink(url, link.expires_at)


def email_link_later(email: str) -> None:
    """Once the response is sent, email a link if an active account has this address (and do
    nothing otherwise): the page answers alike and as fast whether or not it exists."""
    address = accounts.normalize_email(email)
    base = base_url() or request.host_url
    after_response(lambda: _email_link(address, base))


def _email_link(address: str, base: str) -> None:
    user = accounts.find_user(address)
    if user is None or not user.active:
        return
    link = issue_link(user, base)
    send_message(user.email, SUBJECT, _message(user, link))
    audit("reset_link_emailed", user=user.id)


def _message(user: User, link: IssuedLink) -> str:
    until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Hello {user.display_name},\n\n"
        f"Someone, probably you, asked to reset the password of your Practice account "
        f"({user.email}). Open this link to choose a new one:\n\n{link.url}\n\n"
        f"It works once, for {lifetime_text()} (until {until}).\n"
        "Setting the new password signs you out on every device.\n"
        "If you did not ask, ignore this email: your password stays as it is.\n"
    )


def _usable(token: str, now: datetime) -> tuple[PasswordReset, User]:
    found = None
    if 0 < len(token) <= 128:
        found = db.session.execute(
            select(PasswordReset, User)
            .join(User, User.id == PasswordReset.user_id)
            .where(PasswordReset.token_hash == _hash(token))
        ).one_or_none()
    if found is None:
        raise LinkRefused(UNKNOWN, "unknown", status=404)
    link, user = found
    if link.used_at is not None:
        raise LinkRefused(USED, "used")
    if link.revoked_at is not None:
        raise LinkRefused(SUPERSEDED, "superseded")
    if link.password_stamp != _hash(user.password_hash):
        raise LinkRefused(CHANGED_SINCE, "password_changed")
    if now >= link.expires_at:
        raise LinkRefused(EXPIRED, "expired")
    return link, user


def account_of(token: str, now: datetime | None = None) -> User:
    """The account a usable link resets; LinkRefused says why a link cannot be used."""
    return _usable(token, now or utcnow())[1]


def reset_password(token: str, new_password: str, now: datetime | None = None) -> User:
    """Set a new password through a usable link, once (even under concurrent requests), and
    end every sign-in of the account. A deactivated account stays deactivated."""
    moment = now or utcnow()
    link, user = _usable(token, moment)
    accounts.check_new_password(new_password, user.email, user.display_name)
    claimed = rows_changed(
        update(PasswordReset)
        .where(PasswordReset.id == link.id, *_open_links_of(user.id))
        .values(used_at=moment)
    )
    if claimed != 1:
        db.session.rollback()
        raise LinkRefused(USED, "used")
    db.session.execute(
        update(PasswordReset).where(*_open_links_of(user.id)).values(revoked_at=moment)
    )
    user.password_hash = accounts.password_hash(new_password)
    user.session_version += 1
    end_other_sign_ins(user, keep_current=False)  # commits all of it
    return user
