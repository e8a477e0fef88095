"""In Chromium: from the account page to the reminder settings, opt in to the digest, make
the calendar address and copy it, all under the Content-Security-Policy; and the unsubscribe
page's one button. Set PRACTICE_SCREENSHOTS=DIR to keep screenshots of both widths."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from practice.reminders.tokens import unsubscribe_token
from tests.helpers.accounts import STRONG_PASSWORD, create_user
from tests.helpers.reminders import setting

pytestmark = pytest.mark.e2e
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def shoot(page, name: str) -> None:
    folder = os.environ.get("PRACTICE_SCREENSHOTS")
    if not folder:
        return
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(folder, f"{name}-{label}.png"), full_page=True)


def test_opt_in_make_the_calendar_address_and_unsubscribe(app, live_server, page):
    create_user(app)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/account")
    page.get_by_role("link", name="Email reminders and your calendar feed").click()
    page.get_by_label("Email me a daily digest of what is due").check()
    page.get_by_label("Send it at").select_option("08:00")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved: a daily digest at 08:00 (UTC).").is_visible()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.locator("#feed-url").inner_text()
    assert "/calendar/" in address and address.endswith(".ics")
    assert page.get_by_role("button", name="Copy").is_visible()  # copy.js ran under the CSP
    shoot(page, "reminders-settings")
    assert setting(app, "ada@example.com", "digest_hour") == 8
    with app.test_request_context():
        ada = db.session.scalar(select(User).where(User.email == "ada@example.com"))
        token = unsubscribe_token(ada, "digest")
    page.goto(f"{live_server}/unsubscribe/{token}")
    shoot(page, "reminders-unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_text("ada@example.com gets no more the daily digest.").is_visible()
    assert setting(app, "ada@example.com", "digest_enabled") is False
    assert errors == []
