"""In Chromium: type a query, results update in place with the URL kept in sync; filter; go
back; open an item and copy its code."""

from __future__ import annotations

import pytest

from tests.helpers.library import load, write_library_bank

pytestmark = pytest.mark.e2e


@pytest.fixture
def library_bank(tmp_path, runner):
    load(runner, write_library_bank(tmp_path / "bank"))


def hits(page) -> list[str]:
    return page.locator("li.hit").evaluate_all("els => els.map(e => e.dataset.item)")


def test_search_as_you_type_filter_and_open_an_item(app, live_server, page, library_bank):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/library")
    page.evaluate("() => { window.__sameDocument = true; }")
    assert len(hits(page)) == 8

    page.get_by_label("Search the library").press_sequentially("sharding", delay=30)
    page.wait_for_url("**/library?q=sharding**")
    page.wait_for_function("() => document.querySelectorAll('li.hit').length === 2")
    assert hits(page) == ["PY-SR-001", "PY-MD-001"]
    assert page.locator("li.hit mark").first.inner_text().lower() == "sharding"
    assert page.evaluate("() => window.__sameDocument") is True  # no page load

    page.locator('.facet-level input[value="senior"]').check()
    page.wait_for_url("**level=senior**")
    page.wait_for_function("() => document.querySelectorAll('li.hit').length === 1")
    assert hits(page) == ["PY-SR-001"]
    assert page.evaluate("() => window.__sameDocument") is True

    page.go_back()  # the back button undoes the filter
    page.wait_for_function("() => document.querySelectorAll('li.hit').length === 2")
    assert "level=senior" not in page.url

    box = page.get_by_label("Search the library")
    box.fill("sharding write")
    page.wait_for_url("**q=sharding%20write**")
    page.go_back()  # Back and Forward bring the search text back with the results
    page.wait_for_function("() => document.getElementById('library-q').value === 'sharding'")
    page.go_forward()
    page.wait_for_function("() => document.getElementById('library-q').value === 'sharding write'")

    page.get_by_label("Search the library").fill("sum range")
    page.wait_for_function(
        "() => [...document.querySelectorAll('li.hit')].map(e => e.dataset.item).join() === "
        "'PY-SNP-001'"
    )
    page.locator("li.hit a.hit-title").first.click()
    page.wait_for_url("**/library/PY-SNP-001")
    assert page.get_by_role("heading", level=1).inner_text() == "Sum a range of numbers"
    assert page.get_by_role("button", name="Copy this code").count() == 1
    assert errors == []
