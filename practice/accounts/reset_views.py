"""Forgot password: ask for a reset link by email, and set a new password through a link."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from practice.accounts import auth_bp as bp
from practice.accounts import password_reset
from practice.accounts import queries as accounts
from practice.accounts.auth_forms import ForgotPasswordForm, ResetPasswordForm
from practice.extensions import limiter
from practice.mailer import mail_configured
from practice.security import audit

# Every request sends an email (or would): count them all, per address and per email.
REQUESTS_PER_ADDRESS = "20 per hour"
REQUESTS_PER_EMAIL = "5 per hour"
FAILED_RESETS_PER_ADDRESS = "10 per 15 minutes"


def _forgot_email() -> str:
    return "forgot-email:" + accounts.normalize_email(request.form.get("email", ""))


def _reset_failed(response) -> bool:
    return bool(g.get("reset_failed"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(REQUESTS_PER_ADDRESS, methods=["POST"])
@limiter.limit(REQUESTS_PER_EMAIL, methods=["POST"], key_func=_forgot_email)
def forgot_password():
    form = ForgotPasswordForm()
    if not mail_configured():
        return render_template("auth/forgot.html", form=None)  # says who can make a link
    if form.validate_on_submit():
        password_reset.email_link_later(form.email.data)
        audit("reset_requested", email=accounts.normalize_email(form.email.data))
        return render_template(
            "auth/forgot_sent.html", email=form.email.data, lasts=password_reset.lifetime_text()
        )
    page = render_template("auth/forgot.html", form=form, lasts=password_reset.lifetime_text())
    return page, 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(FAILED_RESETS_PER_ADDRESS, methods=["POST"], deduct_when=_reset_failed)
def reset_password(token: str):
    form = ResetPasswordForm()
    try:
        user = password_reset.account_of(token)
        if form.validate_on_submit():
            return _signed_out(password_reset.reset_password(token, form.password.data))
    except password_reset.LinkRefused as refused:
        g.reset_failed = request.method == "POST"
        audit("reset_link_refused", reason=refused.reason)
        page = render_template("auth/reset_refused.html", message=refused.message)
        return page, refused.status
    except accounts.AccountError as error:
        form.password.errors.append(error.message)
    g.reset_failed = bool(form.errors)
    page = render_template("auth/reset.html", form=form, user=user, token=token)
    return page, 400 if form.errors else 200


def _signed_out(user):
    """After a reset: every device is signed out, this one too; the user logs in again."""
    audit("password_reset", user=user.id)
    if current_user.is_authenticated and current_user.id == user.id:
        session.clear()
        logout_user()
    if user.active:
        flash("Your password is changed and every device was signed out. Log in with it now.")
    else:
        flash(
            "Your password is changed, but your account is deactivated: an administrator "
            "must reactivate it before you can log in.",
            "error",
        )
    return redirect(url_for("auth.login"))
