"""Practice: interview preparation with FSRS spaced repetition."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from practice.config import Config, config_from_environment, development_secret, sqlite_url
from practice.extensions import csrf, db, htmx, limiter, login_manager, mail, migrate

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the app from a config class, a dict of overrides, or the environment."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    base = config if isinstance(config, type) else config_from_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    _finish_config(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    _init_login(app)
    _init_logging(app)
    if app.config["PROXY_FIX_X_FOR"]:
        proxied = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    from practice.security import register_security

    register_security(app)
    from practice.inputs import register_input_checks

    register_input_checks(app)
    from practice.ops import register_ops

    register_ops(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    _register_cli(app)
    return app


def _register_template_helpers(app: Flask) -> None:
    """Template filters and globals, once: the shared ones and two features' own."""
    from practice.library.links import search_url
    from practice.sets.choices import add_to_set_helpers
    from practice.web import register_template_helpers

    register_template_helpers(app)
    app.add_template_global(search_url, "search_url")
    app.context_processor(add_to_set_helpers)


def _register_cli(app: Flask) -> None:
    """`flask bank`, `flask fsrs`, `flask users` and `flask reminders`: each feature owns its
    commands."""
    from practice.accounts.cli import users_cli
    from practice.bank.cli import bank_cli
    from practice.drill.cli import fsrs_cli
    from practice.reminders.cli import reminders_cli

    for group in (bank_cli, fsrs_cli, users_cli, reminders_cli):
        app.cli.add_command(group)


def _init_login(app: Flask) -> None:
    from practice.accounts.session import load_user, unauthorized

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def _init_logging(app: Flask) -> None:
    """The audit log goes to the application log (stderr under gunicorn and flask run)."""
    audit = logging.getLogger("practice.audit")
    audit.setLevel(logging.INFO)
    # Tests read audit events through pytest's root handler; everywhere else the audit log has
    # its one handler and does not propagate, or a configured root logger writes it twice.
    audit.propagate = app.testing
    from flask.logging import default_handler

    from practice.ops.logs import configure_handler

    log_format = app.config["LOG_FORMAT"]
    if log_format == "json":
        configure_handler(default_handler, log_format)
    if not app.testing:
        if not audit.handlers:
            audit.addHandler(logging.StreamHandler())
        for handler in audit.handlers:  # an app made again in this process takes its format
            configure_handler(handler, log_format)


def _finish_config(app: Flask) -> None:
    """Fill in the secret key and database URL from instance/ when none is configured."""
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (PRACTICE_ENV=production)")
        app.config["SECRET_KEY"] = development_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlite_url(app.instance_path)
    _refuse_per_worker_limits(app)
    _refuse_links_from_the_host_header(app)


def _refuse_links_from_the_host_header(app: Flask) -> None:
    """Production emails links only under a configured address: a request's Host header is
    the sender's to choose, and a reset link pointing at their host would hand them the token."""
    production = app.config["ENV_NAME"] == "production"
    named = app.config["PUBLIC_URL"] or app.config.get("SERVER_NAME")
    if production and app.config["MAIL_SERVER"] and not named:
        raise RuntimeError(
            "MAIL_SERVER is set but PUBLIC_URL is not: set PUBLIC_URL to the address users "
            "open (e.g. https://practice.example.org) so that emailed links point there."
        )


def _refuse_per_worker_limits(app: Flask) -> None:
    """Production with in-memory rate limits works only in one process: refuse otherwise."""
    storage = app.config["RATELIMIT_STORAGE_URI"]
    production = app.config["ENV_NAME"] == "production"
    if production and storage.startswith("memory") and not app.config["SINGLE_PROCESS"]:
        raise RuntimeError(
            "Rate limits kept in memory are counted per worker, so several workers let "
            "several times the allowed attempts through. Set RATELIMIT_STORAGE_URI (e.g. "
            "redis://127.0.0.1:6379/0), or PRACTICE_SINGLE_PROCESS=1 if one process serves all."
        )


def _register_blueprints(app: Flask) -> None:
    from practice.accounts import auth_bp
    from practice.accounts import bp as account_bp
    from practice.admin import bp as admin_bp
    from practice.cards import bp as cards_bp
    from practice.cohorts import bp as cohorts_bp
    from practice.drill import bp as drill_bp
    from practice.exchange import bp as exchange_bp
    from practice.home import bp as home_bp
    from practice.library import bp as library_bp
    from practice.mentoring import bp as mentoring_bp
    from practice.paths import bp as paths_bp
    from practice.plan import bp as plan_bp
    from practice.reminders import bp as reminders_bp
    from practice.sets import bp as sets_bp
    from practice.stats import bp as stats_bp

    blueprints = (
        home_bp,
        auth_bp,
        account_bp,
        admin_bp,
        drill_bp,
        library_bp,
        paths_bp,
        sets_bp,
        mentoring_bp,
        cohorts_bp,
        stats_bp,
        exchange_bp,
        plan_bp,
        reminders_bp,
        cards_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    if app.config["BENCH_ROUTES"]:
        from practice.bench_routes import bp as bench_bp

        app.register_blueprint(bench_bp)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
