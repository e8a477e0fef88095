"""In Chromium, keyboard only: reveal every stage, rate, undo, and finish the queue."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import ReviewLog, counted
from tests.helpers.accounts import STRONG_PASSWORD
from tests.helpers.bank_factory import write_catalog, write_item
from tests.helpers.drill import put_card, set_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_card_bank(tmp_path, runner, user_id):
    root = tmp_path / "bank"
    write_catalog(root)
    write_item(
        root,
        "PY-JR-001",
        "What does a Python list comprehension build?",
        level="junior",
        difficulty=1,
    )
    write_item(
        root,
        "PY-JR-002",
        "Why does pytest discover test functions by name?",
        level="junior",
        difficulty=2,
        topics="[testing]",
    )
    assert runner.invoke(args=["bank", "load", str(root)]).exit_code == 0


def log_in_with_keyboard(page, live_server) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")


def card_on_screen(page) -> str:
    return page.locator("#drill-card article").get_attribute("data-item")


def test_keyboard_only_session(app, live_server, page, two_card_bank):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill")
    page.evaluate("() => { window.__sameDocument = true; }")
    assert card_on_screen(page) == "PY-JR-001"
    assert page.locator("#drill-counts").inner_text().split() == [
        "0",
        "learning",
        "0",
        "due",
        "2",
        "new",
    ]

    page.locator("body").press("Space")  # answer
    page.wait_for_selector('article[data-stage="1"]')
    assert page.get_by_role("button", name="Good, next in 10m (key 3)").is_visible()
    # A reveal moves focus to the stage it revealed, not back to the prompt at the top.
    page.wait_for_function("() => document.activeElement.dataset.revealed === '1'")
    for stage in (2, 3, 4):
        page.keyboard.press("Space")
        page.wait_for_selector(f'article[data-stage="{stage}"]')
        page.wait_for_function(f"() => document.activeElement.dataset.revealed === '{stage}'")
    assert page.get_by_role("heading", name="Follow-ups").is_visible()

    page.keyboard.press("3")  # Good
    page.wait_for_function(
        "() => document.querySelector('#drill-card article')?.dataset.item === 'PY-JR-002'"
    )
    page.wait_for_function("() => document.activeElement.className === 'prompt'")  # a new card
    assert "1 new" in page.locator("#drill-counts").inner_text().replace("\n", " ")

    page.keyboard.press("u")  # undo brings the first card back, answer shown
    page.wait_for_function(
        "() => document.querySelector('#drill-card article')?.dataset.item === 'PY-JR-001'"
    )
    assert page.get_by_text("Undid your rating of PY-JR-001.").is_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id)).where(counted())) == 0

    page.keyboard.press("4")  # Easy: graduates for days
    page.wait_for_function(
        "() => document.querySelector('#drill-card article')?.dataset.item === 'PY-JR-002'"
    )
    page.keyboard.press("Enter")
    page.wait_for_selector('article[data-stage="1"]')
    page.keyboard.press("4")
    page.wait_for_selector("text=Nothing is due.")
    assert page.locator("#drill-counts").inner_text().split()[::2] == ["0", "0", "0"]
    assert page.evaluate("() => window.__sameDocument") is True  # all of it without reloads
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id)).where(counted())) == 2
    assert errors == []


def test_typed_answer_is_kept_and_shown_beside_the_model_answer(
    app, live_server, page, two_card_bank
):
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill")
    page.get_by_label("Type your answer first (optional)").fill("A new list, eagerly.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('article[data-stage="1"]')
    assert page.locator(".typed-answer").inner_text().endswith("A new list, eagerly.")
    page.keyboard.press("3")
    page.wait_for_function(
        "() => document.querySelector('#drill-card article')?.dataset.item === 'PY-JR-002'"
    )
    with app.app_context():
        assert db.session.scalar(select(ReviewLog.typed_answer)) == "A new list, eagerly."


def test_nothing_due_counts_down_then_loads_the_returning_card(
    app, live_server, page, two_card_bank
):
    """The page says when in plain words; the script counts down and, when the time comes,
    loads the drill again in the same scope. The browser's clock is Playwright's, run on."""
    now = datetime.now(UTC)
    set_user(app, daily_new_limit=0, learn_ahead_minutes=0)
    put_card(app, "PY-JR-001", 1, now + timedelta(minutes=30), now, stability=1)
    page.clock.install()
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?track=python")
    assert re.fullmatch(r"in (29|30):\d\d", page.locator(".countdown-wait").inner_text())
    page.evaluate("() => { window.__countdownPage = true; }")
    page.clock.run_for("31:00")
    page.wait_for_function("() => window.__countdownPage !== true")  # a new page was loaded
    assert page.url == live_server + "/drill?track=python"
