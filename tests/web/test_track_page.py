"""A track's page (/library/tracks/<slug>), linked from the home page's track cards and the
tracks table: what the bank holds in the track and, signed in, the learner's own cards in it
(new, learning, in review), what is due today, and predicted recall."""

from __future__ import annotations

import re
from datetime import timedelta

from practice.types import utcnow
from tests.helpers.accounts import create_user, log_in
from tests.helpers.drill import put_card
from tests.helpers.library import review_through_the_drill, text


def figures(html: str) -> dict[str, str]:
    found = re.findall(r'<dd data-figure="([a-z]+)">(.*?)</dd>', html, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", "", value).split()) for name, value in found}


def test_home_track_cards_and_the_tracks_table_link_to_the_track_page(learner):
    home = text(learner, "/")
    card = home.split('data-track="python"', 1)[1].split("</li>", 1)[0]
    assert 'href="/library/tracks/python"' in card
    row = text(learner, "/library/tracks").split('data-track="python"', 1)[1].split("</tr>")[0]
    assert 'href="/library/tracks/python">Python</a>' in row


def test_a_track_page_shows_the_banks_items_by_level_and_kind(client, learner):
    html = text(learner, "/library/tracks/python")
    assert "<h1>Python</h1>" in html
    assert "4 items: 1 error, 3 questions" in html
    assert 'href="/library?track=python&amp;level=junior">junior: 3</a>' in html
    assert "architect: 0" in html and 'href="/feed.atom?track=python"' in html


def test_a_new_learner_sees_every_card_new_and_nothing_studied(learner):
    shown = figures(text(learner, "/library/tracks/python"))
    assert shown["new"] == "4" and shown["learning"] == "0" and shown["review"] == "0"
    assert shown["recall"] == "nothing studied yet"
    assert shown["today"] == "0 due, 0 learning, 4 new"
    assert 'href="/drill?track=python"' in text(learner, "/library/tracks/python")


def test_the_learners_cards_in_the_track_are_counted_by_state(app, learner):
    review_through_the_drill(learner, "PY-JR-001")  # Good on a new card: learning
    now = utcnow()
    put_card(app, "PY-JR-002", 2, now - timedelta(days=1), now - timedelta(days=30), 30.0)
    put_card(app, "PY-JR-003", 2, now + timedelta(days=9), now - timedelta(days=1), 10.0)
    put_card(app, "GO-MD-001", 2, now - timedelta(days=1), now - timedelta(days=3), 2.0)
    shown = figures(text(learner, "/library/tracks/python"))
    assert shown["new"] == "1" and shown["learning"] == "1"
    assert shown["review"] == "2 (1 mature: stability of 21 days or more)"
    assert shown["today"].startswith("1 due, ")  # PY-JR-002; the Go card is another track's
    recall = re.match(r"(\d+)% \(predicted, over your 3 studied cards\)", shown["recall"])
    assert recall and 50 < int(recall.group(1)) < 100
    go = figures(text(learner, "/library/tracks/go"))
    assert go["review"].startswith("1 ") and go["today"].startswith("1 due")


def test_suspended_cards_are_said(app, learner):
    now = utcnow()
    put_card(app, "PY-JR-002", 2, now + timedelta(days=3), now, 5.0, suspended=True)
    assert figures(text(learner, "/library/tracks/python"))["suspended"] == "1"


def test_another_learners_cards_never_show(app, client, learner):
    review_through_the_drill(learner, "PY-JR-001")
    create_user(app, "bob@example.com", name="Bob")
    client.post("/logout", data={})
    bob = app.test_client()
    log_in(bob, "bob@example.com")
    shown = figures(text(bob, "/library/tracks/python"))
    assert shown["new"] == "4" and shown["learning"] == "0"
    assert shown["recall"] == "nothing studied yet"


def test_signed_out_the_page_offers_a_login_and_no_figures(client, learner):
    anonymous = client.application.test_client()
    html = text(anonymous, "/library/tracks/python")
    assert "<h1>Python</h1>" in html and figures(html) == {}
    assert 'href="/login?next=/library/tracks/python">Log in</a> to see your cards' in html


def test_an_unknown_track_is_a_404(learner):
    assert learner.get("/library/tracks/cobol").status_code == 404
    assert learner.get("/library/tracks/").status_code in (404, 308)
