"""Ending a drill session and its summary page."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.drill import bp
from practice.drill.queue import build_view
from practice.drill.scope_args import drill_scope, redirect_args
from practice.drill.session import end_session, ended_session, session_summary
from practice.extensions import htmx
from practice.types import utcnow
from practice.web import render_page_or_fragment


@bp.post("/end")
@login_required
def end():
    """End the running session: its summary (inline with htmx), or a redirect to it."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    scope = drill_scope(request.form)
    end_session(current_user, utcnow())
    if htmx:
        return _summary_response(scope)
    return redirect(url_for("drill.summary", **redirect_args(current_user, scope)), 303)


@bp.get("/summary")
@login_required
def summary():
    """The summary of the last session the learner ended (a GET: it changes nothing)."""
    return _summary_response(drill_scope(request.args))


def _summary_response(scope):
    now = utcnow()
    view = build_view(current_user, scope, now)
    reviews = ended_session(current_user)
    context = {
        "summary": session_summary(current_user, reviews, view, now, ended=True),
        "scope": scope,
        "restart_args": redirect_args(current_user, scope),
    }
    return render_page_or_fragment("drill/summary.html", "drill/_summary.html", **context)
