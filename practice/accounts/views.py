"""The signed-in user's own account: password, email, export, delete."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Response, abort, flash, g, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from practice.accounts import bp
from practice.accounts import queries as accounts
from practice.accounts import session as session_module
from practice.accounts.auth_views import start_session
from practice.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    DisplayNameForm,
)
from practice.accounts.session import is_this_device, open_sign_ins
from practice.domain.devices import device_label
from practice.extensions import limiter
from practice.security import audit


def _failed(response) -> bool:
    return bool(g.get("credential_failed"))


def _account_key() -> str:
    return f"account:{current_user.get_id()}"


def _page(password_form=None, email_form=None, name_form=None):
    user = current_user._get_current_object()
    sign_ins = [
        (s, is_this_device(s, user), device_label(s.user_agent)) for s in open_sign_ins(user)
    ]
    return render_template(
        "account/index.html",
        sign_ins=sign_ins,
        password_form=password_form or ChangePasswordForm(prefix="password"),
        email_form=email_form or ChangeEmailForm(prefix="email"),
        name_form=name_form
        or DisplayNameForm(prefix="name", display_name=current_user.display_name),
    )


@bp.get("")
@login_required
def index():
    return _page()


@bp.post("/sign-ins/others/end")
@login_required
def end_other_sign_ins():
    if not FlaskForm().validate_on_submit():
        abort(400)
    session_module.end_other_sign_ins(current_user)
    audit("signed_out_elsewhere")
    flash("Signed out on every other device.")
    return redirect(url_for("account.index"))


@bp.post("/sign-ins/<int:sign_in_id>/end")
@login_required
def end_sign_in(sign_in_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not session_module.end_sign_in(current_user, sign_in_id):
        abort(404)  # not one of this user's open sign-ins
    audit("signed_out_device", sign_in=sign_in_id)
    flash("That device is signed out.")
    return redirect(url_for("account.index"))


@bp.post("/name")
@login_required
def change_name():
    form = DisplayNameForm(prefix="name")
    if form.validate_on_submit():
        accounts.change_display_name(current_user, form.display_name.data)
        flash("Display name saved.")
        return redirect(url_for("account.index"))
    return _page(name_form=form), 400


@bp.post("/password")
@login_required
@limiter.limit("10 per 15 minutes", key_func=_account_key, deduct_when=_failed)
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except accounts.AccountError as error:
            g.credential_failed = True
            field = "current_password" if error.field == "current_password" else "new_password"
            getattr(form, field).errors.append(error.message)
        else:
            audit("password_changed")
            start_session(current_user._get_current_object())
            flash("Password changed. Every other session has been signed out.")
            return redirect(url_for("account.index"))
    return _page(password_form=form), 400 if form.errors else 200


@bp.post("/email")
@login_required
@limiter.limit("10 per 15 minutes", key_func=_account_key, deduct_when=_failed)
def change_email():
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        try:
            accounts.change_email(current_user, form.password.data, form.email.data)
        except accounts.AccountError as error:
            g.credential_failed = True
            getattr(
                form, "password" if error.field == "current_password" else "email"
            ).errors.append(error.message)
        else:
            audit("email_changed")
            flash("Email changed.")
            return redirect(url_for("account.index"))
    return _page(email_form=form), 400 if form.errors else 200


@bp.get("/export.json")
@login_required
def export():
    data = accounts.export_data(current_user)
    data["exported_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="practice-export-{stamp}.json"'},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per 15 minutes", key_func=_account_key, deduct_when=_failed, methods=["POST"])
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            user_id = current_user.id
            accounts.delete_account(current_user, form.password.data)
        except accounts.AccountError as error:
            g.credential_failed = True
            form.password.errors.append(error.message)
        else:
            audit("account_deleted", user=user_id)
            session.clear()
            logout_user()
            flash("Your account and all its data have been deleted.")
            return redirect(url_for("home.index"))
    return render_template("account/delete.html", form=form), 400 if form.errors else 200
