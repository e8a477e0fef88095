"""Item pages, browse pages, the Atom feed and update alerts over HTTP."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import CardState, Item
from tests.helpers.accounts import create_user, log_in, post_form
from tests.helpers.bank_factory import write_item
from tests.helpers.library import (
    load,
    review_through_the_drill,
    text,
    write_library_bank,
    write_worded_item,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def bank(tmp_path, runner):
    root = write_library_bank(tmp_path / "bank")
    load(runner, root)
    return root


@pytest.fixture
def learner(client, app, bank, user_id):
    log_in(client)
    return client


def card_of(app, external_id: str) -> CardState | None:
    with app.app_context():
        item_id = db.session.scalar(select(Item.id).where(Item.external_id == external_id))
        return db.session.scalar(select(CardState).where(CardState.item_id == item_id))


def test_item_page_renders_every_section_and_its_facts(client, bank):
    html = text(client, "/library/PY-SNP-001")
    for heading in ("Task", "Code", "How it works", "Pitfalls", "Follow-ups"):
        assert f"<h2>{heading}</h2>" in html
    assert '<code class="language-python"><span class="tok-nb">print</span>' in html
    assert "js/library.js" in html  # the copy buttons
    assert 'aria-label="difficulty 4 of 10"' in html and html.count('class="step filled"') == 4
    assert ">Python</a>" in html and ">Testing</a>" in html and "<dd>mid</dd>" in html
    assert "Log in</a> to study this item" in html


def test_related_items_share_topics(client, bank):
    html = text(client, "/library/PY-SR-001")
    related = html.split('id="related-heading"', 1)[1]
    for other in ("PY-MD-001", "PY-ERR-001", "SEC-TOPIC-001"):  # databases
        assert other in related
    assert "GO-MD-001" not in related and "PY-SR-001" not in related


def test_unknown_item_is_a_404(client, bank):
    text(client, "/library/NOPE-001", status=404)


def test_signed_in_reader_sees_their_card_and_can_add_it_to_new_cards(app, learner):
    html = text(learner, "/library/GO-MD-001")
    assert "not studied yet" in html and 'href="/drill?item=GO-MD-001"' in html
    response = post_form(learner, "/library/GO-MD-001/add", {})
    assert response.status_code == 302
    assert "in your new cards" in text(learner, "/library/GO-MD-001")
    drill = text(learner, "/drill")  # a mid item jumps ahead of the junior ones
    assert re.search(r'<article class="card[^"]*" data-item="GO-MD-001"', drill)


def test_suspend_and_unsuspend_from_the_item_page(app, learner):
    post_form(learner, "/library/GO-JR-001/suspend", {"suspended": "1"})
    assert card_of(app, "GO-JR-001").suspended is True
    html = text(learner, "/library/GO-JR-001")
    assert "<strong>suspended</strong>" in html and ">Unsuspend</button>" in html
    assert 'data-item="GO-JR-001"' not in text(learner, "/drill?track=go&level=junior")
    post_form(learner, "/library/GO-JR-001/suspend", {"suspended": "0"})
    assert card_of(app, "GO-JR-001").suspended is False


def test_item_actions_need_login_csrf_and_a_live_item(app, client, bank, runner):
    assert post_form(client, "/library/GO-MD-001/add", {}).status_code == 302  # to log in
    create_user(app)
    log_in(client)
    assert client.post("/library/GO-MD-001/add", data={}).status_code == 400
    assert post_form(client, "/library/NOPE-1/add", {}).status_code == 404
    (bank / "questions" / "go" / "GO-MD-001.md").unlink()
    load(runner, bank)
    response = post_form(client, "/library/GO-MD-001/add", {})
    assert response.status_code == 400 and "retired" in response.get_data(as_text=True)
    assert "This item is retired" in text(client, "/library/GO-MD-001")
    assert card_of(app, "GO-MD-001") is None


def test_changed_content_is_flagged_on_the_item_page_and_in_the_drill(app, learner, bank, runner):
    review_through_the_drill(learner, "PY-MD-001")
    assert "Updated on" not in text(learner, "/library/PY-MD-001")
    write_worded_item(
        bank,
        "PY-MD-001",
        "What does a primary key guarantee?",
        "Unlike sharding, a key only names a row. Now with more.",
        topics="[databases]",
    )
    load(runner, bank)
    assert "after your last review" in text(learner, "/library/PY-MD-001")
    assert "updated since your last review" in text(learner, "/drill?item=PY-MD-001")
    assert "updated since your last review" not in text(learner, "/drill?item=PY-SR-001")
    review_through_the_drill(learner, "PY-MD-001")
    assert "after your last review" not in text(learner, "/library/PY-MD-001")


def feed(client, url: str = "/feed.atom") -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.get_data())


def entry_titles(root: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_atom_feed_lists_new_and_changed_items_overall_and_per_track(client, bank, runner):
    titles = entry_titles(feed(client))
    assert len(titles) == 8 and all(title.startswith("New: ") for title in titles)
    write_worded_item(
        bank,
        "GO-JR-001",
        "What does go test run by default?",
        "It also vets.",
        track="go",
        level="junior",
        topics="[testing]",
    )
    load(runner, bank)
    root = feed(client)
    assert entry_titles(root)[0] == "Updated: GO-JR-001 What does go test run by default?"
    link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "http://localhost/library/GO-JR-001"
    go = entry_titles(feed(client, "/feed.atom?track=go"))
    assert len(go) == 2 and all("GO-" in title for title in go)
    assert client.get("/feed.atom?track=nope").status_code == 404


def test_error_archive_shows_the_error_line_grouped_by_track(client, bank, tmp_path, runner):
    write_item(bank, "GO-ERR-001", "Nil map assignment", kind="error", track="go")
    load(runner, bank)
    html = text(client, "/library/errors")
    assert html.count('<code class="error-line">KeyError: &#39;user_id&#39;</code>') == 2
    assert html.index("<h2>Python") < html.index("PY-ERR-001") < html.index("<h2>Go")


def test_snippets_case_studies_security_and_tracks(client, bank):
    snippets = text(client, "/library/snippets")
    assert 'class="code-preview"><pre><code class="language-python">' in snippets
    assert "SD-CASE-001" in text(client, "/library/case-studies")
    assert "SEC-TOPIC-001" in text(client, "/library/security")
    tracks = text(client, "/library/tracks")
    python_row = tracks.split('data-track="python"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td>(?:<a [^>]*>)?(\d+)", python_row)
    assert cells == ["0", "3", "1", "0", "4"]  # junior, mid, senior, architect, all
