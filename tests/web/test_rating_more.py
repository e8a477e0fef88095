"""More of the rating layer: a stale post is told apart from a repeat by the user's own tokens,
flags on a card never studied make no history, and adding a card says what it did."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.cohorts import queries as cohorts
from practice.drill import reviews
from practice.extensions import db
from practice.models import Item
from practice.types import utcnow
from tests.helpers.accounts import csrf_token, post_form
from tests.helpers.groups import client_for, load_bank, make_people, review, user


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def _item(external_id: str) -> Item:
    return db.session.scalar(select(Item).where(Item.external_id == external_id))


def test_a_stale_rating_with_a_token_only_another_user_used_is_a_conflict(app, people):
    now = utcnow()
    with app.app_context():
        item = _item("PY-JR-001")
        first = reviews.Rating(item, 3, "shared-token", 0)
        assert reviews.record_rating(user(people["learner"]), first, now, False) == "recorded"
        stale = reviews.Rating(item, 3, "shared-token", 4)  # shown before 4 reviews it never had
        outcome = reviews.record_rating(user(people["outsider"]), stale, now, False)
        assert outcome == reviews.CONFLICT
        mine = reviews.record_rating(user(people["learner"]), first, now, False)
        assert mine == reviews.DUPLICATE


def _hardest(app, cohort_id: int) -> str:
    return client_for(app, "trainer").get(f"/cohorts/{cohort_id}/hardest").get_data(True)


def test_suspending_and_burying_new_cards_are_no_lapses(app, people):
    now = utcnow()
    with app.app_context():
        cohort = cohorts.create_cohort(user(people["trainer"]), "Flags")
        cohorts.join(user(people["learner"]), cohort, now)
        cohort_id = cohort.id
    learner = client_for(app, "learner")
    token = csrf_token(learner, "/drill")
    learner.post("/drill/bury", data={"csrf_token": token, "item": "PY-JR-001"})
    learner.post("/drill/suspend", data={"csrf_token": token, "item": "PY-JR-002"})
    post_form(learner, "/library/PY-JR-002/suspend", {"suspended": "0"})
    assert "Nobody in this cohort has forgotten a card yet." in _hardest(app, cohort_id)
    review(app, people["learner"], "PY-JR-002", 3, now + timedelta(minutes=1))
    assert "Nobody in this cohort has forgotten a card yet." in _hardest(app, cohort_id)
    page = learner.get("/library/PY-JR-002").get_data(as_text=True)
    assert "1 review," in page


def test_adding_a_card_says_whether_it_was_added_or_already_studied(app, people):
    learner = client_for(app, "learner")
    added = post_form(learner, "/library/PY-MD-002/add", {}, follow_redirects=True)
    assert "Added PY-MD-002 to your new cards" in added.get_data(as_text=True)
    review(app, people["learner"], "PY-MD-002", 3, utcnow())
    again = post_form(learner, "/library/PY-MD-002/add", {}, follow_redirects=True)
    text = again.get_data(as_text=True)
    assert "You already study PY-MD-002" in text and "Added PY-MD-002" not in text
