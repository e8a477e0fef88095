"""Question sets over HTTP: create, pick items, order, saved filters, share, copy, drill."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import QuestionSet, QuestionSetItem
from tests.helpers.groups import client_for, item_ids, load_bank, make_people, post, shown_item


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def new_set(client, title="Interview week", **extra) -> int:
    response = post(
        client,
        "/sets/new",
        {"title": title, "description": "Read *these*.", "source": "list", **extra},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/sets/(\d+)/edit", response.headers["Location"]).group(1))


def set_order(app, set_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(QuestionSetItem.item_id)
                .where(QuestionSetItem.set_id == set_id)
                .order_by(QuestionSetItem.position)
            )
        )


def test_pick_items_by_title_search_then_reorder_and_remove(app, people):
    client = client_for(app, "learner")
    set_id = new_set(client)
    found = client.get(f"/sets/{set_id}/edit?q=cache").get_data(as_text=True)
    assert "PY-MD-001" in found and "PY-MD-002" in found and "PY-JR-001" not in found
    first, second, third = item_ids(app, "PY-MD-002", "PY-JR-001", "PY-MD-001")
    for item in (first, second, third):
        assert post(client, "/sets/add", {"set": set_id, "item": item}).status_code == 302
    assert set_order(app, set_id) == [first, second, third]
    again = post(client, "/sets/add", {"set": set_id, "item": first}, follow_redirects=True)
    assert "Already in Interview week." in again.get_data(as_text=True)
    post(client, f"/sets/{set_id}/items/{third}/move", {"direction": "up"})
    assert set_order(app, set_id) == [first, third, second]
    post(client, f"/sets/{set_id}/items/{first}/remove")
    assert set_order(app, set_id) == [third, second]
    page = client.get(f"/sets/{set_id}").get_data(as_text=True)
    assert page.index("PY-MD-001") < page.index("PY-JR-001")
    assert "<em>these</em>" in page


def test_add_to_set_fragment_answers_htmx_with_the_outcome(app, people):
    client = client_for(app, "learner")
    set_id = new_set(client)
    (item,) = item_ids(app, "PY-JR-003")
    response = post(
        client, "/sets/add", {"set": set_id, "item": item}, headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="add-to-set-{item}"' in body and "Added to Interview week." in body


def test_saved_filter_picks_up_items_as_the_bank_grows(app, people, runner, tmp_path):
    client = client_for(app, "learner")
    set_id = new_set(client, "Caching", source="filter", topics="caching", levels="mid")
    page = client.get(f"/sets/{set_id}").get_data(as_text=True)
    assert "2 items" in page and "PY-MD-001" in page and "PY-JR-001" not in page
    from tests.helpers.bank_factory import write_item

    write_item(
        tmp_path / "groups-bank",
        "PY-MD-003",
        "Where do you put a write-behind cache?",
        level="mid",
        difficulty=5,
        topics="[caching]",
    )
    assert runner.invoke(args=["bank", "load", str(tmp_path / "groups-bank")]).exit_code == 0
    assert "3 items" in client.get(f"/sets/{set_id}").get_data(as_text=True)


def test_bad_filters_and_titles_get_a_message_and_make_nothing(app, people):
    client = client_for(app, "learner")
    cases = [
        {"title": "", "source": "list"},
        {"title": "x", "source": "filter", "min_difficulty": "8", "max_difficulty": "3"},
        {"title": "x", "source": "filter", "levels": "wizard"},
        {"title": "x" * 201, "source": "list"},
        {"title": "Everything", "source": "filter"},
    ]
    for data in cases:
        response = post(client, "/sets/new", data)
        assert response.status_code == 400, data
        assert 'class="field-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(QuestionSet.id)) is None


def test_share_by_link_copy_and_make_private(app, people):
    owner = client_for(app, "learner")
    set_id = new_set(owner)
    (item,) = item_ids(app, "PY-JR-002")
    post(owner, "/sets/add", {"set": set_id, "item": item})
    other = client_for(app, "outsider")
    assert other.get(f"/sets/{set_id}").status_code == 404
    page = post(owner, f"/sets/{set_id}/share", {"shared": "1"}, follow_redirects=True)
    link = re.search(r'href="http://localhost(/sets/shared/[^"]+)"', page.get_data(True)).group(1)
    assert other.get(f"/sets/{set_id}").status_code == 404  # the id alone is not enough
    shared = other.get(link)
    assert shared.status_code == 200 and "PY-JR-002" in shared.get_data(as_text=True)
    code = link.rsplit("/", 1)[1]
    copied = post(other, f"/sets/{set_id}/copy", {"code": code})
    copy_id = int(re.search(r"/sets/(\d+)/edit", copied.headers["Location"]).group(1))
    assert set_order(app, copy_id) == [item]
    assert other.get(f"/sets/{copy_id}").status_code == 200
    post(owner, f"/sets/{set_id}/share", {"shared": "0"})
    assert other.get(link).status_code == 404
    assert post(other, f"/sets/{set_id}/copy", {"code": code}).status_code == 404


def test_drilling_a_set_shows_only_its_items(app, people):
    client = client_for(app, "learner")
    set_id = new_set(client)
    (item,) = item_ids(app, "PY-SR-001")
    post(client, "/sets/add", {"set": set_id, "item": item})
    page = client.get(f"/drill?set={set_id}").get_data(as_text=True)
    assert shown_item(page) == "PY-SR-001" and "1</b> new" in page.replace("\n", "")
    assert client_for(app, "outsider").get(f"/drill?set={set_id}").status_code == 404
    assert client.get("/drill?set=abc").status_code == 400


def test_mass_assignment_cannot_move_a_set_or_touch_someone_elses(app, people):
    owner = client_for(app, "learner")
    set_id = new_set(owner)
    other = client_for(app, "outsider")
    (item,) = item_ids(app, "PY-JR-001")
    assert post(other, "/sets/add", {"set": set_id, "item": item}).status_code == 404
    post(
        owner,
        f"/sets/{set_id}/edit",
        {"title": "Renamed", "owner_id": people["outsider"], "source": "list"},
    )
    with app.app_context():
        question_set = db.session.get(QuestionSet, set_id)
        assert question_set.owner_id == people["learner"] and question_set.title == "Renamed"
    assert set_order(app, set_id) == []
    assert post(other, f"/sets/{set_id}/delete").status_code == 404
    assert post(other, f"/sets/{set_id}/edit", {"title": "Mine now"}).status_code == 404
    with app.app_context():
        assert db.session.get(QuestionSet, set_id).title == "Renamed"


def test_editing_a_saved_filter_changes_what_the_drill_draws(app, people):
    client = client_for(app, "learner")
    set_id = new_set(client, "Filtered", source="filter", levels="senior")
    assert shown_item(client.get(f"/drill?set={set_id}").get_data(as_text=True)) == "PY-SR-001"
    response = post(client, f"/sets/{set_id}/edit", {"title": "Filtered", "levels": "mid"})
    assert response.status_code == 302
    assert shown_item(client.get(f"/drill?set={set_id}").get_data(as_text=True)) == "PY-MD-001"
    bad = post(client, f"/sets/{set_id}/edit", {"title": "Filtered"})
    assert bad.status_code == 400 and "at least one condition" in bad.get_data(as_text=True)


def test_add_to_set_appears_on_library_results_and_item_pages(app, people):
    client = client_for(app, "learner")
    before = client.get("/library?q=cache").get_data(as_text=True)
    assert "PY-MD-001" in before and "Add to set" not in before  # no set yet: no control per hit
    assert "Make a set" in client.get("/library/PY-MD-001").get_data(as_text=True)
    set_id = new_set(client)
    results = client.get("/library?q=cache").get_data(as_text=True)
    assert results.count("Add to set") >= 2
    page = client.get("/library/PY-MD-001").get_data(as_text=True)
    assert 'action="/sets/add"' in page and "Interview week" in page
    (item,) = item_ids(app, "PY-MD-001")
    assert post(client, "/sets/add", {"set": set_id, "item": item}).status_code == 302
    assert set_order(app, set_id) == [item]
    assert "Add to set" not in app.test_client().get("/library?q=cache").get_data(as_text=True)
