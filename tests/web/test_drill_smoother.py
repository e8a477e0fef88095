"""The drill, smoother (issue 15): Undo only when there is something to undo, a rated card
leaves the address bar, reveal labels that name what they show, the typed answer beside the
model answer, a code answer box on snippet cards, and single-key shortcuts that can be off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.drill.views import LAST_ACTION
from practice.extensions import db
from practice.models import User
from practice.types import utcnow
from tests.helpers.accounts import csrf_token, log_in
from tests.helpers.bank_factory import write_item
from tests.helpers.drill import form_fields, rate, reveal, shown_card
from tests.web.test_study_settings import GOOD

HTMX = {"HX-Request": "true"}


def page_of(client, url: str = "/drill") -> str:
    return client.get(url).get_data(as_text=True)


def undo_buttons(page: str) -> list[str]:
    return re.findall(r'data-key="undo">([^<]*)</button>', page)


def test_undo_is_offered_only_after_an_action_this_session(learner):
    first = page_of(learner)
    assert undo_buttons(first) == []  # nothing done yet: no button
    assert undo_buttons(reveal(learner, first)) == []
    after_rating = learner.get(rate(learner, reveal(learner, first), 3).headers["Location"])
    assert undo_buttons(after_rating.get_data(as_text=True)) == ["Undo last rating"]
    token = csrf_token(learner, "/drill")
    undone = learner.post("/drill/undo", data={"csrf_token": token}, follow_redirects=True)
    assert "Undid your rating" in undone.get_data(as_text=True)
    assert undo_buttons(undone.get_data(as_text=True)) == []  # undo works once


def test_undo_names_a_suspend_or_bury_and_follows_htmx_swaps(learner):
    page = page_of(learner)
    fields = {"csrf_token": csrf_token(learner, "/drill"), "item": shown_card(page)}
    swapped = learner.post("/drill/bury", data=fields, headers=HTMX).get_data(as_text=True)
    assert undo_buttons(swapped) == ["Undo bury"]
    fields["item"] = shown_card(swapped)
    swapped = learner.post("/drill/suspend", data=fields, headers=HTMX).get_data(as_text=True)
    assert undo_buttons(swapped) == ["Undo suspend"]
    # a reveal of the next card keeps offering it
    assert undo_buttons(reveal(learner, swapped, HTMX)) == ["Undo suspend"]


def test_undo_is_not_offered_once_its_ten_minutes_are_over(learner):
    page = reveal(learner, page_of(learner))
    rate(learner, page, 3)
    assert undo_buttons(page_of(learner)) == ["Undo last rating"]
    with learner.session_transaction() as session:
        action = dict(session[LAST_ACTION])
        action["at"] = (utcnow() - timedelta(minutes=11)).timestamp()
        session[LAST_ACTION] = action
    assert undo_buttons(page_of(learner)) == []


def test_drill_this_now_leaves_the_address_bar_after_the_rating(learner):
    page = reveal(learner, page_of(learner, "/drill?item=PY-JR-003"))
    assert shown_card(page) == "PY-JR-003"
    response = rate(learner, page, 3)
    assert "item=" not in response.headers["Location"]
    page = reveal(learner, page_of(learner, "/drill?item=PY-JR-002"), HTMX)
    fields = form_fields(page, "/drill/rate") | {"rating": "3"}
    swapped = learner.post("/drill/rate", data=fields, headers=HTMX)
    assert swapped.headers["HX-Replace-Url"] == "/drill"
    assert shown_card(swapped.get_data(as_text=True)) != "PY-JR-002"


def test_the_replaced_address_keeps_the_drill_scope(learner):
    page = reveal(learner, page_of(learner, "/drill?item=PY-JR-003&track=python"), HTMX)
    fields = form_fields(page, "/drill/rate") | {"rating": "4"}
    swapped = learner.post("/drill/rate", data=fields, headers=HTMX)
    assert swapped.headers["HX-Replace-Url"] == "/drill?track=python"
    fields = {"csrf_token": csrf_token(learner, "/drill"), "track": "python"}
    undone = learner.post("/drill/undo", data=fields, headers=HTMX)
    assert undone.headers["HX-Replace-Url"] == "/drill?track=python"
    assert shown_card(undone.get_data(as_text=True)) == "PY-JR-003"


def test_a_reveal_does_not_touch_the_address(learner):
    fields = form_fields(page_of(learner, "/drill?item=PY-JR-003"), "/drill/reveal")
    response = learner.post("/drill/reveal", data=fields, headers=HTMX)
    assert "HX-Replace-Url" not in response.headers


def reveal_buttons(client, url: str) -> list[str]:
    page, labels = page_of(client, url), []
    while True:
        found = re.search(r'data-key="reveal">([^<]+)</button>', page)
        if not found:
            return labels
        labels.append(found.group(1))
        page = reveal(client, page)


def test_the_third_reveal_names_everything_it_reveals(learner):
    labels = reveal_buttons(learner, "/drill?item=PY-JR-001")
    assert labels == [
        "Show answer",
        "Deep dive",
        "Real world, mistakes and production scenario",
        "Follow-ups",
    ]
    page = page_of(learner, "/drill?item=PY-JR-001&stage=3")
    for heading in ("Real world", "Common mistakes", "Production scenario"):
        assert f"<h3>{heading}</h3>" in page


def test_the_typed_answer_sits_beside_the_model_answer(learner):
    fields = form_fields(page_of(learner, "/drill?item=PY-JR-001"), "/drill/reveal")
    page = learner.post("/drill/reveal", data=fields | {"answer": "A new <list>"}).get_data(True)
    compare = page.split('<div class="compare"', 1)[1].split('<div class="model-answer">')
    assert "Your answer" in compare[0] and "A new &lt;list&gt;" in compare[0]
    assert "<h3>Answer</h3>" in compare[1] and 'data-revealed="1"' in compare[1]
    assert "<h3>Deep dive</h3>" not in page
    stage2 = reveal(learner, page)
    assert stage2.count('<div class="compare"') == 1 and "<h3>Deep dive</h3>" in stage2


def test_without_a_typed_answer_there_is_nothing_to_compare(learner):
    page = reveal(learner, page_of(learner, "/drill?item=PY-JR-001"))
    assert "<h3>Answer</h3>" in page
    assert 'class="compare"' not in page and "Your answer" not in page


@pytest.fixture
def snippet_learner(app, client, runner, bank, user_id):
    write_item(bank, "PY-SNP-001", "Sum a range of numbers", kind="snippet")
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    log_in(client)
    return client


def test_a_snippet_card_has_a_code_answer_box_and_shows_the_code_as_typed(snippet_learner):
    page = page_of(snippet_learner, "/drill?item=PY-SNP-001")
    box = re.search(r"<textarea[^>]*>", page).group(0)
    assert 'class="code-answer"' in box and "data-indent" in box and 'spellcheck="false"' in box
    assert "Tab indents; Esc or Shift+Tab leaves the box." in page
    fields = form_fields(page, "/drill/reveal")
    code = "def total():\n    return sum(range(10))"
    shown = snippet_learner.post("/drill/reveal", data=fields | {"answer": code}).get_data(True)
    assert '<pre class="typed-code" tabindex="0"><code>def total():\n    return sum' in shown


def test_a_question_card_keeps_the_plain_answer_box(learner):
    box = re.search(r"<textarea[^>]*>", page_of(learner, "/drill?item=PY-JR-001")).group(0)
    assert "code-answer" not in box and "data-indent" not in box


def post_settings(client, **changes):
    data = GOOD | changes | {"csrf_token": csrf_token(client, "/drill/settings")}
    return client.post("/drill/settings", data=data)


def shortcuts_box(page: str) -> str:
    box = re.search(r'<input [^>]*name="single_key_shortcuts"[^>]*>', page).group(0)
    return "checked" if " checked " in box else "unchecked"


def shortcuts_of(app) -> bool:
    with app.app_context():
        return db.session.scalar(select(User.single_key_shortcuts))


def test_single_key_shortcuts_are_on_until_turned_off_in_settings(app, learner):
    assert shortcuts_of(app) is True
    assert 'data-shortcuts="on"' in page_of(learner)
    assert shortcuts_box(page_of(learner, "/drill/settings")) == "checked"
    assert post_settings(learner).status_code == 302  # the box left unticked
    assert shortcuts_of(app) is False
    page = page_of(learner)
    assert 'data-shortcuts="off"' in page and "Single-key shortcuts are off" in page
    assert shortcuts_box(page_of(learner, "/drill/settings")) == "unchecked"
    assert post_settings(learner, single_key_shortcuts="y").status_code == 302
    assert shortcuts_of(app) is True and 'data-shortcuts="on"' in page_of(learner)


def test_a_refused_settings_form_does_not_change_the_shortcuts(app, learner):
    response = post_settings(learner, day_start_hour="25")
    assert response.status_code == 400
    assert shortcuts_of(app) is True


def test_the_keys_dialog_lists_every_shortcut(learner):
    page = page_of(learner)
    dialog = page.split('<dialog id="keys-dialog"', 1)[1].split("</dialog>", 1)[0]
    for key in ("Space", "Enter", "U", "?", "Ctrl", "Tab", "Esc"):
        assert f"<kbd>{key}</kbd>" in dialog
    assert '<form method="dialog">' in dialog
