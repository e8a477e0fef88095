"""In Chromium: Optimize on the study settings swaps in the fitting panel with the fit's
figures, in place (htmx under the Content-Security-Policy), on a phone and a desktop screen."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.accounts import STRONG_PASSWORD
from tests.helpers.fit_history import store_history
from tests.helpers.fitting import simulate

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("PRACTICE_SCREENSHOTS")  # a folder to keep screenshots in, if set


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_optimize_swaps_in_the_fit_figures(app, live_server, page, user_id, width, height):
    start = datetime(2026, 11, 2, 9, tzinfo=UTC) - timedelta(days=400)
    store_history(app, simulate(80, 0.7, start, seed=5))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/drill/settings")
    panel = page.locator("#fitting")
    assert "You have not fitted your parameters yet (800 reviews so far)" in panel.inner_text()
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("button", name="Optimize my schedule").click()
    page.wait_for_selector("#fitting .fit-outcome")
    assert page.evaluate("() => window.__sameDocument") is True  # swapped, not reloaded
    text = panel.inner_text()
    assert "Adopted the fitted parameters" in text and "Reviews used" in text
    assert "current parameters" in text and "fitted parameters" in text
    assert "200 more reviews before the next fit is worth running." in text
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # no sideways
    if SHOTS:
        panel.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/fitting-{width}.png", full_page=True)
    assert errors == [], errors
