"""Who may do what. Views ask here: 403 for actions a role may not take. (Object-level checks,
answering 404 for what a user may not see, arrive with the objects that need them.)"""

from __future__ import annotations

from flask import abort
from flask_login import current_user


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == "admin")


def can_manage_users(user) -> bool:
    return is_admin(user)


def require_admin() -> None:
    """403 for a signed-in non-admin (anonymous users are sent to log in by Flask-Login)."""
    if not can_manage_users(current_user):
        abort(403)
