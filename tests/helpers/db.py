"""The whole database as comparable data: for "nothing changed" assertions."""

from __future__ import annotations

import sqlalchemy as sa

from practice.extensions import db


def database_snapshot(app) -> dict[str, list]:
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(sa.select(table)).all()), key=repr)
            for table in db.metadata.sorted_tables
        }
