"""Mentees are emailed (on the real local SMTP server, after the response has gone out) when
their mentor assigns them a set or comments on an answer they typed, unless they opted out;
each email has its one-click unsubscribe link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from practice.types import utcnow
from tests.helpers.groups import client_for, post
from tests.helpers.reminders import opt_in, text_of, unsubscribe_link
from tests.helpers.world import World, build_world

smtp = pytest.mark.smtp
MENTEE = "learner@example.com"


@pytest.fixture
def world(app, runner, tmp_path) -> World:
    return build_world(app, runner, tmp_path)


def sent_after_response(response):
    """Finish the response as a WSGI server does: mail queued for after it goes out."""
    response.get_data()
    response.close()
    return response


def assign_spare_set(app, world: World):
    due = (utcnow() + timedelta(days=5)).date().isoformat()
    form = {"question_set": world.spare_set_id, "due_date": due, "target": 90}
    path = f"/mentor/mentees/{world.people['learner']}/assignments"
    return sent_after_response(post(client_for(app, "owner_mentor"), path, form)), due


def comment(app, world: World, body: str = "Say what a generator would do instead."):
    path = f"/mentor/answers/{world.answer_id}/comments"
    return sent_after_response(post(client_for(app, "owner_mentor"), path, {"body": body}))


@smtp
def test_a_mentee_is_emailed_when_their_mentor_assigns_a_set(app, world, smtp_server):
    response, due = assign_spare_set(app, world)
    assert response.status_code == 302
    [message] = smtp_server.inbox.to(MENTEE)
    assert message["Subject"] == "Mona Mentor assigned you a set on Practice"
    text = text_of(message)
    assert "Mona Mentor assigned you a set on Practice: Mentor set two." in text
    assert f"Due: {due} (UTC)" in text and "Goal: 90% predicted recall" in text
    assert "/drill?assignment=" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp_server.inbox.to("mentor@example.com") == []


@smtp
def test_a_mentee_is_emailed_the_comment_on_their_answer(app, world, smtp_server):
    assert comment(app, world).status_code == 302
    [message] = smtp_server.inbox.to(MENTEE)
    assert message["Subject"] == "Mona Mentor commented on your answer on Practice"
    text = text_of(message)
    assert 'commented on your answer to "What does a list comprehension build?"' in text
    assert "Say what a generator would do instead." in text and "my answer" in text
    assert "/library/PY-JR-001" in text


@smtp
def test_a_mentee_who_opted_out_gets_neither(app, world, smtp_server):
    opt_in(app, MENTEE, hour=7, mentoring=False)
    assign_spare_set(app, world)
    comment(app, world)
    assert smtp_server.inbox.to(MENTEE) == []


@smtp
def test_the_emails_unsubscribe_link_stops_mentor_emails_only(app, world, smtp_server):
    comment(app, world)
    [message] = smtp_server.inbox.to(MENTEE)
    page = app.test_client().get(unsubscribe_link(message)).get_data(as_text=True)
    assert "Stop sending emails about your mentors&#39; assignments and comments" in page
    app.test_client().post(unsubscribe_link(message))
    comment(app, world, "A second comment.")
    assign_spare_set(app, world)
    assert len(smtp_server.inbox.to(MENTEE)) == 1


def test_without_mail_nothing_is_sent_and_the_actions_still_work(app, world):
    response, _ = assign_spare_set(app, world)
    assert response.status_code == 302
    assert comment(app, world).status_code == 302
