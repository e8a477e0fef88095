"""In Chromium: a mentor invites, a learner accepts, the mentor assigns a set, the learner
drills it with a typed answer, and the mentor sees the progress and the answer and comments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.helpers.accounts import STRONG_PASSWORD, create_user
from tests.helpers.bank_factory import write_catalog, write_item

pytestmark = pytest.mark.e2e


@pytest.fixture
def bank(tmp_path, runner):
    root = tmp_path / "bank"
    write_catalog(root)
    write_item(
        root, "PY-JR-001", "What does a list comprehension build?", level="junior", difficulty=1
    )
    write_item(root, "PY-SR-001", "Why do database deadlocks happen?", level="senior", difficulty=7)
    assert runner.invoke(args=["bank", "load", str(root)]).exit_code == 0


def signed_in(browser, live_server, email: str):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")
    return context, page


def test_mentor_invites_assigns_and_comments_on_a_drilled_answer(app, live_server, browser, bank):
    create_user(app, "mona@example.com", role="mentor", name="Mona Mentor")
    create_user(app, "lea@example.com", name="Lea Learner")
    mentor_context, mentor = signed_in(browser, live_server, "mona@example.com")
    learner_context, learner = signed_in(browser, live_server, "lea@example.com")
    errors: list[str] = []
    for page in (mentor, learner):
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        # The mentor makes a set and picks the senior item through the title search.
        mentor.goto(live_server + "/sets/new")
        mentor.get_by_label("Title").fill("Deadlocks week")
        mentor.get_by_role("button", name="Create set").click()
        mentor.get_by_label("Search titles").fill("deadlocks")
        mentor.get_by_role("button", name="Search").click()
        mentor.get_by_role("button", name="Add to set").click()  # an HTMX swap
        mentor.get_by_text("Added to Deadlocks week.").wait_for()

        # Invite: the learner opens the link and accepts.
        mentor.goto(live_server + "/mentor")
        mentor.get_by_role("button", name="Create invite").click()
        link = mentor.get_by_label("Invite link").input_value()
        learner.goto(link)
        learner.get_by_role("button", name="Accept").click()
        learner.get_by_text("You now have a mentor").wait_for()

        # The mentor assigns the set, due in a week.
        mentor.goto(live_server + "/mentor")
        mentor.get_by_role("link", name="Lea Learner", exact=True).click()
        mentor.get_by_label("Set").select_option(label="Deadlocks week")
        mentor.get_by_label("Due date", exact=True).fill(
            (date.today() + timedelta(days=7)).isoformat()
        )
        mentor.get_by_role("button", name="Assign").click()
        mentor.get_by_text("Assigned Deadlocks week to Lea Learner.").wait_for()

        # The learner sees it at home and drills it: the assigned (harder) item comes first.
        learner.goto(live_server + "/")
        row = learner.locator(".my-assignments tr", has_text="Deadlocks week")
        assert "0 / 1" in row.inner_text()
        row.get_by_role("link", name="Drill").click()
        learner.wait_for_selector('article[data-item="PY-SR-001"]')
        typed = "Two locks taken in opposite orders."
        learner.get_by_label("Type your answer first (optional)").fill(typed)
        learner.keyboard.press("Control+Enter")
        learner.wait_for_selector('article[data-stage="1"]')
        learner.keyboard.press("3")
        # Good: back in 10 minutes, and with nothing else in scope it is shown ahead at once
        learner.wait_for_selector('article[data-item="PY-SR-001"][data-stage="0"]')

        # The mentor sees the progress and the typed answer, and comments on it.
        mentor.reload()
        assert mentor.locator("td.started").inner_text() == "1 / 1"
        answer = mentor.locator("article.typed", has_text="Two locks taken in opposite orders.")
        answer.get_by_label("Comment for Lea Learner").fill("Yes: and name a fix, lock ordering.")
        answer.get_by_role("button", name="Comment").click()
        mentor.get_by_text("Comment saved").wait_for()

        learner.goto(live_server + "/")
        assert learner.get_by_text("Yes: and name a fix, lock ordering.").is_visible()
        learner.goto(live_server + "/drill?item=PY-SR-001&stage=1")
        assert learner.locator(".mentor-comments").get_by_text("lock ordering").is_visible()
        assert errors == []
    finally:
        mentor_context.close()
        learner_context.close()
