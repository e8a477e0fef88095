"""Migrations build exactly the models' schema, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from practice.extensions import db
from tests.conftest import POSTGRES_URL, drop_postgres_schema, make_app, reset_postgres_schema

EXPECTED_TABLES = {
    "alembic_version", "card_states", "item_topics", "items", "paths", "review_logs",
    "topics", "tracks", "users", "question_sets", "question_set_items", "mentor_invites",
    "mentorships", "cohorts", "cohort_members", "assignments", "answer_comments",
}  # fmt: skip


@pytest.fixture
def empty_database_url(tmp_path):
    if POSTGRES_URL:
        schema = f"practice_migration_test_{os.getpid()}"
        yield reset_postgres_schema(schema)
        drop_postgres_schema(schema)
        return
    yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_the_models_schema_and_downgrade_undoes_it(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) == EXPECTED_TABLES
        assert schema_differences() == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert schema_differences() == []
        db.engine.dispose()
