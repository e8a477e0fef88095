"""Home page and health check."""

from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy.exc import SQLAlchemyError

from practice.extensions import db
from practice.home import bp
from practice.services.catalog import count_live_items, tracks_with_counts


@bp.get("/")
def index():
    return render_template("home/index.html", tracks=tracks_with_counts())


@bp.get("/healthz")
def healthz():
    try:
        items = count_live_items()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="error"), 503
    return jsonify(status="ok", database="ok", items=items)
