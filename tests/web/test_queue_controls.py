"""Anki's queue controls in the drill: the maximum reviews per day (new cards count toward it
and wait when it is reached), learning cards shown up to the learn-ahead limit early when
nothing else is left, the countdown to the next one, and learning steps of hours and days."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User
from tests.helpers.accounts import csrf_token
from tests.helpers.drill import (
    counts,
    form_fields,
    put_card,
    rate,
    reveal,
    set_user,
    shown_card,
)

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
REVIEW, LEARNING = 2, 1


@pytest.fixture
def clock(monkeypatch):
    """The drill's clock, fixed at noon UTC unless a test moves it."""
    moments = [NOON]
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: moments[-1])
    return moments


def due_reviews(app, *external_ids: str) -> None:
    for n, external_id in enumerate(external_ids):
        put_card(app, external_id, REVIEW, NOON - timedelta(days=1 + n), NOON - timedelta(days=9))


def logs_today(app, count: int, state_before: int) -> None:
    """Reviews done earlier today, of cards that were in `state_before`."""
    with app.app_context():
        user_id, item_id = db.session.scalar(select(User.id)), db.session.scalar(select(Item.id))
        for n in range(count):
            db.session.add(
                ReviewLog(
                    user_id=user_id,
                    item_id=item_id,
                    rating=3,
                    reviewed_at=NOON - timedelta(hours=1, minutes=n),
                    state_before={"state": state_before},
                    state_after={},
                    client_token=f"earlier-{state_before}-{n}",
                )
            )
        db.session.commit()


def page(client, path: str = "/drill") -> str:
    return client.get(path).get_data(as_text=True)


# -- maximum reviews per day ---------------------------------------------------------------


def test_the_maximum_caps_due_reviews_and_leaves_no_room_for_new_cards(app, learner, clock):
    due_reviews(app, "PY-JR-001", "PY-JR-002", "PY-JR-003")
    set_user(app, maximum_reviews=2)
    first = page(learner)
    assert counts(first) == (0, 2, 0)  # 3 due, 2 allowed; 2 new items wait though 20 may come
    for _ in range(2):
        rate(learner, reveal(learner, page(learner)), 3)
    done = page(learner)
    assert shown_card(done) is None and "Nothing is due." in done
    assert "You have reached your maximum of 2 reviews today" in done
    assert "1 more review is" in done and "new cards wait for tomorrow too" in done


def test_new_cards_get_what_the_due_reviews_leave_of_the_maximum(app, learner, clock):
    due_reviews(app, "PY-JR-001", "PY-JR-002", "PY-JR-003")
    set_user(app, maximum_reviews=4)
    assert counts(page(learner)) == (0, 3, 1)


def test_new_cards_introduced_today_count_toward_the_maximum(app, learner, clock):
    set_user(app, maximum_reviews=3)
    for _ in range(2):
        rate(learner, reveal(learner, page(learner)), 4)  # Easy: straight to review
    assert counts(page(learner)) == (0, 0, 1)  # 20 new a day, but only 3 - 2 reviews left


def test_reviews_done_today_count_but_learning_steps_do_not(app, learner, clock):
    due_reviews(app, "PY-JR-001", "PY-JR-002", "PY-JR-003")
    logs_today(app, 2, REVIEW)
    logs_today(app, 5, LEARNING)
    set_user(app, maximum_reviews=3)
    assert counts(page(learner)) == (0, 1, 0)


def test_reviewing_ahead_shows_the_reviews_the_maximum_held_back(app, learner, clock):
    due_reviews(app, "PY-JR-001")
    set_user(app, maximum_reviews=0)
    held = page(learner)
    assert shown_card(held) is None and "1 more review is" in held
    assert 'href="/drill?ahead=1"' in held
    assert shown_card(page(learner, "/drill?ahead=1")) == "PY-JR-001"


def test_extra_new_cards_asked_for_pass_the_maximum(app, learner, clock):
    set_user(app, maximum_reviews=0)
    assert shown_card(page(learner)) is None
    token = csrf_token(learner, "/drill")
    learner.post("/drill/more-new", data={"csrf_token": token, "count": "1"})
    assert counts(page(learner)) == (0, 0, 1)


# -- learn ahead ---------------------------------------------------------------------------


def only_learning_card_due_in(app, minutes: int) -> None:
    set_user(app, daily_new_limit=0)
    put_card(app, "PY-JR-001", LEARNING, NOON + timedelta(minutes=minutes), NOON, stability=1)


def test_a_learning_card_due_within_the_limit_is_shown_when_nothing_else_is_left(
    app, learner, clock
):
    only_learning_card_due_in(app, 5)
    shown = page(learner)
    assert shown_card(shown) == "PY-JR-001" and counts(shown) == (1, 0, 0)


def test_due_reviews_come_before_learning_cards_shown_ahead(app, learner, clock):
    only_learning_card_due_in(app, 5)
    due_reviews(app, "PY-JR-002")
    first = page(learner)
    assert shown_card(first) == "PY-JR-002" and counts(first) == (1, 1, 0)
    rate(learner, reveal(learner, first), 3)
    assert shown_card(page(learner)) == "PY-JR-001"


def test_past_the_limit_the_screen_says_when_the_card_comes_back(app, learner, clock):
    only_learning_card_due_in(app, 30)
    done = page(learner)
    assert shown_card(done) is None and counts(done) == (0, 0, 0)
    # 30 minutes away, shown 20 minutes early: back at 12:10, in 10 minutes
    assert "Your next learning card comes back" in done
    assert re.search(r'data-countdown="600"[^>]*>at 12:10</time>', done)
    assert '<span class="countdown-wait" aria-live="off">in 10 minutes</span>' in done


def test_the_countdown_reads_in_the_users_zone_and_reloads_the_same_scope(app, learner, clock):
    only_learning_card_due_in(app, 95)
    set_user(app, time_zone="Europe/Berlin", learn_ahead_minutes=0)
    done = page(learner, "/drill?track=python")
    assert re.search(r'data-reload="/drill\?track=python">at 14:35</time>', done)  # UTC+1
    assert "in 1 hour 35 minutes" in done


def test_with_no_learn_ahead_a_card_due_in_five_minutes_waits(app, learner, clock):
    only_learning_card_due_in(app, 5)
    set_user(app, learn_ahead_minutes=0)
    done = page(learner)
    assert shown_card(done) is None and "in 5 minutes" in done


def test_learning_ahead_stops_at_the_start_of_the_next_study_day(app, learner, clock):
    set_user(app, daily_new_limit=0)
    clock.append(datetime(2026, 11, 2, 3, 50, tzinfo=UTC))  # the next study day starts at 04:00
    due = datetime(2026, 11, 2, 4, 5, tzinfo=UTC)
    put_card(app, "PY-JR-001", LEARNING, due, due - timedelta(minutes=10), stability=1)
    done = page(learner)
    assert shown_card(done) is None
    assert re.search(r'data-countdown="600"[^>]*>at 04:00</time>', done)


def test_an_htmx_rating_that_empties_the_queue_brings_the_countdown(app, learner, clock):
    set_user(app, daily_new_limit=1, learn_ahead_minutes=5)
    fragment = learner.post(
        "/drill/rate",
        data=rate_fields(learner, rating=3),
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    assert "<html" not in fragment and "Your next learning card comes back" in fragment
    assert "in 5 minutes" in fragment  # the 10-minute step, shown 5 minutes early


def rate_fields(client, rating: int) -> dict[str, str]:
    return form_fields(reveal(client, page(client)), "/drill/rate") | {"rating": str(rating)}


# -- learning steps in hours and days ------------------------------------------------------


def test_a_one_day_step_shows_1d_and_is_due_when_the_next_study_day_starts(app, learner, clock):
    set_user(app, learning_steps=[60, 1440])
    clock.append(datetime(2026, 11, 2, 21, 0, tzinfo=UTC))
    answered = reveal(learner, page(learner))
    assert re.search(r'Again</span> <span class="rate-interval">1h', answered)
    assert re.search(r'Good</span> <span class="rate-interval">1d', answered)
    rate(learner, answered, 3)
    with app.app_context():
        card = db.session.scalar(select(CardState))
        assert card.state == LEARNING and card.due == datetime(2026, 11, 3, 4, tzinfo=UTC)
