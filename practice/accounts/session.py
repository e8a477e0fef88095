"""Sign-ins: one server-side record per device, checked on every request. Flask-Login keeps
the sign-in's random token in the session (and the remember cookie); logout ends that record,
so a copied cookie is worthless afterwards."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import redirect, request, url_for
from sqlalchemy import select, update

from practice.extensions import client_address, db, htmx, rows_changed
from practice.models import SignIn, User
from practice.types import utcnow

SEEN_EVERY = timedelta(minutes=1)  # last-seen is written at most this often


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_sign_in(user: User, now: datetime | None = None) -> str:
    """A new sign-in for this device; sets the token Flask-Login stores."""
    token = secrets.token_urlsafe(32)
    moment = now or utcnow()
    agent = (request.headers.get("User-Agent") or "")[:300]
    db.session.add(
        SignIn(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=moment,
            last_seen_at=moment,
            address=client_address()[:64],
            user_agent=agent,
        )
    )
    db.session.commit()
    user.use_sign_in(token)
    return token


def load_user(token: str) -> User | None:
    """The active user of an open sign-in, or None (ended, unknown, legacy or deactivated)."""
    if not token or len(token) > 128:
        return None
    row = db.session.execute(
        select(SignIn, User)
        .join(User, User.id == SignIn.user_id)
        .where(SignIn.token_hash == _hash(token), SignIn.ended_at.is_(None))
    ).one_or_none()
    if row is None or not row.User.active:
        return None
    sign_in, user = row
    now = utcnow()
    if now - sign_in.last_seen_at >= SEEN_EVERY:
        sign_in.last_seen_at, sign_in.address = now, client_address()[:64]
        db.session.commit()
    user.use_sign_in(token)
    return user


def open_sign_ins(user: User) -> list[SignIn]:
    """The user's devices still signed in, most recently seen first."""
    return list(
        db.session.scalars(
            select(SignIn)
            .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
            .order_by(SignIn.last_seen_at.desc(), SignIn.id.desc())
        )
    )


def is_this_device(sign_in: SignIn, user: User) -> bool:
    return bool(user.sign_in_token) and sign_in.token_hash == _hash(user.sign_in_token or "")


def end_sign_in(user: User, sign_in_id: int | None = None) -> bool:
    """End one of the user's sign-ins (this device's when no id is given)."""
    which = (
        SignIn.token_hash == _hash(user.sign_in_token or "")
        if sign_in_id is None
        else SignIn.id == sign_in_id
    )
    ended = rows_changed(
        update(SignIn)
        .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None), which)
        .values(ended_at=utcnow())
    )
    db.session.commit()
    return ended == 1


def end_other_sign_ins(user: User, keep_current: bool = True) -> None:
    """End every sign-in of the user but this device's (or all of them)."""
    condition = [SignIn.user_id == user.id, SignIn.ended_at.is_(None)]
    if keep_current and user.sign_in_token:
        condition.append(SignIn.token_hash != _hash(user.sign_in_token))
    db.session.execute(update(SignIn).where(*condition).values(ended_at=utcnow()))
    db.session.commit()


def unauthorized():
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if htmx:
        return "", 401, {"HX-Redirect": target}
    return redirect(target)
