"""Fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
PRACTICE_TEST_DATABASE_URL is set), a bank folder factory and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from practice.extensions import db, limiter
from tests.helpers.accounts import Auth, create_user, log_in
from tests.helpers.app import (
    POSTGRES_URL,
    TEST_SCHEMA,
    drop_postgres_schema,
    make_app,
    migrate,
    reset_postgres_schema,
)
from tests.helpers.bank_factory import write_small_bank
from tests.helpers.drill import write_drill_bank
from tests.helpers.smtp import SMTPServer


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
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port; `.inbox` holds what it received."""
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def app(request, database_url):
    overrides = {}
    if request.node.get_closest_marker("real_password_hash"):
        overrides["PASSWORD_HASH_METHOD"] = "scrypt"
    if request.node.get_closest_marker("smtp"):
        overrides.update(request.getfixturevalue("smtp_server").config())
    app = make_app(database_url, **overrides)
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


@pytest.fixture
def user_id(app):
    return create_user(app)


@pytest.fixture
def auth(client) -> Auth:
    """Log the test client in and out: `auth.login()`, `auth.logout()`."""
    return Auth(client)


@pytest.fixture
def bank(tmp_path) -> Path:
    """The drill tests' bank: three junior Python questions, a Go question, a Python error."""
    return write_drill_bank(tmp_path / "bank")


@pytest.fixture
def learner(app, client, runner, bank, user_id):
    """A signed-in learner with `bank` loaded."""
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    log_in(client)
    return client
