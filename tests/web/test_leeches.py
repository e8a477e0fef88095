"""Leeches in the drill: the lapse that reaches the threshold marks the card (and suspends it
if the learner chose so), says so, shows on the card, is listed for the learner out of the
cards they studied, can be cleared, and undo takes it all back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import CardState, Item
from tests.helpers.accounts import create_user, csrf_token
from tests.helpers.drill import put_card, rate, reveal, set_user, shown_card

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
MARKED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: NOON)


def due_with_lapses(app, lapses: int, **more) -> None:
    """PY-JR-001 due for review with `lapses` lapses; no new cards come today."""
    set_user(app, daily_new_limit=0)
    due, last = NOON - timedelta(days=1), NOON - timedelta(days=5)
    put_card(app, "PY-JR-001", 2, due, last, lapses=lapses, **more)


def card(app) -> CardState:
    with app.app_context():
        found = db.session.scalar(
            select(CardState).join(Item).where(Item.external_id == "PY-JR-001")
        )
        db.session.expunge(found)
        return found


def forget(client) -> str:
    """Rate the shown card Again; the page that follows."""
    response = rate(client, reveal(client, client.get("/drill").get_data(as_text=True)), 1)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_lapse_at_the_threshold_marks_a_leech_and_says_so(app, learner, clock):
    due_with_lapses(app, 7)
    after = forget(learner)
    assert "PY-JR-001 is a leech: you have forgotten it 8 times." in after
    assert "It stays in your reviews, marked as a leech." in after
    marked = card(app)
    assert marked.lapses == 8 and marked.leeched_at == NOON and not marked.suspended
    # relearning in 10 minutes, shown ahead since nothing else is left, with its badge
    assert shown_card(after) == "PY-JR-001" and 'class="badge badge-leech"' in after


def test_a_learner_who_chose_suspend_does_not_see_the_leech_again(app, learner, clock):
    set_user(app, leech_action="suspend")
    due_with_lapses(app, 7)
    after = forget(learner)
    assert "It is suspended: unsuspend it from its library page" in after
    assert shown_card(after) is None and card(app).suspended


def test_a_lapse_between_thresholds_marks_nothing(app, learner, clock):
    due_with_lapses(app, 8)
    after = forget(learner)
    assert "is a leech" not in after and card(app).leeched_at is None


def test_half_a_threshold_later_it_is_a_leech_again_and_keeps_its_first_date(app, learner, clock):
    set_user(app, leech_action="suspend")
    due_with_lapses(app, 11, leeched_at=MARKED)  # a leech since 8 lapses, unsuspended since
    assert "you have forgotten it 12 times" in forget(learner)
    again = card(app)
    assert again.leeched_at == MARKED and again.suspended


def test_a_lower_threshold_of_the_learners_own(app, learner, clock):
    set_user(app, leech_threshold=3)
    due_with_lapses(app, 2)
    assert "you have forgotten it 3 times" in forget(learner)


def test_undo_takes_back_the_mark_and_the_suspension(app, learner, clock):
    set_user(app, leech_action="suspend")
    due_with_lapses(app, 7)
    before = card(app)
    forget(learner)
    learner.post("/drill/undo", data={"csrf_token": csrf_token(learner, "/drill")})
    undone = card(app)
    assert undone.leeched_at is None and not undone.suspended
    assert (undone.lapses, undone.reps, undone.due) == (before.lapses, before.reps, before.due)


def test_undoing_a_repeat_leech_keeps_the_first_mark(app, learner, clock):
    due_with_lapses(app, 11, leeched_at=MARKED)
    forget(learner)
    learner.post("/drill/undo", data={"csrf_token": csrf_token(learner, "/drill")})
    assert card(app).leeched_at == MARKED and card(app).lapses == 11


def test_the_list_shows_the_learners_own_leeches_out_of_the_cards_they_studied(app, learner, clock):
    due_with_lapses(app, 9, leeched_at=MARKED)
    put_card(app, "PY-JR-002", 2, NOON + timedelta(days=3), NOON - timedelta(days=1))
    put_card(app, "GO-MD-001", 0, NOON, None, stability=None)  # added, never studied
    create_user(app, "bob@example.com", name="Bob")
    put_card(
        app, "PY-JR-003", 2, NOON, MARKED, lapses=8, leeched_at=MARKED, email="bob@example.com"
    )
    page = learner.get("/drill/leeches").get_data(as_text=True)
    assert "<strong>1</strong> of the 2 cards you have studied is a leech." in page
    assert 'data-item="PY-JR-001"' in page and '<td class="lapses">9</td>' in page
    assert "PY-JR-003" not in page  # Bob's


def test_clearing_the_mark_takes_the_card_off_the_list(app, learner, clock):
    due_with_lapses(app, 8, leeched_at=MARKED)
    token = csrf_token(learner, "/drill/leeches")
    cleared = learner.post("/drill/leeches/PY-JR-001/clear", data={"csrf_token": token})
    assert cleared.status_code == 302 and card(app).leeched_at is None
    page = learner.get("/drill/leeches").get_data(as_text=True)
    assert "PY-JR-001 is no longer marked as a leech." in page and "No leeches" in page
    again = learner.post("/drill/leeches/PY-JR-001/clear", data={"csrf_token": token})
    assert again.status_code == 404
    assert (
        learner.post("/drill/leeches/NOPE-001/clear", data={"csrf_token": token}).status_code == 404
    )


def test_clearing_needs_the_csrf_token(app, learner, clock):
    due_with_lapses(app, 8, leeched_at=MARKED)
    assert learner.post("/drill/leeches/PY-JR-001/clear").status_code == 400
    assert card(app).leeched_at == MARKED
