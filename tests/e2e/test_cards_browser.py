"""In Chromium: My cards sorts and pages in place with htmx (the URL kept in sync), searches
as you type, and a bulk suspend works from the ticked boxes; screenshots at phone and
desktop sizes for a look."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from practice.extensions import db
from practice.models import CardState
from practice.types import utcnow
from tests.helpers.accounts import STRONG_PASSWORD, create_user
from tests.helpers.groups import load_bank, review

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PRACTICE_SCREENSHOTS")  # a folder to keep screenshots in


@pytest.fixture
def studied(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    user_id = create_user(app)
    now = utcnow()
    for n, external_id in enumerate(("PY-JR-001", "PY-JR-002", "PY-MD-001", "PY-SR-001")):
        review(app, user_id, external_id, 1 + n % 4, now - timedelta(days=n + 1))
    with app.app_context():
        db.session.execute(update(CardState).values(lapses=CardState.id))
        db.session.commit()
    return user_id


def rows(page) -> list[str]:
    return page.locator("tr[data-card]").evaluate_all("els => els.map(e => e.dataset.item)")


def shoot(page, name: str) -> None:
    if SHOTS:
        for width, height in ((390, 844), (1280, 800)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)


def test_sort_search_and_suspend_in_the_browser(app, live_server, page, studied):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")
    page.get_by_role("link", name="My cards").click()
    page.wait_for_url("**/cards")
    assert len(rows(page)) == 4
    page.evaluate("() => { window.__sameDocument = true; }")

    page.get_by_role("link", name="Lapses").click()
    page.wait_for_url("**sort=lapses**")
    page.get_by_role("link", name="Lapses").click()  # again: most lapses first
    page.wait_for_url("**order=desc**")
    page.wait_for_function(
        "() => document.querySelector('tr[data-card]').dataset.item === 'PY-SR-001'"
    )
    assert page.evaluate("() => window.__sameDocument") is True

    page.get_by_label("Search your cards").fill("lapses>2 ")
    page.wait_for_url("**q=lapses**")
    page.wait_for_function("() => document.querySelectorAll('tr[data-card]').length === 2")
    assert rows(page) == ["PY-SR-001", "PY-MD-001"]  # the search kept the sort
    assert "order=desc" in page.url
    assert page.evaluate("() => window.__sameDocument") is True
    shoot(page, "cards")

    page.get_by_label("Select PY-SR-001").check()
    page.get_by_role("button", name="Suspend", exact=True).click()
    page.wait_for_selector("text=Suspended 1 card")
    assert "suspended" in page.locator('tr[data-item="PY-SR-001"] td.flags').inner_text()
    assert "q=lapses" in page.url  # back on the same search
    assert errors == []
