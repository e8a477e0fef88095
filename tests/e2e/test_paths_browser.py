"""In Chromium, with JavaScript on and off: "Start this path" lands on the drill of the first
module with items left to learn, on its first unlearned item in path order; and a track page
fits a phone and a desktop (screenshots in test-artifacts/screenshots/)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import Item, LearningPath
from practice.paths.queries import module_ids
from practice.types import utcnow
from tests.e2e.test_drill_browser import card_on_screen, log_in_with_keyboard
from tests.helpers.bank_factory import write_small_bank
from tests.helpers.drill import put_card

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(os.environ.get("PRACTICE_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


@pytest.fixture
def path_bank(tmp_path, runner, user_id):
    assert (
        runner.invoke(args=["bank", "load", str(write_small_bank(tmp_path / "bank"))]).exit_code
        == 0
    )


def second_module_in_order(app) -> list[str]:
    with app.app_context():
        path = db.session.scalar(select(LearningPath).where(LearningPath.slug == "python-basics"))
        ids = module_ids(path)[1]
        names = dict(db.session.execute(select(Item.id, Item.external_id)).all())
        return [names[i] for i in ids]


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_start_this_path_lands_on_the_first_unlearned_module(
    app, browser, live_server, path_bank, javascript
):
    now = utcnow()
    put_card(app, "PY-JR-001", 2, now + timedelta(days=5), now - timedelta(days=1))  # module 1
    order = second_module_in_order(app)
    put_card(app, order[0], 2, now + timedelta(days=5), now - timedelta(days=1))  # learned too
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in_with_keyboard(page, live_server)
        page.goto(live_server + "/paths/python-basics")
        page.get_by_role("button", name="Start this path").click()
        page.wait_for_url(live_server + "/drill?path=python-basics")
        assert page.get_by_text("Started Python basics.").is_visible()
        assert card_on_screen(page) == order[1]  # the module's first item not yet learned
        assert "Python basics" in page.locator(".scope summary").inner_text()
        page.goto(live_server + "/paths/python-basics")
        current = page.locator("li.module.current")
        assert current.get_attribute("data-module") == "2"
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_a_track_page_fits_the_screen(live_server, page, path_bank, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in_with_keyboard(page, live_server)
    page.get_by_role("link", name="Python", exact=True).click()  # the home page's track card
    page.wait_for_url(live_server + "/library/tracks/python")
    assert page.get_by_role("heading", name="Your progress").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"track-page-{width}.png"), full_page=True)
