"""Learning paths: the list, one path with progress per module, and starting a path."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import found
from practice.paths import bp
from practice.paths.queries import live_paths, path_by_slug, path_view, start_path
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
    return render_template("paths/path.html", view=path_view(path, _user()), form=FlaskForm())


@bp.post("/<slug>/start")
@login_required
def start(slug: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    path = found(path_by_slug(slug))
    start_path(current_user, path, utcnow())
    flash(f"Started {path.title}. The drill below is scoped to its current module.")
    return redirect(url_for("drill.page", path=path.slug))
