"""Home page and health check."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from practice.extensions import db
from practice.home import bp
from practice.home.queries import learner_home
from practice.home.sample import sample_card
from practice.inputs import bounded_int
from practice.library.catalog import count_live_items, tracks_with_counts
from practice.types import utcnow
from practice.web import render_page_or_fragment


@bp.get("/")
def index():
    if current_user.is_authenticated:
        mine = learner_home(current_user, utcnow())
        return render_template("home/index.html", tracks=tracks_with_counts(), mine=mine)
    return _landing(bounded_int(request.args.get("stage"), 0, 10))


def _landing(stage: int):
    """The landing page, or for htmx the sample card alone, at the stage asked for."""
    return render_page_or_fragment(
        "home/index.html",
        "home/_sample.html",
        target="sample-card",
        tracks=tracks_with_counts(),
        sample=sample_card(stage),
    )


@bp.get("/healthz")
def healthz():
    try:
        items = count_live_items()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="error"), 503
    return jsonify(status="ok", database="ok", items=items)
