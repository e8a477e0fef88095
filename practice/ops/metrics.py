"""Prometheus metrics, off by default.

With `METRICS_TOKEN` set, `GET /metrics` answers the Prometheus text format to a request that
sends `Authorization: Bearer <token>` (anything else gets 401); without it the route is a 404
and no request is timed. Under gunicorn with several workers, set `PROMETHEUS_MULTIPROC_DIR` to
an empty folder (and use `deploy/gunicorn.conf.py`, which removes a dead worker's files) so one
scrape adds up every worker; without it each scrape sees one worker's counts.
"""

from __future__ import annotations

import hmac
import os
import time

from flask import Flask, Response, abort, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from practice.extensions import csrf, db, limiter
from practice.ops.logs import run_first

REQUESTS = Counter(
    "practice_requests_total", "HTTP requests answered", ["route", "method", "status"]
)
LATENCY = Histogram(
    "practice_request_seconds",
    "Time to answer a request, by route",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RATINGS = Counter("practice_ratings_recorded_total", "Ratings stored (refused ones not counted)")
QUEUE_BUILD = Histogram(
    "practice_queue_build_seconds",
    "Time to build a learner's drill queue",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)
POOL_IN_USE = Gauge(
    "practice_db_pool_connections_in_use",
    "Database connections checked out of this process's pool",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "practice_db_pool_connections_open",
    "Database connections this process's pool holds open",
    multiprocess_mode="livesum",
)


def rating_recorded() -> None:
    RATINGS.inc()


class QueueTimer:
    """`with QueueTimer():` around building a queue observes its time."""

    def __enter__(self) -> QueueTimer:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        QUEUE_BUILD.observe(time.perf_counter() - self.started)


def _route() -> str:
    """The URL rule, not the path: /library/<external_id>, so ids never become labels."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _pool_figures() -> None:
    pool = db.engine.pool
    checked_out = getattr(pool, "checkedout", None)
    size = getattr(pool, "checkedin", None)
    if callable(checked_out) and callable(size):
        POOL_IN_USE.set(checked_out())
        POOL_SIZE.set(checked_out() + size())


def _exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def _authorised(token: str) -> bool:
    sent = request.headers.get("Authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def register_metrics(app: Flask) -> None:
    token = app.config.get("METRICS_TOKEN") or ""

    @app.get("/metrics")
    @limiter.exempt
    @csrf.exempt
    def metrics() -> Response:
        if not token:
            abort(404)
        if not _authorised(token):
            return Response(
                "A bearer token is required.\n",
                401,
                {"WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain"},
            )
        _pool_figures()
        return Response(_exposition(), 200, {"Content-Type": CONTENT_TYPE_LATEST})

    if not token:
        return

    def start_clock() -> None:
        g.metrics_started = time.perf_counter()

    run_first(app, start_clock)

    @app.after_request
    def count_request(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics":
            route = _route()
            LATENCY.labels(route).observe(time.perf_counter() - started)
            REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        return response
