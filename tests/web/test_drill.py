"""The drill over HTTP: show, reveal, rate once, undo exactly, suspend, bury, limits."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from practice.domain.scheduling import Memory
from practice.drill.memory import memory_of
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User, counted
from tests.helpers.accounts import csrf_token, log_in
from tests.helpers.drill import counts, form_fields, rate, reveal, shown_card


def test_drill_needs_login(client):
    assert client.get("/drill").status_code == 302


def test_first_card_is_the_easiest_new_one_with_prompt_only(learner):
    page = learner.get("/drill").get_data(as_text=True)
    assert shown_card(page) == "PY-JR-001"
    assert "What does a Python list comprehension build?" in page
    assert "## Answer" not in page and "It keeps data close" not in page
    assert counts(page) == (0, 0, 5)
    assert "Type your answer first" in page and 'data-key="1"' not in page


def test_staged_reveal_then_rating_buttons_with_intervals(learner):
    page = learner.get("/drill").get_data(as_text=True)
    fields = form_fields(page, "/drill/reveal") | {"answer": "It builds a new list."}
    stage1 = learner.post("/drill/reveal", data=fields).get_data(as_text=True)
    assert "It keeps data close to the reader." in stage1  # the model answer
    assert "Your answer" in stage1 and "It builds a new list." in stage1
    assert "Deep dive</h3>" not in stage1
    assert re.search(r"Again</span> <span class=\"rate-interval\">1m", stage1)
    assert re.search(r"Good</span> <span class=\"rate-interval\">10m", stage1)
    stage2 = reveal(learner, stage1)
    assert "Deep dive</h3>" in stage2 and "Real world</h3>" not in stage2
    stage3 = reveal(learner, stage2)
    assert "Real world</h3>" in stage3 and "Production scenario</h3>" in stage3
    stage4 = reveal(learner, stage3)
    assert "Follow-ups</h3>" in stage4 and "Point number 3 worth asking?" in stage4
    assert 'data-key="reveal"' not in stage4  # everything is shown


def test_htmx_reveal_returns_only_the_card_fragment(learner):
    page = learner.get("/drill").get_data(as_text=True)
    fragment = reveal(learner, page, headers={"HX-Request": "true"})
    assert fragment.lstrip().startswith("<article") and "<html" not in fragment


def test_rating_records_once_and_moves_on(app, learner, monkeypatch):
    # at noon: a 10-minute step then ends within the study day (not at its 04:00 start)
    monkeypatch.setattr(
        "practice.drill.views.utcnow", lambda: datetime(2026, 11, 2, 12, tzinfo=UTC)
    )
    page = learner.get("/drill").get_data(as_text=True)
    answered = reveal(learner, page)
    response = rate(learner, answered, 3, answer="my typed answer")
    assert response.status_code == 302
    nxt = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert shown_card(nxt) != "PY-JR-001"
    assert counts(nxt) == (1, 0, 4)  # back in 10 minutes: within the learn-ahead limit
    with app.app_context():
        log = db.session.scalar(select(ReviewLog))
        assert log.rating == 3 and log.was_new and log.typed_answer == "my typed answer"
        card = db.session.scalar(select(CardState))
        assert card.state == 1 and card.reps == 1
        assert card.due - card.last_review == timedelta(minutes=10)


def test_htmx_rating_swaps_the_next_card_and_counters_out_of_band(learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    fields = form_fields(answered, "/drill/rate") | {"rating": "4"}
    fragment = learner.post("/drill/rate", data=fields, headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in body
    assert 'id="drill-counts" class="counts" aria-live="polite" hx-swap-oob="true"' in body
    assert shown_card(body) == "PY-JR-002"


@pytest.mark.parametrize("bad", ["0", "5", "good", ""])
def test_a_wrong_rating_is_a_400_and_changes_nothing(app, learner, bad):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    response = rate(learner, answered, bad)
    assert response.status_code == 400
    assert "A rating must be 1 (Again)" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 0


def test_the_same_post_twice_counts_once(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    assert rate(learner, answered, 3).status_code == 302
    again = rate(learner, answered, 3)
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
        assert db.session.scalar(select(CardState.reps)) == 1


def test_two_tabs_rating_one_card_give_one_review_and_a_message(app, learner):
    tab_one = reveal(learner, learner.get("/drill").get_data(as_text=True))
    tab_two = reveal(learner, learner.get("/drill").get_data(as_text=True))
    assert rate(learner, tab_one, 3).status_code == 302
    loser = rate(learner, tab_two, 1)
    page = learner.get(loser.headers["Location"]).get_data(as_text=True)
    assert "already rated in another tab" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
        assert db.session.scalar(select(ReviewLog.rating)) == 3


def test_same_rating_from_two_threads_at_once_counts_once(app, user_id, runner, bank):
    runner.invoke(args=["bank", "load", str(bank)])
    clients = [app.test_client() for _ in range(2)]
    for client in clients:
        log_in(client)
    answered = reveal(clients[0], clients[0].get("/drill").get_data(as_text=True))
    fields = form_fields(answered, "/drill/rate") | {"rating": "3"}
    for client in clients:
        fields["csrf_token"] = csrf_token(client, "/drill")
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def fire(client, data):
        barrier.wait()
        statuses.append(client.post("/drill/rate", data=dict(data)).status_code)

    threads = [
        threading.Thread(target=fire, args=(c, fields | {"csrf_token": csrf_token(c, "/drill")}))
        for c in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 1
        assert db.session.scalar(select(CardState.reps)) == 1


def card_snapshot(app) -> dict:
    with app.app_context():
        card = db.session.scalar(
            select(CardState).join(Item).where(Item.external_id == "PY-JR-001")
        )
        return memory_of(card).as_dict() | {"suspended": card.suspended}


def test_undo_restores_the_card_exactly_and_removes_only_that_review(app, learner):
    first = reveal(learner, learner.get("/drill").get_data(as_text=True))
    rate(learner, first, 3)  # PY-JR-001 -> learning step 1
    with app.app_context():  # make it due again
        card = db.session.scalar(select(CardState))
        card.due = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    before = card_snapshot(app)
    again = reveal(learner, learner.get("/drill").get_data(as_text=True))
    assert shown_card(again) == "PY-JR-001"
    rate(learner, again, 3)
    assert card_snapshot(app) != before
    undo = learner.post("/drill/undo", data={"csrf_token": csrf_token(learner, "/drill")})
    assert undo.status_code == 302 and "item=PY-JR-001" in undo.headers["Location"]
    assert card_snapshot(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id)).where(counted())) == 1
    page = learner.get(undo.headers["Location"]).get_data(as_text=True)
    assert shown_card(page) == "PY-JR-001" and 'data-key="3"' in page  # ready to re-rate


def test_undoing_a_first_review_makes_the_card_new_again(app, learner):
    rate(learner, reveal(learner, learner.get("/drill").get_data(as_text=True)), 3)
    learner.post("/drill/undo", data={"csrf_token": csrf_token(learner, "/drill")})
    with app.app_context():
        assert db.session.scalar(select(func.count(CardState.id))) == 0
        assert db.session.scalar(select(func.count(ReviewLog.id)).where(counted())) == 0
    assert counts(learner.get("/drill").get_data(as_text=True)) == (0, 0, 5)


def test_undo_refuses_when_the_card_moved_on(app, learner):
    rate(learner, reveal(learner, learner.get("/drill").get_data(as_text=True)), 3)
    with app.app_context():
        db.session.scalar(select(CardState)).stability = 99.0  # changed by something else
        db.session.commit()
    learner.post("/drill/undo", data={"csrf_token": csrf_token(learner, "/drill")})
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id)).where(counted())) == 1


def test_suspend_and_bury_skip_the_card(app, learner):
    token = csrf_token(learner, "/drill")
    learner.post("/drill/suspend", data={"csrf_token": token, "item": "PY-JR-001"})
    page = learner.get("/drill").get_data(as_text=True)
    assert shown_card(page) == "PY-JR-002" and counts(page) == (0, 0, 4)
    learner.post("/drill/bury", data={"csrf_token": token, "item": "PY-JR-002"})
    assert shown_card(learner.get("/drill").get_data(as_text=True)) == "PY-JR-003"
    with app.app_context():
        user = db.session.scalar(select(User))
        buried = db.session.scalar(
            select(CardState.buried_until).where(CardState.suspended.is_(False))
        )
        assert buried > datetime.now(UTC)
        assert (buried - datetime.now(UTC)) <= timedelta(hours=24)
        assert user.time_zone == "UTC" and buried.hour == user.day_start_hour


def test_daily_new_limit_then_learn_more_and_next_due(app, learner):
    with app.app_context():
        db.session.scalar(select(User)).daily_new_limit = 2
        db.session.commit()
    for _ in range(2):
        rate(learner, reveal(learner, learner.get("/drill").get_data(as_text=True)), 4)
    page = learner.get("/drill").get_data(as_text=True)
    assert counts(page) == (0, 0, 0) and shown_card(page) is None
    assert "Nothing is due." in page and "Your next card is due" in page
    assert "3 new cards are waiting in this scope." in page
    learner.post(
        "/drill/more-new", data={"csrf_token": csrf_token(learner, "/drill"), "count": "1"}
    )
    page = learner.get("/drill").get_data(as_text=True)
    assert counts(page) == (0, 0, 1) and shown_card(page) == "PY-JR-003"


def test_new_today_follows_the_users_own_day(app, learner):
    with app.app_context():
        user = db.session.scalar(select(User))
        user.daily_new_limit = 1
        db.session.add(
            ReviewLog(
                user_id=user.id,
                item_id=1,
                rating=3,
                reviewed_at=datetime.now(UTC) - timedelta(hours=30),
                state_after={},
                client_token="old",
                was_new=True,
            )
        )
        db.session.commit()
    assert counts(learner.get("/drill").get_data(as_text=True))[2] == 1


def test_scope_filters_and_bad_scope(learner):
    page = learner.get("/drill?track=go").get_data(as_text=True)
    assert shown_card(page) == "GO-MD-001" and counts(page) == (0, 0, 1)
    assert shown_card(learner.get("/drill?kind=error").get_data(True)) == "PY-ERR-001"
    topic = learner.get("/drill?topic=testing").get_data(as_text=True)
    assert shown_card(topic) == "PY-JR-003"
    hard = learner.get("/drill?min_difficulty=4&max_difficulty=10").get_data(as_text=True)
    assert counts(hard) == (0, 0, 2)
    bad = learner.get("/drill?level=wizard")
    assert bad.status_code == 400 and "Unknown level &#39;wizard&#39;" in bad.get_data(True)
    assert learner.get("/drill?min_difficulty=11").status_code == 400


def test_error_kind_is_revealed_root_cause_then_fix(learner):
    page = learner.get("/drill?kind=error").get_data(as_text=True)
    assert "KeyError: 'user_id'" in page  # the error message is part of the prompt
    stage1 = reveal(learner, page)
    assert "Root cause</h3>" in stage1 and "Fix</h3>" not in stage1
    assert "Fix</h3>" in reveal(learner, stage1)


def test_settings_validate_and_save(app, learner):
    page = learner.get("/drill/settings").get_data(as_text=True)
    assert 'value="1m 10m"' in page
    token = csrf_token(learner, "/drill/settings")
    bad = learner.post(
        "/drill/settings",
        data={
            "csrf_token": token,
            "desired_retention": "0.5",
            "daily_new_limit": "10",
            "time_zone": "Mars/Olympus",
            "day_start_hour": "25",
            "learning_steps": "1m 2w",
        },
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Not a valid choice" in text and "&#39;2w&#39; is not a step like 10m, 2h or 1d." in text
    good = learner.post(
        "/drill/settings",
        data={
            "csrf_token": token,
            "desired_retention": "0.85",
            "daily_new_limit": "15",
            "time_zone": "Europe/Berlin",
            "day_start_hour": "5",
            "learning_steps": "2m 15m 1h",
            "maximum_reviews": "200",
            "learn_ahead_minutes": "20",
            "leech_threshold": "8",
            "leech_action": "tag",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.desired_retention, user.daily_new_limit, user.time_zone) == (
            0.85,
            15,
            "Europe/Berlin",
        )
        assert user.day_start_hour == 5 and user.learning_steps == [2, 15, 60]


def test_memory_of_missing_card_is_new():
    assert memory_of(None) == Memory()


def put_card(
    app,
    external_id: str,
    state: int,
    due_days_ago: float,
    reviewed_days_ago: float,
    stability: float,
) -> None:
    from practice.domain.scheduling import Memory as Mem
    from practice.drill.memory import memory_columns

    now = datetime.now(UTC)
    with app.app_context():
        user = db.session.scalar(select(User))
        item = db.session.scalar(select(Item).where(Item.external_id == external_id))
        memory = Mem(
            state=state,
            step=0 if state != 2 else None,
            stability=stability,
            difficulty=5.0,
            due=now - timedelta(days=due_days_ago),
            last_review=now - timedelta(days=reviewed_days_ago),
            reps=3,
        )
        columns = memory_columns(memory, user)
        db.session.add(CardState(user_id=user.id, item_id=item.id, **columns))
        db.session.commit()


def test_learning_first_then_due_reviews_by_lowest_retrievability(app, learner):
    # elapsed/stability: PY-JR-002 30/10 = 3.0, GO-MD-001 20/4 = 5.0, PY-JR-003 12/12 = 1.0
    put_card(app, "PY-JR-002", 2, due_days_ago=20, reviewed_days_ago=30, stability=10)
    put_card(app, "GO-MD-001", 2, due_days_ago=16, reviewed_days_ago=20, stability=4)
    put_card(app, "PY-JR-003", 2, due_days_ago=0.1, reviewed_days_ago=12, stability=12)
    put_card(app, "PY-ERR-001", 2, due_days_ago=-3, reviewed_days_ago=1, stability=4)  # not due
    put_card(app, "PY-JR-001", 1, due_days_ago=0.01, reviewed_days_ago=0.02, stability=1)
    seen = []
    for _ in range(4):
        page = learner.get("/drill").get_data(as_text=True)
        if not seen:
            assert counts(page) == (1, 3, 0)  # nothing new left: every item has a card
        seen.append(shown_card(page))
        rate(learner, reveal(learner, page), 4)
    assert seen == ["PY-JR-001", "GO-MD-001", "PY-JR-002", "PY-JR-003"]


@pytest.mark.parametrize(
    ("now", "new_left"),
    [
        # New York, 2026-11-01 (clocks fall back at 06:00 UTC); the day starts at 04:00 local,
        # which is 09:00 UTC that day. The one new card allowed was introduced at 08:30 UTC.
        (datetime(2026, 11, 1, 8, 50, tzinfo=UTC), 0),  # 03:50 EST: same study day
        (datetime(2026, 11, 1, 9, 10, tzinfo=UTC), 1),  # 04:10 EST: a new study day
    ],
)
def test_new_card_limit_follows_the_users_day_across_dst(app, learner, monkeypatch, now, new_left):
    with app.app_context():
        user = db.session.scalar(select(User))
        user.time_zone, user.day_start_hour, user.daily_new_limit = "America/New_York", 4, 1
        db.session.add(
            ReviewLog(
                user_id=user.id,
                item_id=1,
                rating=3,
                client_token="dst",
                reviewed_at=datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
                state_after={},
                was_new=True,
            )
        )
        db.session.commit()
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: now)
    assert counts(learner.get("/drill").get_data(as_text=True))[2] == new_left
