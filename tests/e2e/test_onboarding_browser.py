"""In Chromium: a new learner registers, onboards (the time zone comes from the browser), drills
the default scope to its end, reads the session summary and opens the statistics; the landing
page's sample card reveals in place; End session swaps the summary in.

Set PRACTICE_SCREENSHOTS=DIR to keep screenshots of each page at 390 and 1280 pixels wide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from tests.helpers.accounts import STRONG_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def berlin(browser):
    """A page whose browser reports Europe/Berlin as its time zone."""
    context = browser.new_context(timezone_id="Europe/Berlin", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def screenshots(page, name: str) -> None:
    """Both widths of the page as it is now, when PRACTICE_SCREENSHOTS names a folder."""
    folder = os.environ.get("PRACTICE_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.screenshot(path=f"{folder}/{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def register(page, live_server) -> None:
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("mia@example.com")
    page.get_by_label("Display name").fill("Mia")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(live_server + "/welcome")


def test_register_onboard_drill_summary_and_stats(app, runner, bank, live_server, berlin):
    page = berlin
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    errors = watch_console(page)
    register(page, live_server)
    assert page.get_by_role("heading", name="Set up your practice").is_visible()
    assert page.get_by_label("Your time zone").input_value() == "Europe/Berlin"  # detected
    assert page.get_by_text("Detected from your browser: Europe/Berlin.").is_visible()
    page.get_by_label("Python").check()
    page.get_by_label("Junior").check()
    screenshots(page, "welcome")
    page.get_by_role("button", name="Save and start").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_text("In your default drill scope, Python · junior").is_visible()
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.time_zone == "Europe/Berlin" and user.level == "junior"

    page.get_by_role("link", name="Start today's drill").click()
    page.wait_for_url(live_server + "/drill?track=python&level=junior")
    page.evaluate("() => { window.__sameDocument = true; }")
    for _ in range(3):  # the three junior Python questions, each rated Easy
        page.wait_for_selector('#drill-card article[data-stage="0"]')
        page.locator("body").press("Space")
        page.wait_for_selector('#drill-card article[data-stage="1"]')
        page.keyboard.press("4")
    summary = page.locator("#session-summary")
    summary.wait_for()
    assert page.evaluate("() => window.__sameDocument") is True  # rated in place, with htmx
    assert page.get_by_role("heading", name="Nothing is due in this scope.").is_visible()
    assert summary.locator(".summary-cards").inner_text() == "3 cards"
    assert summary.locator(".rated-4").inner_text() == "3"
    assert "(Europe/Berlin)" in summary.locator(".summary-next").inner_text()
    assert "today counts toward it" in summary.locator(".summary-streak").inner_text()
    screenshots(page, "summary")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stats").click()
    assert page.get_by_role("heading", name="Statistics").is_visible()
    screenshots(page, "stats")
    page.goto(live_server + "/drill/settings")
    line = page.locator(".default-scope-line")
    assert line.inner_text() == "Python · junior"
    assert page.get_by_label("Python", exact=True).is_checked()
    assert page.get_by_label("Junior", exact=True).is_checked()
    page.get_by_label("Go", exact=True).check()
    page.get_by_role("button", name="Save default scope").click()
    assert page.get_by_text("Default drill scope saved.").is_visible()
    assert line.inner_text() == "Python · Go · junior"
    screenshots(page, "settings")
    assert errors == [], errors


def test_the_landing_sample_card_reveals_in_place(runner, bank, live_server, page):
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    errors = watch_console(page)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/")
    assert page.get_by_role("link", name="Start practising").first.is_visible()
    screenshots(page, "landing")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("link", name="Show answer").click()
    page.wait_for_selector('#sample-card[data-stage="1"]')
    assert page.get_by_text("It keeps data close to the reader.").is_visible()
    assert page.evaluate("() => window.__sameDocument") is True
    assert page.url == live_server + "/"  # the reveal does not move the page's address
    page.get_by_role("link", name="Deep dive").click()
    page.wait_for_selector('#sample-card[data-stage="2"]')
    screenshots(page, "landing-revealed")
    assert errors == [], errors


def test_end_session_swaps_the_summary_in(app, runner, bank, live_server, page):
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    register(page, live_server)
    page.get_by_role("link", name="Skip for now").click()
    page.goto(live_server + "/drill")
    page.locator("body").press("Space")
    page.wait_for_selector('#drill-card article[data-stage="1"]')
    page.keyboard.press("3")
    page.wait_for_selector('#drill-card article[data-stage="0"]')
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("button", name="End session").click()
    summary = page.locator("#session-summary")
    summary.wait_for()
    assert page.evaluate("() => window.__sameDocument") is True
    assert summary.get_by_role("heading", name="Session summary").is_visible()
    assert summary.locator(".summary-cards").inner_text() == "1 card"
    screenshots(page, "ended")
    summary.get_by_role("link", name="Start a new session").click()
    page.wait_for_selector("#drill-card article")
