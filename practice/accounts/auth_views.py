"""Register, log in, log out."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from practice.accounts import auth_bp as bp
from practice.accounts import queries as accounts
from practice.accounts.auth_forms import LoginForm, RegisterForm
from practice.accounts.session import end_sign_in, start_sign_in
from practice.extensions import limiter
from practice.security import audit, safe_next

FAILED_LOGIN_LIMIT = "10 per 15 minutes"
LOGIN_FAILED = "Incorrect email or password."


def _form_status() -> int:
    """A form shown again after a POST was refused: 400, like every other form's refusal."""
    return 400 if request.method == "POST" else 200


def _login_failed(response) -> bool:
    return bool(g.get("login_failed"))


def _login_email() -> str:
    """Rate-limit key for one account, whoever tries it."""
    return "login-email:" + accounts.normalize_email(request.form.get("email", ""))


def start_session(user, remember: bool = False) -> None:
    """A fresh session for the user on a new sign-in: nothing from before the login survives."""
    session.clear()
    start_sign_in(user)
    login_user(user, remember=remember)


def _registered(response) -> bool:
    return bool(g.get("registered"))


def _registration_failed(response) -> bool:
    return not g.get("registered") and request.method == "POST"


def _register_email() -> str:
    return "register-email:" + accounts.normalize_email(request.form.get("email", ""))


# A classroom shares one address: count accounts made per address (generously), and failed
# attempts per email, so one typo-prone learner does not lock the room out.
REGISTRATIONS_PER_ADDRESS = "200 per hour"
FAILED_REGISTRATIONS_PER_EMAIL = "20 per hour"


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(REGISTRATIONS_PER_ADDRESS, methods=["POST"], deduct_when=_registered)
@limiter.limit(
    FAILED_REGISTRATIONS_PER_EMAIL,
    methods=["POST"],
    key_func=_register_email,
    deduct_when=_registration_failed,
)
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.email.data, form.display_name.data, form.password.data)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            g.registered = True
            audit("registered", user=user.id)
            start_session(user)
            flash(f"Welcome, {user.display_name}.")
            return redirect(url_for("auth.welcome"))
    return render_template("auth/register.html", form=form), _form_status()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(FAILED_LOGIN_LIMIT, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(
    FAILED_LOGIN_LIMIT, methods=["POST"], key_func=_login_email, deduct_when=_login_failed
)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.AccountDeactivated as refused:
            user, message, event = None, refused.message, "login_deactivated"
        else:
            message, event = LOGIN_FAILED, "login_failed"
        if user is not None:
            start_session(user, remember=form.remember.data)
            audit("login_ok", user=user.id)
            return redirect(safe_next(form.next.data, url_for("home.index")))
        g.login_failed = True
        audit(event, email=accounts.normalize_email(form.email.data))
        form.password.errors.append(message)
    return render_template("auth/login.html", form=form), _form_status()


@bp.post("/logout")
@login_required
def logout():
    audit("logout")
    end_sign_in(current_user)
    session.clear()
    logout_user()  # after the clear: it marks the remember cookie for deletion in the session
    return redirect(url_for("home.index"))
