"""What an operator relies on: metrics behind a token, request ids through the audit log,
JSON logs, and `flask db backup` making a copy that restores and replays."""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import ReviewLog
from tests.helpers.accounts import log_in
from tests.helpers.app import POSTGRES_URL, make_app
from tests.helpers.drill import rate, reveal

TOKEN = "s3cret-metrics-token"
sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="backs up a SQLite file")


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (labels in any order), 0 when absent."""
    for line in text.splitlines():
        found = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if found and found.group(1) == name:
            sample = dict(re.findall(r'([a-z_]+)="([^"]*)"', found.group(2) or ""))
            if sample == labels:
                return float(found.group(3))
    return 0.0


@pytest.fixture
def metered(database_url):
    return make_app(database_url, METRICS_TOKEN=TOKEN)


def scrape(client, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/metrics", headers=headers)


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404
    assert scrape(client).status_code == 404


def test_metrics_refuse_a_missing_or_wrong_token(metered):
    client = metered.test_client()
    for token in (None, "wrong", TOKEN + "x"):
        answer = scrape(client, token)
        assert answer.status_code == 401
        assert b"practice_requests_total" not in answer.data


def test_requests_are_counted_by_route_not_by_path(metered):
    client = metered.test_client()
    before = scrape(client).get_data(as_text=True)
    labels = {"route": "/library/<name>", "method": "GET", "status": "404"}
    for external_id in ("NOPE-1", "NOPE-2"):
        assert client.get(f"/library/{external_id}").status_code == 404
    after = scrape(client).get_data(as_text=True)
    counted = metric(after, "practice_requests_total", **labels)
    assert counted - metric(before, "practice_requests_total", **labels) == 2
    assert "NOPE-1" not in after
    assert metric(after, "practice_request_seconds_count", route="/library/<name>") >= 2


def test_ratings_and_queue_builds_are_measured(metered, bank):
    from tests.helpers.accounts import create_user

    create_user(metered)
    runner = metered.test_cli_runner()
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    client = metered.test_client()
    log_in(client)
    before = scrape(client).get_data(as_text=True)
    page = reveal(client, client.get("/drill").get_data(as_text=True))
    assert rate(client, page, 3).status_code == 302
    after = scrape(client).get_data(as_text=True)
    assert (
        metric(after, "practice_ratings_recorded_total")
        - metric(before, "practice_ratings_recorded_total")
        == 1
    )
    built = metric(after, "practice_queue_build_seconds_count")
    assert built - metric(before, "practice_queue_build_seconds_count") >= 1
    with metered.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 1
    assert "practice_db_pool_connections_in_use" in after


def test_every_answer_carries_a_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(client):
    sent = "edge-7f3a9c21"
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent
    hostile_ids = ("short", "x" * 65, "ab;Set-Cookie=a=b1234", "id\x1b[31mred123", "spaced id 12")
    for hostile in hostile_ids:
        answered = client.get("/healthz", headers={"X-Request-ID": hostile}).headers
        assert answered["X-Request-ID"] != hostile
        assert re.fullmatch(r"[0-9a-f]{32}", answered["X-Request-ID"])


def test_the_audit_log_names_the_request(client, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    answer = client.post(
        "/login",
        data={"email": "nobody@example.com", "password": "x"},
        headers={"X-Request-ID": "trace-0123456789"},
    )
    assert answer.headers["X-Request-ID"] == "trace-0123456789"
    lines = [r.getMessage() for r in caplog.records if r.name == "practice.audit"]
    assert lines and all(" request=trace-0123456789" in line for line in lines)


def test_json_logs_write_one_object_per_line_with_the_request_id(database_url):
    app = make_app(database_url, TESTING=False, LOG_FORMAT="json")
    audit = logging.getLogger("practice.audit")
    stream = io.StringIO()
    handler = audit.handlers[0]
    handler.setStream(stream)
    try:
        app.test_client().post(
            "/login",
            data={"email": "a\nb@example.com", "password": "x"},
            headers={"X-Request-ID": "json-0123456789"},
        )
    finally:
        make_app(database_url)  # later test apps read the audit log through pytest again
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records, "the refused post was audited"
    for record in records:
        assert record["request_id"] == "json-0123456789"
        assert record["level"] == "INFO" and record["name"] == "practice.audit"
        assert "request=json-0123456789" in record["message"]


@sqlite_only
def test_a_backup_restores_and_replays(app, runner, bank, user_id, tmp_path):
    client = app.test_client()
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    log_in(client)
    for rating in (3, 1, 4):
        page = reveal(client, client.get("/drill").get_data(as_text=True))
        assert rate(client, page, rating).status_code == 302
    copy = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["db", "backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    with sqlite3.connect(copy) as restored:
        assert restored.execute("select count(*) from review_logs").fetchone()[0] == 3
    restored_app = make_app(f"sqlite:///{copy}")
    check = restored_app.test_cli_runner().invoke(args=["fsrs", "check"])
    assert check.exit_code == 0, check.output
    assert "0 disagree; database checks: ok" in check.output


@sqlite_only
def test_a_backup_never_overwrites_a_file(runner, tmp_path):
    existing = tmp_path / "keep.sqlite3"
    existing.write_bytes(b"precious")
    result = runner.invoke(args=["db", "backup", str(existing)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert existing.read_bytes() == b"precious"
    missing = runner.invoke(args=["db", "backup", str(tmp_path / "no" / "such" / "x.db")])
    assert missing.exit_code != 0 and "is not a folder" in missing.output


@pytest.mark.skipif(not POSTGRES_URL, reason="the PostgreSQL refusal")
def test_backup_on_postgres_points_to_pg_dump(runner, tmp_path):
    result = runner.invoke(args=["db", "backup", str(tmp_path / "x.sql")])
    assert result.exit_code != 0 and "pg_dump" in result.output
