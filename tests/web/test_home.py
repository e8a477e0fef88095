"""The home page lists tracks with their counts; /healthz reports the database."""

from __future__ import annotations

from practice.extensions import db
from tests.helpers.app import make_app


def test_home_lists_every_track_with_its_item_count(client, runner, small_bank):
    runner.invoke(args=["bank", "load", str(small_bank)])
    page = client.get("/").get_data(as_text=True)
    assert "Turn interview preparation into a daily habit" in page
    assert '<li class="track" data-track="python">' in page
    python = page.split('data-track="python">')[1].split("</li>")[0]
    assert "4 items" in python and "1 error, 2 questions, 1 snippet" in python
    go = page.split('data-track="go">')[1].split("</li>")[0]
    assert "0 items" in go


def test_home_without_a_bank_says_how_to_load_one(client):
    page = client.get("/").get_data(as_text=True)
    assert "No bank is loaded yet" in page


def test_htmx_is_served_from_our_own_origin(client):
    page = client.get("/").get_data(as_text=True)
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page
    assert "https://" not in page.split("<body")[0]
    script = client.get("/static/vendor/htmx/htmx.min.js")
    assert script.status_code == 200 and b"htmx" in script.data[:2000]


def test_retired_items_are_not_counted(client, runner, small_bank):
    runner.invoke(args=["bank", "load", str(small_bank)])
    (small_bank / "questions/python/PY-MD-001.md").unlink()
    runner.invoke(args=["bank", "load", str(small_bank)])
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", "items": 5}


def test_healthz_reports_ok_with_the_item_count(client, runner, small_bank):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", "items": 0}
    runner.invoke(args=["bank", "load", str(small_bank)])
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "items": 6}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'nothing.sqlite3'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
    with app.app_context():
        db.engine.dispose()
