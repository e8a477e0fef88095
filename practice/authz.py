"""Who may see or change what. Views ask here; 404 hides what a user may not see, 403 refuses
what a role may not do."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from practice.models import User

STAFF_ROLES = ("admin",)


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == "admin")


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_view_account(viewer, account: User) -> bool:
    """An account's private details: its owner and admins."""
    return bool(
        viewer and viewer.is_authenticated and (viewer.id == account.id or is_admin(viewer))
    )


def require_admin() -> None:
    """403 for a signed-in non-admin (anonymous users are sent to log in by Flask-Login)."""
    if not can_manage_users(current_user):
        abort(403)


def visible_or_404(viewer, account: User | None) -> User:
    if account is None or not can_view_account(viewer, account):
        abort(404)
    return account
