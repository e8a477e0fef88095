"""Home page and health check."""

from __future__ import annotations

from flask import jsonify, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from practice.extensions import db
from practice.home import bp
from practice.home.queries import learner_home
from practice.library.catalog import count_live_items, tracks_with_counts
from practice.types import utcnow


@bp.get("/")
def index():
    mine = learner_home(current_user, utcnow()) if current_user.is_authenticated else None
    return render_template("home/index.html", tracks=tracks_with_counts(), mine=mine)


@bp.get("/healthz")
def healthz():
    try:
        items = count_live_items()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="error"), 503
    return jsonify(status="ok", database="ok", items=items)
