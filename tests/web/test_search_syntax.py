"""The search syntax on the library, on whichever engine the suite runs: every element,
the card terms for a signed-in learner (and a clear message for a visitor), and hostile
input that gives results or a message, never an error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from practice.extensions import db
from practice.models import CardState, Item
from practice.types import utcnow
from tests.helpers.accounts import create_user, log_in
from tests.helpers.bank_factory import write_catalog
from tests.helpers.groups import review
from tests.helpers.library import hit_ids, load, write_worded_item

ITEMS = {
    # id: (title, words in its answer)
    "PY-MD-001": ("How do you keep a Docker image small?", "compose layers"),
    "PY-MD-002": ("When does Docker Compose restart a service?", ""),
    "PY-MD-003": ("Why does Redis evict keys under memory pressure?", "docker"),
    "PY-MD-004": ("How does Memcached shard keys across servers?", "read through cache"),
    "GO-MD-001": ("What does a read through cache do on a miss?", ""),
    "GO-MD-002": ("How do goroutines share memory safely?", "through channels read"),
}


@pytest.fixture
def bank(tmp_path, runner):
    root = tmp_path / "bank"
    write_catalog(root)
    for external_id, (title, extra) in ITEMS.items():
        track = "python" if external_id.startswith("PY") else "go"
        write_worded_item(root, external_id, title, extra, track=track, level="mid")
    load(runner, root)
    return root


def found(client, q: str) -> list[str]:
    response = client.get("/library", query_string={"q": q + " "})  # no word being typed
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return sorted(hit_ids(response.get_data(as_text=True)))


def test_a_minus_excludes_a_word(client, bank):
    assert found(client, "docker") == ["PY-MD-001", "PY-MD-002", "PY-MD-003"]
    assert found(client, "docker -compose") == ["PY-MD-003"]


def test_a_minus_excludes_a_phrase(client, bank):
    # (phrases without English stop words: PostgreSQL leaves those out of a phrase)
    assert found(client, 'keys -"shard keys"') == ["PY-MD-003"]
    assert found(client, '-"shard keys"') == [e for e in sorted(ITEMS) if e != "PY-MD-004"]
    assert found(client, 'keys -"evict keys"') == ["PY-MD-004"]


def test_or_takes_either_term(client, bank):
    assert found(client, "redis OR memcached") == ["PY-MD-003", "PY-MD-004"]
    assert found(client, "keys redis OR goroutines") == ["PY-MD-003"]


def test_a_phrase_needs_its_words_in_order(client, bank):
    assert found(client, '"shard keys"') == ["PY-MD-004"]
    assert found(client, '"keys shard"') == []


def test_title_looks_in_titles_only(client, bank):
    assert found(client, "title:docker") == ["PY-MD-001", "PY-MD-002"]
    assert found(client, 'title:"shard keys"') == ["PY-MD-004"]
    assert found(client, "title:evict") == ["PY-MD-003"] and found(client, "evict") == ["PY-MD-003"]
    assert found(client, "title:docker -title:compose") == ["PY-MD-001"]


def test_the_word_being_typed_in_a_title_term_is_a_prefix(client, bank):
    response = client.get("/library", query_string={"q": "title:memc"})
    assert hit_ids(response.get_data(as_text=True)) == ["PY-MD-004"]


def test_the_syntax_is_documented_on_the_page(client, bank):
    page = client.get("/library").get_data(as_text=True)
    for element in ("-mysql", "redis OR memcached", "title:deadlock", "is:due", "rated:1"):
        assert element in page
    assert "lapses&gt;3" in page


@pytest.fixture
def studied(app, client, bank):
    """A learner: PY-MD-001 due now, PY-MD-002 suspended, PY-MD-003 a leech with 4
    lapses, rated Again today; GO-MD-001 reviewed yesterday with Good."""
    user_id = create_user(app)
    now = utcnow()
    for external_id in ("PY-MD-001", "PY-MD-002", "PY-MD-003"):
        review(app, user_id, external_id, 3, now - timedelta(days=20))
    review(app, user_id, "GO-MD-001", 3, now - timedelta(days=1, hours=1))
    review(app, user_id, "PY-MD-003", 1, now - timedelta(minutes=5))
    with app.app_context():
        ids = dict(db.session.execute(select(Item.external_id, Item.id)).all())
        cards = update(CardState).where(CardState.user_id == user_id)
        db.session.execute(
            cards.where(CardState.item_id == ids["PY-MD-001"]).values(due=now - timedelta(days=1))
        )
        db.session.execute(
            cards.where(CardState.item_id == ids["PY-MD-002"]).values(
                suspended=True, due=now - timedelta(days=1)
            )
        )
        db.session.execute(
            cards.where(CardState.item_id == ids["PY-MD-003"]).values(lapses=4, leeched_at=now)
        )
        db.session.commit()
    assert log_in(client).status_code == 302
    return user_id


def test_card_terms_read_the_learners_own_cards(client, studied):
    # one Good on a new card leaves it learning: all but the suspended one are due
    assert found(client, "is:due") == ["GO-MD-001", "PY-MD-001", "PY-MD-003"]
    assert found(client, "is:suspended") == ["PY-MD-002"]
    assert found(client, "is:leech") == ["PY-MD-003"]
    assert found(client, "lapses>3") == ["PY-MD-003"]
    assert found(client, "lapses>4") == []
    assert found(client, "lapses>=4") == ["PY-MD-003"]
    assert found(client, "rated:1") == ["PY-MD-003"]
    assert found(client, "rated:2:3") == ["GO-MD-001"]
    assert found(client, "is:new") == ["GO-MD-002", "PY-MD-004"]  # never studied


def test_card_terms_combine_with_text_negation_and_or(client, studied):
    assert found(client, "docker -is:suspended") == ["PY-MD-001", "PY-MD-003"]
    assert found(client, "is:suspended OR is:leech") == ["PY-MD-002", "PY-MD-003"]
    assert found(client, "title:docker is:due") == ["PY-MD-001"]


def test_card_terms_see_no_one_elses_cards(app, client, studied):
    other = app.test_client()
    create_user(app, "bob@example.com")
    assert log_in(other, "bob@example.com").status_code == 302
    response = other.get("/library", query_string={"q": "is:suspended "})
    assert hit_ids(response.get_data(as_text=True)) == []


def test_a_visitor_is_told_to_log_in_for_card_terms(client, bank):
    response = client.get("/library", query_string={"q": "is:due docker"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Log in to search by your own cards" in text and hit_ids(text) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("is:wizard", "is not a card state"),
        ("rated:0", "needs a number of days"),
        ("rated:abc", "needs a number of days"),
        ("lapses>many", "needs a whole number"),
        ("x" * 300, "Only the first 200 characters"),
        (" ".join(f"w{n}" for n in range(30)), "Only the first 12 search terms"),
    ],
)
def test_what_cannot_be_read_is_left_out_with_a_message(client, bank, query, message):
    response = client.get("/library", query_string={"q": query})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced docker',
        "docker OR",
        "OR docker",
        "OR OR OR",
        "-",
        "- -",
        "--docker",
        "docker NEAR/2 compose",
        "NEAR(docker compose)",
        "dock*",
        "^docker",
        "title:",
        "is:",
        "title:>docker",
        "lapses>99999999999999999999",
        "rated:9999999999999999999:1",
        '"" OR -""',
        "docker:* & !compose",
        "'; DROP TABLE items; --",
        "a" * 5000,
        "日本語 OR -日本",
        "-is:due",
    ],
)
def test_hostile_queries_give_results_or_a_message(app, client, bank, query):
    response = client.get("/library", query_string={"q": query})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Item.id))) == len(ITEMS)


def test_hostile_queries_of_a_signed_in_learner_never_fail(client, studied):
    for query in ("-is:due -is:new", "is:due OR -docker", "lapses<0", "rated:365:4 OR -x"):
        assert client.get("/library", query_string={"q": query}).status_code == 200


def test_drilling_a_search_with_exclusions_drills_its_results(client, bank):
    from tests.helpers.accounts import create_user as make

    make(client.application, "drill@example.com")
    assert log_in(client, "drill@example.com").status_code == 302
    page = client.get("/drill", query_string={"q": "docker -compose "}).get_data(as_text=True)
    assert 'data-item="PY-MD-003"' in page


def test_drilling_card_terms_alone_drills_the_whole_scope(client, bank):
    from tests.helpers.accounts import create_user as make

    make(client.application, "drill@example.com")
    assert log_in(client, "drill@example.com").status_code == 302
    page = client.get("/drill", query_string={"q": "is:due"}).get_data(as_text=True)
    assert 'data-item="' in page  # a new card of the bank, not "nothing in this scope"
