"""In Chromium: register and log in through the forms, and the admin search updates in place
under the Content-Security-Policy (htmx works with no inline script)."""

from __future__ import annotations

import pytest

from tests.helpers.accounts import STRONG_PASSWORD, create_user

pytestmark = pytest.mark.e2e


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def test_register_log_out_and_log_back_in(live_server, page):
    errors = watch_console(page)
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("lin@example.com")
    page.get_by_label("Display name").fill("Lin")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_text("Welcome, Lin.").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("lin@example.com")
    page.get_by_label("Password").fill("a wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("Incorrect email or password.").is_visible()
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("link", name="Lin").is_visible()
    # The refused login answers 400 (as every refused form does), which Chromium reports as a
    # failed resource; nothing else may reach the console.
    refused = [e for e in errors if "status of 400" in e]
    assert len(refused) == 1 and [e for e in errors if e not in refused] == []


def test_admin_search_updates_in_place_under_the_csp(app, live_server, page):
    create_user(app, "root@example.com", role="admin", name="Root")
    for name in ("Alice", "Bruno", "Chen"):
        create_user(app, f"{name.lower()}@example.com", name=name)
    errors = watch_console(page)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("root@example.com")
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/admin/users")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_label("Search by email or name").fill("bru")
    page.wait_for_selector("text=1 user matching")
    assert page.locator("tbody tr").count() == 1
    assert page.evaluate("() => window.__sameDocument") is True  # no full page load
    assert page.url.endswith("/admin/users?q=bru")
    assert errors == [], errors
