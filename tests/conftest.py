"""Fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
PRACTICE_TEST_DATABASE_URL is set), a bank folder factory and a CLI runner."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from practice import create_app
from practice.config import TestConfig
from practice.extensions import db, limiter
from tests.bank_factory import write_small_bank

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


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> str:
    """A migrated database: a template SQLite file, or the PostgreSQL test schema."""
    if POSTGRES_URL:
        url = reset_postgres_schema(TEST_SCHEMA)
        migrate(url)
        yield url
        drop_postgres_schema(TEST_SCHEMA)
        return
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    yield str(path)


@pytest.fixture
def database_url(database_template, tmp_path) -> str:
    if POSTGRES_URL:
        return database_template
    path = tmp_path / "practice.sqlite3"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        if POSTGRES_URL:
            _empty_postgres_tables()
        db.engine.dispose()


def _empty_postgres_tables() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def small_bank(tmp_path) -> Path:
    """A complete bank folder with one item of every kind and a path."""
    return write_small_bank(tmp_path / "bank")


STRONG_PASSWORD = "violet anchor drifts slowly 42"


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a page hands the browser (from the body's hx-headers)."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kwargs)


def create_user(app, email="ada@example.com", password=STRONG_PASSWORD, role="learner",
                name="Ada"):  # fmt: skip
    from practice.services import accounts

    with app.app_context():
        return accounts.register(email, name, password, role).id


def log_in(client, email="ada@example.com", password=STRONG_PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/login", data)


@pytest.fixture
def user_id(app):
    return create_user(app)
