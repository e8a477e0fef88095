"""Learning paths: modules in order, progress per module, starting a path, the path's drill."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from practice.accounts.queries import delete_account
from practice.extensions import db
from practice.models import CardState, Item, PathEnrolment, User
from tests.helpers.accounts import STRONG_PASSWORD, log_in, post_form
from tests.helpers.library import load, review_through_the_drill, text, write_library_bank


@pytest.fixture
def bank(tmp_path, runner):
    root = write_library_bank(tmp_path / "bank")
    load(runner, root)
    return root


def drill_card(client, url: str) -> str | None:
    found = re.search(r'<article class="card[^"]*" data-item="([^"]+)"', text(client, url))
    return found.group(1) if found else None


def module_progress(html: str) -> list[str]:
    return [
        " ".join(m.split())
        for m in re.findall(r'<p class="module-progress">.*?</progress>(.*?)</p>', html, re.S)
    ]


def test_paths_list_and_a_path_with_its_modules_in_order(client, bank):
    listing = text(client, "/paths")
    assert "Data basics" in listing and "2 modules · 3 items" in listing
    html = text(client, "/paths/data-basics")
    keys, caches = html.index("Keys first"), html.index("Caches")
    assert keys < html.index("PY-MD-001") < caches < html.index("GO-MD-001")
    assert html.index("GO-MD-001") < html.index("SD-CASE-001")  # easier first within topics
    assert "to start this path" in html
    text(client, "/paths/nope", status=404)


def test_starting_a_path_scopes_the_drill_to_its_current_module(app, client, bank, user_id):
    log_in(client)
    assert drill_card(client, "/drill") == "GO-JR-001"  # the easiest card overall
    response = post_form(client, "/paths/data-basics/start", {})
    assert response.headers["Location"] == "/drill?path=data-basics"
    with app.app_context():
        assert db.session.get(PathEnrolment, (user_id, 1)) is not None
    assert drill_card(client, "/drill?path=data-basics") == "PY-MD-001"
    review_through_the_drill(client, "PY-MD-001")
    # module 1 is learned: the drill moves on to module 2, in the path's order
    assert drill_card(client, "/drill?path=data-basics") == "GO-MD-001"
    html = text(client, "/paths/data-basics")
    assert module_progress(html) == [
        "1 of 1 learned, 0 mature (stability of 21 days or more)",
        "0 of 2 learned, 0 mature (stability of 21 days or more)",
    ]
    assert re.search(r'<li class="module current" data-module="2">', html)
    assert "Drill the current module" in html


def test_mature_cards_count_once_stability_reaches_21_days(app, client, bank, user_id):
    log_in(client)
    review_through_the_drill(client, "PY-MD-001")
    with app.app_context():
        item_id = db.session.scalar(select(Item.id).where(Item.external_id == "PY-MD-001"))
        db.session.execute(
            update(CardState).where(CardState.item_id == item_id).values(stability=21.0)
        )
        db.session.commit()
    progress = module_progress(text(client, "/paths/data-basics"))
    assert progress[0].startswith("1 of 1 learned, 1 mature")


def test_start_needs_login_and_csrf_and_bad_paths_are_clear(app, client, bank, user_id):
    assert post_form(client, "/paths/data-basics/start", {}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(PathEnrolment)) is None
    log_in(client)
    assert client.post("/paths/data-basics/start", data={}).status_code == 400
    assert post_form(client, "/paths/nope/start", {}).status_code == 404
    response = client.get("/drill?path=nope")
    assert response.status_code == 400 and "Unknown learning path" in response.get_data(True)
    assert client.get("/drill?path=a&path=b").status_code == 400


def test_started_paths_are_exported_and_deleted_with_the_account(app, client, bank, user_id):
    log_in(client)
    post_form(client, "/paths/data-basics/start", {})
    exported = client.get("/account/export.json").get_json()
    assert [entry["path"] for entry in exported["learning_paths"]] == ["data-basics"]
    with app.app_context():
        delete_account(db.session.get(User, user_id), STRONG_PASSWORD)
        assert db.session.scalar(select(PathEnrolment)) is None


def test_topic_matches_stay_inside_the_path_tracks(runner, client, bank):
    """A module's topics pull items only from the tracks its path names: with Go dropped from
    the path, the Go caching question leaves the Caches module."""
    path_file = bank / "paths" / "data-basics.yaml"
    path_file.write_text(
        path_file.read_text(encoding="utf-8").replace(
            "tracks: [python, go, system-design, security]", "tracks: [python, system-design]"
        ),
        encoding="utf-8",
    )
    load(runner, bank)
    html = text(client, "/paths/data-basics")
    assert "SD-CASE-001" in html and "GO-MD-001" not in html
    assert "Tracks: Python, System design" in html
    assert "2 modules · 2 items" in text(client, "/paths")


def test_each_module_shows_its_share_of_the_study_time(client, bank):
    html = text(client, "/paths/data-basics")
    assert "3 items · about 2 h of study" in html
    hints = re.findall(r'<p class="hint">(\d+ items? · about [^<]+)</p>', html)
    assert hints == ["1 item · about 30 min", "2 items · about 1 h"]


def test_the_index_shows_a_progress_bar_per_path_for_a_signed_in_learner(client, bank, user_id):
    assert "<progress" not in text(client, "/paths")
    log_in(client)
    review_through_the_drill(client, "PY-MD-001")
    listing = text(client, "/paths")
    assert re.search(r'<progress max="3" value="1" aria-label="1 of 3 learned">', listing)
