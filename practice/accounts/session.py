"""Flask-Login hooks: load the user from the session id, answer anonymous requests."""

from __future__ import annotations

from flask import redirect, request, url_for

from practice.extensions import db, htmx
from practice.models import User


def load_user(session_id: str) -> User | None:
    """The user for "id:version"; a stale version (password changed, deactivated) is None."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def unauthorized():
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if htmx:
        return "", 401, {"HX-Redirect": target}
    return redirect(target)
