"""The reminder settings page (linked from the account page): opt in to the digest at an hour
of the learner's own day, keep or stop mentor emails; a bad hour is said next to its field
and changes nothing."""

from __future__ import annotations

import pytest

from tests.helpers.accounts import log_in, post_form
from tests.helpers.db import database_snapshot
from tests.helpers.drill import set_user
from tests.helpers.reminders import setting


@pytest.fixture
def signed_in(app, client, user_id):
    set_user(app, time_zone="Europe/Berlin")
    log_in(client)
    return client


def test_the_account_page_links_to_the_reminder_settings(signed_in):
    page = signed_in.get("/account").get_data(as_text=True)
    assert 'href="/account/reminders"' in page


def test_the_page_shows_the_defaults_in_the_learners_zone(signed_in):
    page = signed_in.get("/account/reminders").get_data(as_text=True)
    assert (
        'name="digest_enabled"' in page
        and "checked" not in page.split('name="digest_enabled"')[1].split(">")[0]
    )
    assert '<option selected value="7">07:00</option>' in page
    assert "Your time: Europe/Berlin." in page
    assert "This installation sends no email yet" in page


def test_opting_in_saves_the_hour_and_says_so(app, signed_in):
    response = post_form(
        signed_in, "/account/reminders", {"digest_enabled": "y", "digest_hour": "9"}
    )
    assert response.status_code == 302
    assert "Saved: a daily digest at 09:00 (Europe/Berlin)." in signed_in.get(
        "/account/reminders"
    ).get_data(as_text=True)
    assert setting(app, "ada@example.com", "digest_enabled") is True
    assert setting(app, "ada@example.com", "digest_hour") == 9
    assert setting(app, "ada@example.com", "mentoring_emails") is False  # left unticked


@pytest.mark.parametrize("hour", ["24", "-1", "nine", ""])
def test_a_bad_hour_is_said_next_to_its_field_and_changes_nothing(app, signed_in, hour):
    before = database_snapshot(app)
    response = post_form(
        signed_in, "/account/reminders", {"digest_enabled": "y", "digest_hour": hour}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        'id="digest_hour-error" class="field-error">Choose an hour between 00:00 and 23:00.' in page
    )
    assert database_snapshot(app) == before
