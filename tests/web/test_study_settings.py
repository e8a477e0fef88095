"""Study settings for Anki's queue controls: maximum reviews, learning steps in hours and days,
the learn-ahead limit and leeches. Bad values come back with the reason beside the field
(400) and change nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from tests.helpers.accounts import csrf_token

GOOD = {
    "desired_retention": "0.9",
    "daily_new_limit": "20",
    "maximum_reviews": "150",
    "time_zone": "UTC",
    "day_start_hour": "4",
    "learning_steps": "1h 1d",
    "learn_ahead_minutes": "30",
    "leech_threshold": "5",
    "leech_action": "suspend",
}


def post_settings(client, **changes):
    data = GOOD | changes | {"csrf_token": csrf_token(client, "/drill/settings")}
    return client.post("/drill/settings", data=data)


def settings_of(app) -> tuple:
    with app.app_context():
        user = db.session.scalar(select(User))
        return (
            user.maximum_reviews,
            user.learning_steps,
            user.learn_ahead_minutes,
            user.leech_threshold,
            user.leech_action,
        )


def error_beside(page: str, field: str) -> str:
    """The error paragraph inside the field's own block."""
    block = page.split(f'<div class="field has-error">\n  <label for="{field}"', 1)[1]
    block = block.split("</div>", 1)[0]
    assert f'aria-describedby="{field}-error"' in block
    return re.search(rf'<p id="{field}-error" class="field-error">([^<]+)</p>', block).group(1)


def test_new_settings_show_anki_defaults(learner):
    page = learner.get("/drill/settings").get_data(as_text=True)
    assert re.search(r'id="maximum_reviews"[^>]*value="200"', page)
    assert re.search(r'id="learn_ahead_minutes"[^>]*value="20"', page)
    assert re.search(r'id="leech_threshold"[^>]*value="8"', page)
    assert '<option selected value="tag">Mark it as a leech only</option>' in page


def test_hours_and_days_are_accepted_saved_and_shown_back(app, learner):
    assert post_settings(learner).status_code == 302
    assert settings_of(app) == (150, [60, 1440], 30, 5, "suspend")
    page = learner.get("/drill/settings").get_data(as_text=True)
    assert 'value="1h 1d"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("maximum_reviews", "-1", "Give a number of reviews from 0 to 9,999."),
        ("maximum_reviews", "10000", "Give a number of reviews from 0 to 9,999."),
        ("maximum_reviews", "lots", "Not a valid integer value."),
        ("learning_steps", "1h 1w", "&#39;1w&#39; is not a step like 10m, 2h or 1d."),
        ("learning_steps", "1m 400d", "A learning step can be at most 365 days."),
        ("learn_ahead_minutes", "1441", "Give a number of minutes from 0 to 1,440."),
        ("leech_threshold", "0", "Give a number of lapses from 1 to 99."),
        ("leech_action", "delete", "Not a valid choice."),
    ],
)
def test_a_bad_value_is_refused_beside_its_field_and_changes_nothing(
    app, learner, field, value, message
):
    before = settings_of(app)
    response = post_settings(learner, **{field: value})
    assert response.status_code == 400
    assert error_beside(response.get_data(as_text=True), field) == message
    assert settings_of(app) == before
