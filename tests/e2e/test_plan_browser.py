"""In Chromium: add an interview date through the form and read its plan."""

from __future__ import annotations

from datetime import timedelta

import pytest

from practice.domain.study_days import study_day
from practice.types import utcnow
from tests.e2e.test_drill_browser import log_in_with_keyboard, two_card_bank  # noqa: F401

pytestmark = pytest.mark.e2e


def test_adding_an_interview_date_shows_its_plan(app, live_server, page, two_card_bank):  # noqa: F811
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_with_keyboard(page, live_server)
    page.get_by_role("link", name="Plan").click()
    page.get_by_role("link", name="Add an interview date").click()
    page.get_by_label("What is the interview?").fill("Final round")
    day = study_day(utcnow(), "UTC", 4) + timedelta(days=14)
    page.get_by_label("Interview day").fill(day.isoformat())
    page.get_by_role("button", name="Add the date").click()
    assert page.get_by_role("heading", name="Final round").is_visible()
    status = page.locator("p.plan-status").inner_text()
    assert status.startswith("On track."), status
    assert page.locator('table[data-figure="plan-days"] tbody tr').count() == 14
    assert page.locator("figure.chart svg").count() == 1
    page.get_by_role("link", name="Plan", exact=True).first.click()
    assert page.locator("li.interview").count() == 1
    assert errors == []
