"""In a real browser: the home page shows the tracks and htmx runs from our own server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.e2e


def test_home_page_in_chromium(live_server, runner, small_bank, page):
    runner.invoke(args=["bank", "load", str(small_bank)])
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server + "/")
    assert page.get_by_role("heading", name="Tracks").is_visible()
    python = page.locator('li[data-track="python"]')
    assert "4 items" in python.inner_text()
    assert page.evaluate("() => window.htmx && window.htmx.version") == "2.0.11"
    hosts = {urlparse(url).netloc for url in requested}
    assert hosts == {urlparse(live_server).netloc}, requested
