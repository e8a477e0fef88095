"""Accounts: register, log in and out (blueprint `auth`), the account page (`account`), the
users CLI."""

from flask import Blueprint

auth_bp = Blueprint("auth", __name__)
bp = Blueprint("account", __name__, url_prefix="/account")

from practice.accounts import auth_views, onboarding_views, reset_views, views  # noqa: E402, F401
