"""Migrations build exactly the models' schema, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from practice.extensions import db
from practice.library.search_index import SEARCH_TABLE, is_search_index_table
from tests.helpers.app import POSTGRES_URL, drop_postgres_schema, make_app, reset_postgres_schema

EXPECTED_TABLES = {
    "alembic_version",
    "card_states",
    "item_topics",
    "items",
    "path_enrolments",
    "paths",
    "review_logs",
    "topics",
    "tracks",
    "users",
    "question_sets",
    "question_set_items",
    "mentor_invites",
    "mentorships",
    "cohorts",
    "cohort_members",
    "assignments",
    "answer_comments",
}


def outside_search_index(obj, name, type_, reflected, compare_to) -> bool:
    """The full-text index is engine-specific (FTS5 or tsvector + GIN), made by migration 0005
    and deliberately not a model: leave its tables out of the model comparison."""
    return not (type_ == "table" and is_search_index_table(name))


def model_tables() -> set[str]:
    return {t for t in inspect(db.engine).get_table_names() if not is_search_index_table(t)}


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
        opts = {"compare_type": True, "include_object": outside_search_index}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_the_models_schema_and_downgrade_undoes_it(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        assert model_tables() == EXPECTED_TABLES
        assert (
            is_search_index_table(SEARCH_TABLE)
            and SEARCH_TABLE in inspect(db.engine).get_table_names()
        )
        assert schema_differences() == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert schema_differences() == []
        db.engine.dispose()
