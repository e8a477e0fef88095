"""My cards (/cards): what each row shows, sorting, the search syntax, paging, the HTMX
fragment, and the bulk actions with their guarantees (own cards only, all or nothing,
CSRF, destructive ones confirmed first)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from practice.drill.fsrs import user_history
from practice.extensions import db
from practice.models import CardState, Item, QuestionSet, QuestionSetItem, ReviewLog, User
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.accounts import csrf_token
from tests.helpers.db import database_snapshot
from tests.helpers.groups import client_for, item_ids, load_bank, make_people, post, review


def rows(page: str) -> list[str]:
    return re.findall(r'<tr data-card="\d+" data-item="([^"]+)"', page)


def row_html(page: str, external_id: str) -> str:
    match = re.search(rf'<tr data-card="\d+" data-item="{external_id}">(.*?)</tr>', page, re.S)
    assert match, external_id
    return match.group(1)


@pytest.fixture
def people(app, runner, tmp_path):
    """The groups bank; the learner (in Tokyo) studied four cards, the outsider one."""
    load_bank(runner, tmp_path)
    people = make_people(app)
    now = utcnow()
    learner = people["learner"]
    with app.app_context():
        db.session.execute(update(User).where(User.id == learner).values(time_zone="Asia/Tokyo"))
        db.session.commit()
    review(app, learner, "PY-JR-001", 3, now - timedelta(days=30))
    review(app, learner, "PY-JR-001", 3, now - timedelta(days=29))
    review(app, learner, "PY-JR-002", 1, now - timedelta(days=2))
    review(app, learner, "PY-MD-001", 4, now - timedelta(days=3))
    review(app, learner, "PY-SR-001", 3, now - timedelta(days=1))
    review(app, people["outsider"], "PY-JR-003", 3, now - timedelta(days=1))
    with app.app_context():
        ids = dict(
            zip(("PY-JR-001", "PY-MD-001"), item_ids(app, "PY-JR-001", "PY-MD-001"), strict=True)
        )
        mine = update(CardState).where(CardState.user_id == learner)
        db.session.execute(
            mine.where(CardState.item_id == ids["PY-JR-001"]).values(lapses=5, leeched_at=now)
        )
        db.session.execute(
            mine.where(CardState.item_id == ids["PY-MD-001"]).values(
                suspended=True, buried_until=now + timedelta(hours=5)
            )
        )
        db.session.commit()
    return people


def card_ids(app, user_id: int, *external_ids: str) -> list[int]:
    with app.app_context():
        found = dict(
            db.session.execute(
                select(Item.external_id, CardState.id)
                .join(CardState, CardState.item_id == Item.id)
                .where(CardState.user_id == user_id)
            ).all()
        )
    return [found[e] for e in external_ids]


def test_a_visitor_is_sent_to_log_in(app, people):
    response = client_for(app, "anonymous").get("/cards")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_lists_every_card_of_the_learner_and_no_one_elses(app, people):
    page = client_for(app, "learner").get("/cards").get_data(as_text=True)
    assert sorted(rows(page)) == ["PY-JR-001", "PY-JR-002", "PY-MD-001", "PY-SR-001"]
    assert "My cards" in client_for(app, "learner").get("/").get_data(as_text=True)


def test_a_row_shows_state_due_in_the_learners_zone_memory_lapses_rating_and_flags(app, people):
    page = client_for(app, "learner").get("/cards").get_data(as_text=True)
    with app.app_context():
        card = db.session.get(CardState, card_ids(app, people["learner"], "PY-JR-001")[0])
        due, stability = card.due, card.stability
    from zoneinfo import ZoneInfo

    row = row_html(page, "PY-JR-001")
    assert f'<td class="due">{due.astimezone(ZoneInfo("Asia/Tokyo")).date().isoformat()}' in row
    assert '<td class="state">review</td>' in row
    assert f"{stability:.1f}d" in row
    assert '<td class="lapses">5</td>' in row and '<td class="rating">Good</td>' in row
    assert re.search(r'<td class="recall">\d+%</td>', row)
    assert '<td class="flags">leech</td>' in row
    assert '<td class="flags">suspended, buried</td>' in row_html(page, "PY-MD-001")
    assert '<td class="rating">Again</td>' in row_html(page, "PY-JR-002")


@pytest.mark.parametrize(
    ("sort", "order", "first"),
    [
        ("lapses", "desc", "PY-JR-001"),
        ("item", "asc", "PY-JR-001"),
        ("item", "desc", "PY-SR-001"),
        ("rating", "asc", "PY-JR-002"),
        ("flags", "asc", "PY-MD-001"),
        ("stability", "desc", "PY-MD-001"),
        ("difficulty", "desc", "PY-JR-002"),
        ("state", "desc", "PY-JR-001"),
    ],
)
def test_every_column_sorts(app, people, sort, order, first):
    page = client_for(app, "learner").get(f"/cards?sort={sort}&order={order}")
    assert rows(page.get_data(as_text=True))[0] == first


def test_sorting_by_recall_puts_the_least_remembered_first(app, people):
    client = client_for(app, "learner")
    lowest = rows(client.get("/cards?sort=retrievability&order=asc").get_data(as_text=True))
    highest = rows(client.get("/cards?sort=retrievability&order=desc").get_data(as_text=True))
    recalls = [
        int(
            re.search(r'class="recall">(\d+)%', row_html(client.get("/cards").get_data(True), e))[1]
        )
        for e in lowest
    ]
    assert recalls == sorted(recalls) and highest == list(reversed(lowest))


def test_an_unknown_sort_falls_back_to_the_due_date(app, people):
    client = client_for(app, "learner")
    assert client.get("/cards?sort=evil';--&order=sideways").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:suspended", ["PY-MD-001"]),
        ("-is:suspended", ["PY-JR-001", "PY-JR-002", "PY-SR-001"]),
        ("is:buried", ["PY-MD-001"]),
        ("is:leech", ["PY-JR-001"]),
        ("lapses>3", ["PY-JR-001"]),
        ("rated:3", ["PY-JR-002"]),
        ("title:deadlocks", ["PY-SR-001"]),
        ("is:leech OR is:suspended", ["PY-JR-001", "PY-MD-001"]),
    ],
)
def test_the_search_syntax_filters_the_cards(app, people, query, expected):
    page = client_for(app, "learner").get("/cards", query_string={"q": query + " "})
    assert sorted(rows(page.get_data(as_text=True))) == expected


def test_a_search_that_cannot_be_read_says_so(app, people):
    page = client_for(app, "learner").get("/cards?q=is:wizard").get_data(as_text=True)
    assert "is not a card state" in page


def test_the_cards_are_paged(app, runner, tmp_path, people):
    learner = people["learner"]
    now = utcnow()
    with app.app_context():
        ids = db.session.scalars(select(Item.id).order_by(Item.id)).all()
        studied = set(
            db.session.scalars(select(CardState.item_id).where(CardState.user_id == learner))
        )
        for n in range(60):  # the same items cannot hold two cards: add items
            item = Item(
                external_id=f"ZZ-{n:03d}",
                kind="question",
                track_id=db.session.get(Item, ids[0]).track_id,
                level="junior",
                difficulty=1,
                title=f"Filler {n}",
                sections=[],
                follow_ups=[],
                source="test",
                source_path="x",
                content_hash=str(n),
            )
            db.session.add(item)
            db.session.flush()
            db.session.add(
                CardState(user_id=learner, item_id=item.id, state=2, due=now, reps=1, lapses=0)
            )
        db.session.commit()
        assert len(studied) == 4
    client = client_for(app, "learner")
    first = client.get("/cards?sort=item").get_data(as_text=True)
    assert len(rows(first)) == 50 and "Page 1 of 2" in first and "1–50 of 64" in first
    second = client.get("/cards?sort=item&page=2").get_data(as_text=True)
    assert len(rows(second)) == 14 and not set(rows(first)) & set(rows(second))


def test_htmx_sorting_gets_the_table_fragment(app, people):
    headers = {"HX-Request": "true", "HX-Target": "cards-table"}
    response = client_for(app, "learner").get("/cards?sort=lapses&order=desc", headers=headers)
    text = response.get_data(as_text=True)
    assert text.lstrip().startswith("{#") is False and '<div id="cards-table"' in text
    assert "<html" not in text and "HX-Request" in response.headers["Vary"]
    assert rows(text)[0] == "PY-JR-001"


def test_without_js_every_sort_link_and_action_is_a_plain_link_or_form(app, people):
    page = client_for(app, "learner").get("/cards").get_data(as_text=True)
    assert 'href="/cards?sort=lapses&amp;order=asc"' in page
    assert '<form id="cards-actions" method="post"' in page
    assert 'formaction="/cards/reset"' in page


def state_of(app, card_id: int) -> CardState | None:
    with app.app_context():
        card = db.session.get(CardState, card_id)
        if card is not None:
            db.session.expunge(card)
        return card


def test_suspend_unsuspend_and_unbury_change_the_ticked_cards(app, people):
    client = client_for(app, "learner")
    first, second, buried = card_ids(app, people["learner"], "PY-JR-001", "PY-JR-002", "PY-MD-001")
    response = post(client, "/cards/suspend", {"card": [first, second], "next": "/cards?q=x"})
    assert response.status_code == 302 and response.headers["Location"] == "/cards?q=x"
    assert state_of(app, first).suspended and state_of(app, second).suspended
    assert "Suspended 2 cards" in client.get("/cards").get_data(as_text=True)
    post(client, "/cards/unsuspend", {"card": [second]})
    assert state_of(app, first).suspended and not state_of(app, second).suspended
    post(client, "/cards/unbury", {"card": [buried]})
    assert state_of(app, buried).buried_until is None


def test_reset_is_confirmed_first_and_then_makes_new_cards_keeping_the_reviews(app, people):
    client = client_for(app, "learner")
    card = card_ids(app, people["learner"], "PY-JR-001")[0]
    before = database_snapshot(app)
    asked = post(client, "/cards/reset", {"card": [card]})
    assert "Reset 1 card to new?" in asked.get_data(as_text=True)
    assert database_snapshot(app) == before
    done = post(client, f"/cards/reset?card={card}", {"card": [card], "confirm": "yes"})
    assert done.status_code == 302
    reset = state_of(app, card)
    assert (reset.state, reset.reps, reset.lapses, reset.stability) == (0, 0, 0, None)
    assert reset.leeched_at is None
    with app.app_context():
        logs = db.session.scalars(select(ReviewLog).where(ReviewLog.item_id == reset.item_id)).all()
        assert len(logs) == 2 and all(log.reset_at is not None for log in logs)
        # replaying (after fitting, or `flask fsrs check`) starts after the reset
        assert reset.item_id not in user_history(db.session.get(User, people["learner"]))


def test_forget_is_confirmed_first_and_then_the_card_leaves_my_cards(app, people):
    client = client_for(app, "learner")
    card = card_ids(app, people["learner"], "PY-JR-002")[0]
    page = client.get(f"/cards/forget?card={card}")  # the confirm page: changes nothing
    assert page.status_code == 200 and "Forget 1 card?" in page.get_data(as_text=True)
    assert state_of(app, card) is not None
    post(client, "/cards/forget", {"card": [card], "confirm": "yes"})
    assert state_of(app, card) is None
    assert "PY-JR-002" not in rows(client.get("/cards").get_data(as_text=True))
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(ReviewLog.id)).where(ReviewLog.reset_at.is_not(None))
            )
            == 1
        )
        history = user_history(db.session.get(User, people["learner"]))
        assert item_ids(app, "PY-JR-002")[0] not in history and history


def test_add_to_set_adds_to_the_learners_own_set_once(app, people):
    client = client_for(app, "learner")
    first, second = card_ids(app, people["learner"], "PY-JR-001", "PY-JR-002")
    with app.app_context():
        own = question_sets.create_set(db.session.get(User, people["learner"]), "Mine", "", None)
        set_id = own.id
    post(client, "/cards/add-to-set", {"card": [first], "set": set_id})
    post(client, "/cards/add-to-set", {"card": [first, second], "set": set_id})
    with app.app_context():
        items = db.session.scalars(
            select(QuestionSetItem.item_id)
            .where(QuestionSetItem.set_id == set_id)
            .order_by(QuestionSetItem.position)
        ).all()
    assert items == item_ids(app, "PY-JR-001", "PY-JR-002")


def test_add_to_someone_elses_set_is_refused_and_changes_nothing(app, people):
    client = client_for(app, "learner")
    card = card_ids(app, people["learner"], "PY-JR-001")[0]
    with app.app_context():
        other = question_sets.create_set(
            db.session.get(User, people["outsider"]), "Theirs", "", None
        )
        set_id = other.id
    before = database_snapshot(app)
    assert post(client, "/cards/add-to-set", {"card": [card], "set": set_id}).status_code == 404
    assert post(client, "/cards/add-to-set", {"card": [card]}).status_code == 400
    assert database_snapshot(app) == before


@pytest.mark.parametrize("action", ["suspend", "unsuspend", "unbury", "reset", "forget"])
def test_a_card_of_another_learner_refuses_the_whole_request(app, people, action):
    client = client_for(app, "learner")
    mine = card_ids(app, people["learner"], "PY-JR-001")[0]
    theirs = card_ids(app, people["outsider"], "PY-JR-003")[0]
    before = database_snapshot(app)
    response = post(client, f"/cards/{action}", {"card": [mine, theirs], "confirm": "yes"})
    assert response.status_code == 404
    assert database_snapshot(app) == before


@pytest.mark.parametrize("values", [["1x"], ["-1"], [str(n) for n in range(1, 600)]])
def test_a_malformed_selection_is_a_400_and_changes_nothing(app, people, values):
    client = client_for(app, "learner")
    before = database_snapshot(app)
    assert post(client, "/cards/suspend", {"card": values}).status_code == 400
    assert database_snapshot(app) == before


def test_an_empty_selection_says_to_tick_cards_and_changes_nothing(app, people):
    client = client_for(app, "learner")
    before = database_snapshot(app)
    response = post(client, "/cards/suspend", {})
    assert response.status_code == 302
    assert database_snapshot(app) == before
    assert "Select at least one card" in client.get("/cards").get_data(as_text=True)


def test_actions_need_csrf_and_a_post(app, people):
    client = client_for(app, "learner")
    card = card_ids(app, people["learner"], "PY-JR-001")[0]
    csrf_token(client)
    before = database_snapshot(app)
    assert client.post("/cards/suspend", data={"card": [card]}).status_code == 400
    assert client.get(f"/cards/suspend?card={card}").status_code == 405
    assert (
        client.post("/cards/nonsense", data={"csrf_token": csrf_token(client)}).status_code == 404
    )
    assert database_snapshot(app) == before


def test_unsuspending_from_my_cards_brings_a_card_back_to_the_drill(app, people):
    client = client_for(app, "learner")
    card = card_ids(app, people["learner"], "PY-MD-001")[0]
    post(client, "/cards/unsuspend", {"card": [card]})
    post(client, "/cards/unbury", {"card": [card]})
    with app.app_context():
        card_state = db.session.get(CardState, card)
        assert not card_state.suspended and card_state.buried_until is None
    assert db is not None and QuestionSet is not None


@pytest.mark.parametrize(
    "query", ['"', "-", "OR", "is:", "lapses>", "NEAR(a b) * ^", "x" * 3000, "rated:99999999999"]
)
def test_hostile_searches_of_my_cards_give_results_or_a_message(app, people, query):
    response = client_for(app, "learner").get("/cards", query_string={"q": query})
    assert response.status_code == 200
