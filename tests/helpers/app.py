"""Apps for tests: the test configuration on a migrated SQLite file or PostgreSQL schema."""

from __future__ import annotations

import os
from urllib.parse import quote

import sqlalchemy as sa
from flask_migrate import upgrade

from practice import create_app
from practice.config import TestConfig
from practice.extensions import db

POSTGRES_URL = os.environ.get("PRACTICE_TEST_DATABASE_URL")


# One schema per test run, so two runs against the same database never meet.
TEST_SCHEMA = f"practice_test_{os.getpid()}"


def postgres_schema_url(schema: str) -> str:
    """The test database URL with its search_path pinned to one schema of ours."""
    assert POSTGRES_URL
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"


def drop_postgres_schema(schema: str) -> None:
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def reset_postgres_schema(schema: str) -> str:
    drop_postgres_schema(schema)
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return postgres_schema_url(schema)


def make_app(database_url: str, **overrides):
    """An app on the given database with the test configuration."""
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    return create_app(config)


def migrate(database_url: str) -> None:
    app = make_app(database_url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
