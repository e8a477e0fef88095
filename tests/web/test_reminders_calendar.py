"""The private calendar feed: an unguessable address the learner makes, rotates or turns off
on the reminder settings page; a valid iCalendar document (parsed with `icalendar`) with
today's study event and its due count, the forecast days, and assignment due dates, in the
learner's time zone. A feed shows its own owner's work only."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlalchemy import select

from practice.domain.recall import due_day
from practice.domain.study_days import study_day
from practice.extensions import db
from practice.models import Assignment
from practice.types import utcnow
from tests.helpers.db import database_snapshot
from tests.helpers.groups import client_for, post
from tests.helpers.reminders import due_reviews
from tests.helpers.world import World, build_world


@pytest.fixture
def world(app, runner, tmp_path) -> World:
    return build_world(app, runner, tmp_path)


def feed(client, token: str):
    return client.get(f"/calendar/{token}.ics")


def events(response) -> dict[str, list]:
    """The feed's events by summary, each with its start (a date for all-day events)."""
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0" and "Practice" in str(calendar["PRODID"])
    found: dict[str, list] = {}
    for event in calendar.walk("VEVENT"):
        assert event.get("UID") and event.get("DTSTAMP")
        found.setdefault(str(event["SUMMARY"]), []).append(event.decoded("DTSTART"))
    return found


def feed_path(page: str) -> str | None:
    match = re.search(r'id="feed-url">([^<]+)<', page)
    return urlsplit(match.group(1)).path if match else None


def test_a_feed_has_todays_study_event_and_the_assignment_due_dates(app, world):
    found = events(feed(app.test_client(), world.feeds["learner"]))
    with app.app_context():
        dues = {a.set_id: due_day(a.due_at, "UTC") for a in db.session.scalars(select(Assignment))}
    assert found["Due: Mentor set"] == [dues[world.set_id]]
    assert found["Due: Trainer set"] == [dues[world.trainer_set_id]]
    [today_event] = [k for k in found if k.startswith("Practice: ")]
    assert found[today_event] == [study_day(utcnow(), "UTC", 4)]  # the study day, from 04:00
    assert all(isinstance(days[0], date) for days in found.values())


def test_a_feed_shows_only_its_owners_work(app, world):
    due_reviews(app, "outsider@example.com", utcnow(), "PY-JR-001", "PY-JR-002", "PY-JR-003")
    client = client_for(app, "outsider")  # signed in or not, the token decides whose feed
    learner = events(feed(client, world.feeds["learner"]))
    outsider = events(feed(client, world.feeds["outsider"]))
    assert "Practice: 3 reviews due" in outsider and "Practice: 3 reviews due" not in learner
    assert not any(k.startswith("Due: ") for k in outsider)
    assert "Due: Mentor set" in learner


def test_the_forecast_days_say_what_comes_due_in_the_learners_time_zone(app, world):
    with app.app_context():
        from practice.models import User

        db.session.get(User, world.people["outsider"]).time_zone = "Pacific/Auckland"
        db.session.commit()
    # due in three days and in four: two forecast events on those study days
    now = utcnow()
    from tests.helpers.drill import put_card

    for external_id, days in (("PY-JR-001", 3), ("PY-JR-002", 4)):
        put_card(app, external_id, 2, now + timedelta(days=days), now, email="outsider@example.com")
    found = events(feed(app.test_client(), world.feeds["outsider"]))
    days = sorted(d for k, v in found.items() if k == "Practice: 1 review due" for d in v)
    assert len(days) == 2 and (days[1] - days[0]).days == 1


def test_the_settings_page_makes_rotates_and_stops_the_address(app, world):
    client = client_for(app, "owner_mentor")
    page = client.get("/account/reminders").get_data(as_text=True)
    assert feed_path(page) is None and "Make my calendar address" in page
    made = post(client, "/account/reminders/calendar", {"action": "rotate"})
    assert made.status_code == 302
    first = feed_path(client.get("/account/reminders").get_data(as_text=True))
    assert first and app.test_client().get(first).status_code == 200
    post(client, "/account/reminders/calendar", {"action": "rotate"})
    second = feed_path(client.get("/account/reminders").get_data(as_text=True))
    assert second and second != first
    assert app.test_client().get(first).status_code == 404  # the old address is dead
    assert app.test_client().get(second).status_code == 200
    post(client, "/account/reminders/calendar", {"action": "stop"})
    assert feed_path(client.get("/account/reminders").get_data(as_text=True)) is None
    assert app.test_client().get(second).status_code == 404


def test_unknown_tokens_find_nothing(app, world):
    client = app.test_client()
    for token in ("nope", "x" * 43, world.feeds["learner"][:-1], "a" * 65):
        assert feed(client, token).status_code == 404, token


def test_a_deactivated_learners_feed_is_gone(app, world):
    with app.app_context():
        from practice.models import User

        db.session.get(User, world.people["learner"]).active = False
        db.session.commit()
    assert feed(app.test_client(), world.feeds["learner"]).status_code == 404


def test_a_bad_calendar_action_is_refused_and_changes_nothing(app, world):
    client = client_for(app, "learner")
    before = database_snapshot(app)
    refused = post(client, "/account/reminders/calendar", {"action": "delete-all"})
    assert refused.status_code == 400
    assert "Use one of the buttons below: nothing was changed." in refused.get_data(as_text=True)
    assert client.post("/account/reminders/calendar", data={"action": "stop"}).status_code == 400
    assert database_snapshot(app) == before
    assert feed(app.test_client(), world.feeds["learner"]).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(app, world):
    client = app.test_client()
    before = database_snapshot(app)
    for method, path in (
        ("get", "/account/reminders"),
        ("post", "/account/reminders"),
        ("post", "/account/reminders/calendar"),
    ):
        response = getattr(client, method)(path, data={"action": "stop"})
        assert response.status_code in (302, 400), (method, path)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    assert database_snapshot(app) == before


def test_the_learners_own_interview_dates_are_in_the_feed_and_only_theirs(app, world):
    from practice.models import InterviewDate

    with app.app_context():
        interview = db.session.get(InterviewDate, world.interview_date_id)
        day = interview.day
    learner = events(feed(app.test_client(), world.feeds["learner"]))
    assert learner["Interview: Learner interview"] == [day]
    outsider = events(feed(app.test_client(), world.feeds["outsider"]))
    assert not any(k.startswith("Interview: ") for k in outsider)
