"""Configuration from environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def development_secret(instance_path: str) -> str:
    """A secret generated once into instance/secret_key and reused after that."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def sqlite_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'practice.sqlite3'}"


class Config:
    """Development defaults; every setting can come from the environment."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BANK_DIR = os.environ.get("PRACTICE_BANK_DIR", str(Path(__file__).parent.parent / "content"))
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    # CSRF tokens stay valid as long as the session: a drill page left open for hours must
    # still post. Tokens remain bound to the session and signed with SECRET_KEY.
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    FSRS_FUZZ = _env_bool("FSRS_FUZZ", True)
    BENCH_ROUTES = _env_bool("PRACTICE_BENCH_ROUTES", False)
    # One process serves every request (e.g. gunicorn --workers 1): only then may rate limits
    # live in memory in production; several workers would each count their own attempts.
    SINGLE_PROCESS = _env_bool("PRACTICE_SINGLE_PROCESS", False)
    # `json`: the application and audit logs as one JSON object per line (practice/ops/logs.py).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
    # Set to serve Prometheus metrics at /metrics to `Authorization: Bearer <token>`.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    # Links in emails and from `flask users reset-link` start with this (e.g.
    # https://practice.example.org); never taken from a request's Host header in production.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    # Email (Flask-Mailman) goes out only when MAIL_SERVER is set; without it, password reset
    # links come from an admin (admin page) or an operator (`flask users reset-link`).
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Practice <practice@localhost>")


class ProductionConfig(Config):
    """Refuses to start without SECRET_KEY; cookies are Secure unless told otherwise."""

    ENV_NAME = "production"
    BENCH_ROUTES = False
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    FSRS_FUZZ = False
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    WTF_CSRF_ENABLED = True
    # Hashing is half the suite's time at scrypt's cost; one test keeps the real method.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name
    PUBLIC_URL = ""
    MAIL_SERVER = ""  # tests that send mail point it at their own local SMTP server


def config_from_environment() -> type[Config]:
    """PRACTICE_ENV=production selects ProductionConfig; anything else is development."""
    if os.environ.get("PRACTICE_ENV", "development").lower() == "production":
        return ProductionConfig
    return Config
