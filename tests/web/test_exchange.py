"""Exports open in the tools they are for: an .apkg is imported by Anki's own code (the `anki`
package) and counted; a CSV is read back by Python's csv module."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.accounts import create_user, log_in
from tests.helpers.drill import rate, reveal

needs_anki = pytest.mark.skipif(
    importlib.util.find_spec("anki") is None and os.environ.get("PRACTICE_REQUIRE_ANKI") != "1",
    reason="the anki package (a dev dependency) opens the exported packages",
)


def anki_import(tmp_path, data: bytes, scheduling: bool = True):
    """A fresh Anki collection with the package imported; the caller closes it."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    package = tmp_path / "export.apkg"
    package.write_bytes(data)
    (tmp_path / "anki").mkdir(exist_ok=True)
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    options = ImportAnkiPackageOptions(with_scheduling=scheduling, with_deck_configs=False)
    collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )
    return collection


@pytest.fixture
def a_set(app, learner):
    """The learner's own set of the three junior Python questions, in a chosen order."""
    with app.app_context():
        owner = db.session.scalar(select(User))
        made = question_sets.create_set(owner, "Python basics", "", None)
        for external_id in ("PY-JR-003", "PY-JR-001", "PY-JR-002"):
            item = db.session.scalar(select(Item).where(Item.external_id == external_id))
            question_sets.add_item(made, item)
        return made.id


def review_three(learner) -> None:
    for rating in (3, 1, 4):
        page = reveal(learner, learner.get("/drill").get_data(as_text=True))
        assert rate(learner, page, rating).status_code == 302


@needs_anki
def test_a_set_opens_in_anki_with_one_note_per_item_and_its_stages(app, learner, a_set, tmp_path):
    answer = learner.get(f"/sets/{a_set}/export.apkg")
    assert answer.status_code == 200
    assert "python-basics.apkg" in answer.headers["Content-Disposition"]
    collection = anki_import(tmp_path, answer.data)
    try:
        assert collection.note_count() == 3 and collection.card_count() == 3
        assert collection.db.scalar("select count() from revlog") == 0
        ids = [collection.get_note(n)["Id"] for n in collection.find_notes("")]
        assert sorted(ids) == ["PY-JR-001", "PY-JR-002", "PY-JR-003"]
        note = collection.get_note(collection.find_notes("Id:PY-JR-001")[0])
        with app.app_context():
            item = db.session.scalar(select(Item).where(Item.external_id == "PY-JR-001"))
            title, track = item.title, item.track.slug
        assert title.split()[0] in note["Prompt"]
        assert note["Stage 1"].startswith("<h3>Answer</h3>")
        assert note["Stage 2 label"] == "Deep dive"
        assert f"track::{track}" in note.tags and "level::junior" in note.tags
        card = collection.get_card(collection.find_cards("")[0])
        back = card.answer()
        assert "<details><summary>Deep dive</summary>" in back
    finally:
        collection.close()


@needs_anki
def test_my_cards_with_history_carry_every_review_and_the_memory_state(app, learner, tmp_path):
    review_three(learner)
    with app.app_context():
        reviews = db.session.scalar(select(func.count()).select_from(ReviewLog))
        stability = dict(
            db.session.execute(
                select(Item.external_id, CardState.stability).join(
                    CardState, CardState.item_id == Item.id
                )
            ).all()
        )
    answer = learner.get("/export/my-cards.apkg?history=1")
    assert answer.status_code == 200
    collection = anki_import(tmp_path, answer.data)
    try:
        assert collection.note_count() == len(stability)
        assert collection.db.scalar("select count() from revlog") == reviews == 3
        eases = sorted(collection.db.list("select ease from revlog"))
        assert eases == [1, 3, 4]
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            external_id = card.note()["Id"]
            assert card.memory_state is not None
            assert card.memory_state.stability == pytest.approx(stability[external_id], rel=1e-3)
            assert card.type != 0  # studied, not new
    finally:
        collection.close()


@needs_anki
def test_history_is_only_ever_the_downloaders_own(app, learner, a_set, tmp_path):
    review_three(learner)
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "ada@example.com"))
        other = create_user(app, email="bea@example.com", name="Bea")
        made = question_sets.create_set(db.session.get(User, other), "Bea's copy", "", None)
        for item in db.session.scalars(select(Item).where(Item.external_id.like("PY-JR-%"))):
            question_sets.add_item(made, item)
        bea_set = made.id
        assert owner is not None
    bea = app.test_client()
    log_in(bea, email="bea@example.com")
    answer = bea.get(f"/sets/{bea_set}/export.apkg?history=1")
    collection = anki_import(tmp_path, answer.data)
    try:
        assert collection.note_count() == 3
        assert collection.db.scalar("select count() from revlog") == 0
        assert collection.db.scalar("select count() from cards where type != 0") == 0
    finally:
        collection.close()


def test_a_set_as_csv_has_a_column_per_section_and_safe_cells(app, learner, a_set):
    answer = learner.get(f"/sets/{a_set}/export.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert header[:8] == ["id", "kind", "title", "track", "topics", "level", "difficulty", "prompt"]
    assert "answer" in header and "deep dive" in header and header[-1] == "follow-ups"
    assert [row[0] for row in body] == ["PY-JR-003", "PY-JR-001", "PY-JR-002"]
    for row in body:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_exports_need_a_sign_in_and_a_set_the_user_may_see(app, client, learner, a_set):
    anonymous = app.test_client()
    assert anonymous.get(f"/sets/{a_set}/export.apkg").status_code in (302, 401)
    create_user(app, email="eve@example.com", name="Eve")
    eve = app.test_client()
    log_in(eve, email="eve@example.com")
    assert eve.get(f"/sets/{a_set}/export.apkg").status_code == 404
    assert eve.get(f"/sets/{a_set}/export.csv").status_code == 404
    assert eve.get("/sets/999999/export.csv").status_code == 404
    assert eve.get("/sets/1/export.zip").status_code == 404


def test_the_bundled_bank_exports_and_an_unknown_bank_is_a_404(app, learner, bank):
    answer = learner.get(f"/export/bank/{bank.name}.csv")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Item).where(~Item.retired))
    assert len(rows) - 1 == live
    assert learner.get("/export/bank/no-such-bank.apkg").status_code == 404


@needs_anki
def test_markdown_in_an_item_reaches_anki_sanitised(app, learner, a_set, tmp_path):
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == "PY-JR-001"))
        sections = [list(pair) for pair in item.sections]
        sections[0][1] += '\n\n<script>alert(1)</script><img src=x onerror="alert(2)">'
        item.sections = sections
        item.title = "Title <script>alert(3)</script>"
        db.session.commit()
    collection = anki_import(tmp_path, learner.get(f"/sets/{a_set}/export.apkg").data)
    try:
        note = collection.get_note(collection.find_notes("Id:PY-JR-001")[0])
        every_field = "".join(note.values())
        assert "<script" not in every_field and "<img" not in every_field  # tags, not text
        assert "&lt;script&gt;" in note["Prompt"]  # the title's text is kept, escaped
    finally:
        collection.close()


def test_a_new_card_exports_as_new_even_with_history(app, learner, a_set):
    """A card the learner added but never rated stays new (no memory state to carry)."""
    from practice.domain.anki_notes import CardMemory, schedule_for

    now = utcnow()
    new = CardMemory(0, None, None, now, None, 0, 0, False, 0.9)
    assert schedule_for(new, now, 7).type == 0 and schedule_for(new, now, 7).due == 7
    suspended = CardMemory(2, 10.0, 5.0, now + timedelta(days=3), now, 4, 1, True, 0.9)
    planned = schedule_for(suspended, now - timedelta(days=10), 0)
    assert planned.queue == -1 and planned.due == 13 and planned.ivl == 3
