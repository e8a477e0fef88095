"""Admin: list users (paged, searchable), change roles, deactivate accounts, make password
reset links."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import require_admin
from practice.accounts import password_reset
from practice.accounts import queries as accounts
from practice.admin import bp
from practice.admin.confirmations import deactivate_confirmation
from practice.admin.forms import ActiveForm, RoleForm
from practice.confirm import unless_confirmed
from practice.extensions import db
from practice.inputs import bounded_int
from practice.models import User
from practice.security import audit
from practice.web import render_page_or_fragment


@bp.before_request
@login_required
def admins_only():
    require_admin()


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("")
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    page = accounts.list_users(
        request.args.get("q", ""), bounded_int(request.args.get("page"), 1, 10**6)
    )
    return render_page_or_fragment(
        "admin/users.html",
        "admin/_users_table.html",
        page=page,
        role_form=RoleForm(),
        active_form=ActiveForm(),
    )


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    old_role = user.role
    try:
        accounts.set_role(user, form.role.data, current_user)
    except accounts.AccountError as error:
        flash(error.message, "error")
    else:
        audit("role_changed", target=user.id, old=old_role, new=user.role)
        flash(f"{user.display_name} is now {user.role}.")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/users/<int:user_id>/active", methods=["GET", "POST"])
def set_active(user_id: int):
    """GET: what deactivating does (changes nothing). POST: reactivate, or deactivate once
    confirmed (a bare `active=0` gets the confirm page)."""
    user = _user_or_404(user_id)
    if request.method == "GET" or request.form.get("active") != "1":
        confirmation = deactivate_confirmation(user, current_user, request.args.get("q", ""))
        if (page := unless_confirmed(confirmation)) is not None:
            return page
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        accounts.set_active(user, form.active.data == "1", current_user)
    except accounts.AccountError as error:
        flash(error.message, "error")
    else:
        audit("reactivated" if user.active else "deactivated", target=user.id)
        flash(f"{user.display_name} is {'active' if user.active else 'deactivated'}.")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.post("/users/<int:user_id>/reset-link")
def reset_link(user_id: int):
    """A password reset link for the user, shown on this one page only (never stored)."""
    user = _user_or_404(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    link = password_reset.issue_link(user, password_reset.base_url() or request.host_url)
    audit("reset_link_issued", target=user.id, email=user.email)
    page = render_template(
        "admin/reset_link.html", user=user, link=link, lasts=password_reset.lifetime_text()
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
