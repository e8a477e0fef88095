"""Learning paths: the list, one path with progress per module, and starting a path."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import found
from practice.domain.study_days import study_day
from practice.paths import bp
from practice.paths.forms import TargetDateForm
from practice.paths.queries import (
    live_paths,
    path_by_slug,
    path_target,
    path_view,
    set_path_target,
    start_path,
)
from practice.types import utcnow


def _user():
    return current_user if current_user.is_authenticated else None


@bp.get("")
def index():
    views = [path_view(path, _user(), with_items=False) for path in live_paths()]
    return render_template("paths/index.html", views=views, form=FlaskForm())


@bp.get("/<slug>")
def detail(slug: str):
    path = found(path_by_slug(slug))
    return _detail(path, TargetDateForm(formdata=None))


def _detail(path, target_form: TargetDateForm, status: int = 200):
    target = path_target(_user(), path)
    if target is not None and not target_form.day.data:
        target_form.day.data = target.day
    page = render_template(
        "paths/path.html",
        view=path_view(path, _user()),
        form=FlaskForm(),
        target=target,
        target_form=target_form,
    )
    return page, status


@bp.post("/<slug>/target-date")
@login_required
def target_date(slug: str):
    """Set the path's target date: the scheduler aims the path's cards at it (an interview
    date on the plan)."""
    path = found(path_by_slug(slug))
    form = TargetDateForm()
    today = study_day(utcnow(), current_user.time_zone, current_user.day_start_hour)
    if not form.validate_on_submit() or not form.valid_day(today):
        return _detail(path, form, 400)
    set_path_target(current_user, path, form.day.data, utcnow())
    flash(f"Target date for {path.title}: {form.day.data.isoformat()}. It is on your plan.")
    return redirect(url_for("paths.detail", slug=path.slug))


@bp.post("/<slug>/start")
@login_required
def start(slug: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    path = found(path_by_slug(slug))
    start_path(current_user, path, utcnow())
    flash(f"Started {path.title}. The drill below is scoped to its current module.")
    return redirect(url_for("drill.page", path=path.slug))
