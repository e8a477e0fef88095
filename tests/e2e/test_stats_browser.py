"""In Chromium: the statistics page's charts take the reader's colour scheme (light or dark)
from the stylesheet, with no inline style, and the page fits a phone and a desktop; the
screenshots land in PRACTICE_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from practice.types import utcnow
from tests.helpers.accounts import STRONG_PASSWORD, create_user
from tests.helpers.groups import load_bank
from tests.helpers.stats import add_card, add_review

pytestmark = pytest.mark.e2e
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def learner_with_history(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    user_id = create_user(app, "lea@example.com", name="Lea Learner")
    now = utcnow()
    with app.app_context():
        for days in range(1, 40):
            add_review(user_id, "PY-JR-001", now - timedelta(days=days), rating=1 + days % 4)
        add_card(user_id, "PY-JR-001", now + timedelta(days=3), stability=12.0)
        add_card(user_id, "PY-MD-001", now + timedelta(days=9), stability=30.0)


def open_stats(browser, live_server, scheme: str, size: tuple[int, int]):
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": size[0], "height": size[1]}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("lea@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/stats")
    return context, page


def colours(page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const svg = document.querySelector('svg.pygal-chart');
            const title = svg.querySelector('text.title');
            const bar = svg.querySelector('.color-0 .rect, .color-0 rect');
            return {
                text: getComputedStyle(title).fill,
                paper: getComputedStyle(svg).backgroundColor,
                bar: getComputedStyle(bar).fill,
            };
        }"""
    )


def brightness(rgb: str) -> float:
    red, green, blue = (float(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return (red + green + blue) / 3


def test_charts_follow_the_light_and_the_dark_scheme(live_server, browser, learner_with_history):
    seen = {}
    for scheme in ("light", "dark"):
        for name, size in SIZES.items():
            context, page = open_stats(browser, live_server, scheme, size)
            try:
                assert page.locator("svg.pygal-chart").count() >= 8
                assert page.locator("main [style]").count() == 0
                seen[(scheme, name)] = colours(page)
                width = page.evaluate("() => document.documentElement.scrollWidth")
                assert width <= size[0] + 1, f"{scheme} {name}: the page scrolls sideways"
                folder = os.environ.get("PRACTICE_SCREENSHOTS")
                if folder:
                    path = Path(folder) / f"stats-{scheme}-{name}.png"
                    page.screenshot(path=str(path), full_page=False)
            finally:
                context.close()
    light, dark = seen[("light", "desktop")], seen[("dark", "desktop")]
    assert brightness(light["text"]) < 100 < brightness(light["paper"])
    assert brightness(dark["text"]) > 150 > brightness(dark["paper"])
    assert light["bar"] != dark["bar"]
