"""In Chromium: the study settings page's deck options, filled in and saved with the keyboard
and mouse as a learner would, on a phone and a desktop screen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from tests.e2e.test_drill_browser import log_in_with_keyboard

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_deck_options_are_set_and_saved_in_the_browser(
    app, live_server, page, user_id, tmp_path, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill/settings")
    page.get_by_label("Sunday (%)").fill("50")
    page.get_by_label("Architect questions").fill("0.95")
    page.get_by_label("Order of due reviews").select_option("random")
    page.get_by_label("New cards come").select_option("mixed")
    page.get_by_label("Balance the load").uncheck()
    page.screenshot(path=str(tmp_path / f"settings-{width}.png"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(live_server + "/drill/settings")
    assert page.get_by_text("Study settings saved.").is_visible()
    assert page.get_by_label("Sunday (%)").input_value() == "50"
    # the browser itself refuses a percentage over 100 (the server does too: web tests)
    page.get_by_label("Sunday (%)").fill("101")
    assert not page.get_by_label("Sunday (%)").evaluate("field => field.validity.valid")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.easy_days == [100, 100, 100, 100, 100, 100, 50]
        assert (user.review_order, user.new_card_place, user.load_balancer) == (
            "random",
            "mixed",
            False,
        )
        assert user.retention_by_level == {"architect": 0.95}
