"""The limiter works on Redis (RATELIMIT_STORAGE_URI) as it does in memory."""

from __future__ import annotations

import socket

import pytest

from practice.extensions import db, limiter
from tests.helpers.accounts import create_user, log_in
from tests.helpers.app import make_app

REDIS = "redis://127.0.0.1:6379/15"


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_failed_logins_are_counted_in_redis(app, database_url):
    redis_app = make_app(database_url, RATELIMIT_STORAGE_URI=REDIS)
    with redis_app.app_context():
        limiter.reset()
    create_user(redis_app)
    client = redis_app.test_client()
    for _ in range(10):
        log_in(client, password="wrong password here")
    assert log_in(client).status_code == 429
    with redis_app.app_context():
        limiter.reset()
        db.engine.dispose()
