"""The daily digest (`flask reminders send`, run every few minutes): sent to the real local
SMTP server at the learner's chosen hour in their own time zone, saying what is due, at most
once per learner and local day however often it runs, and only to learners who opted in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import DigestSend, User
from tests.helpers.accounts import create_user
from tests.helpers.drill import set_user
from tests.helpers.reminders import BASE, claims, due_reviews, opt_in, send, text_of

smtp = pytest.mark.smtp
# 06:30 UTC on a winter Monday: 07:30 in Berlin, 01:30 in New York
NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


@pytest.fixture
def loaded(app, runner, bank):
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    return app


@smtp
def test_the_digest_arrives_at_the_chosen_local_hour_and_says_what_is_due(
    loaded, user_id, smtp_server
):
    opt_in(loaded, "ada@example.com", hour=8, time_zone="Europe/Berlin")
    due_reviews(loaded, "ada@example.com", NOW, "PY-JR-001", "PY-JR-002")
    assert send(loaded, NOW).sent == 0  # 07:30 in Berlin: not yet
    assert smtp_server.inbox.to("ada@example.com") == []
    run = send(loaded, NOW + timedelta(minutes=35))  # 08:05 in Berlin
    assert (run.sent, run.failed) == (1, 0)
    [message] = smtp_server.inbox.to("ada@example.com")
    assert message["Subject"] == "Practice: 2 reviews due, 3 new cards ready"
    text = text_of(message)
    assert "Today, 2026-12-07:" in text
    assert "- 2 reviews due" in text and "- 3 new cards ready" in text
    assert f"Start today's drill: {BASE}/drill" in text
    assert "a daily digest at 08:00 (Europe/Berlin)" in text


@smtp
def test_each_learner_gets_it_at_their_own_hour_in_their_own_zone(loaded, smtp_server):
    create_user(loaded, "berlin@example.com")
    create_user(loaded, "newyork@example.com")
    opt_in(loaded, "berlin@example.com", hour=7, time_zone="Europe/Berlin")
    opt_in(loaded, "newyork@example.com", hour=7, time_zone="America/New_York")
    send(loaded, NOW)  # 07:30 Berlin, 01:30 New York
    assert len(smtp_server.inbox.to("berlin@example.com")) == 1
    assert smtp_server.inbox.to("newyork@example.com") == []
    send(loaded, NOW + timedelta(hours=6))  # 13:30 Berlin, 07:30 New York
    assert len(smtp_server.inbox.to("berlin@example.com")) == 1
    assert len(smtp_server.inbox.to("newyork@example.com")) == 1


@smtp
def test_a_run_missed_at_the_hour_catches_up_for_three_hours_only(loaded, user_id, smtp_server):
    opt_in(loaded, "ada@example.com", hour=3, time_zone="UTC")
    assert send(loaded, NOW.replace(hour=6, minute=1)).sent == 0  # 3 h 1 min late: skipped
    opt_in(loaded, "ada@example.com", hour=4, time_zone="UTC")
    assert send(loaded, NOW.replace(hour=6, minute=59)).sent == 1  # 2 h 59 min late
    assert len(smtp_server.inbox.to("ada@example.com")) == 1


@smtp
def test_a_late_evening_digest_sent_after_midnight_counts_for_the_day_it_was_due(
    loaded, user_id, smtp_server
):
    opt_in(loaded, "ada@example.com", hour=23, time_zone="UTC")
    assert send(loaded, datetime(2026, 12, 8, 0, 30, tzinfo=UTC)).sent == 1
    assert [day for _, day, _ in claims(loaded)] == ["2026-12-07"]
    assert send(loaded, datetime(2026, 12, 8, 23, 5, tzinfo=UTC)).sent == 1
    assert [day for _, day, _ in claims(loaded)] == ["2026-12-07", "2026-12-08"]


@smtp
def test_two_runs_send_one_digest_a_day_and_the_next_day_another(loaded, user_id, smtp_server):
    opt_in(loaded, "ada@example.com", hour=6)
    first = send(loaded, NOW)
    second = send(loaded, NOW + timedelta(minutes=5))
    assert (first.sent, second.sent) == (1, 0)
    assert len(smtp_server.inbox.to("ada@example.com")) == 1
    assert send(loaded, NOW + timedelta(days=1)).sent == 1
    assert len(smtp_server.inbox.to("ada@example.com")) == 2
    assert [(day, outcome) for _, day, outcome in claims(loaded)] == [
        ("2026-12-07", "sent"),
        ("2026-12-08", "sent"),
    ]


@smtp
def test_a_digest_claimed_by_a_run_alongside_is_not_sent_again(
    loaded, user_id, smtp_server, monkeypatch
):
    """Both runs saw the digest unclaimed; the one that inserts its row second sends nothing."""
    from practice.reminders import digest

    opt_in(loaded, "ada@example.com", hour=6)
    with loaded.app_context():
        seen_unclaimed = digest.due_now(NOW)
    assert seen_unclaimed == [(user_id, NOW.date())]
    assert send(loaded, NOW).sent == 1  # the other run claims and sends first
    monkeypatch.setattr(digest, "due_now", lambda now: seen_unclaimed)
    assert send(loaded, NOW).sent == 0
    assert len(smtp_server.inbox.to("ada@example.com")) == 1


def test_the_database_refuses_a_second_claim_for_the_same_day(loaded, user_id):
    from practice.reminders.digest import claim

    with loaded.app_context():
        assert claim(user_id, NOW.date(), NOW) is not None
        assert claim(user_id, NOW.date(), NOW) is None
        assert claim(user_id, NOW.date() + timedelta(days=1), NOW) is not None
        assert db.session.scalar(select(db.func.count(DigestSend.id))) == 2


@smtp
def test_learners_who_did_not_opt_in_or_are_deactivated_get_nothing(loaded, smtp_server):
    create_user(loaded, "quiet@example.com")
    create_user(loaded, "gone@example.com")
    opt_in(loaded, "gone@example.com", hour=6)
    with loaded.app_context():
        db.session.scalar(select(User).where(User.email == "gone@example.com")).active = False
        db.session.commit()
    assert send(loaded, NOW).sent == 0
    assert smtp_server.inbox.messages == [] and claims(loaded) == []


@smtp
def test_a_day_with_nothing_due_sends_nothing_and_is_not_tried_again(loaded, user_id, smtp_server):
    set_user(loaded, daily_new_limit=0)
    opt_in(loaded, "ada@example.com", hour=6)
    run = send(loaded, NOW)
    assert (run.sent, run.quiet) == (0, 1)
    assert send(loaded, NOW + timedelta(minutes=5)).quiet == 0
    assert smtp_server.inbox.messages == []
    assert [outcome for _, _, outcome in claims(loaded)] == ["quiet"]


@smtp
def test_a_failed_send_releases_its_claim_for_the_next_run(loaded, user_id, smtp_server):
    opt_in(loaded, "ada@example.com", hour=6)
    smtp_server.stop()  # the SMTP server is down
    run = send(loaded, NOW)
    assert (run.sent, run.failed) == (0, 1)
    assert claims(loaded) == []
    smtp_server.start()  # back up: the next run sends it
    assert send(loaded, NOW + timedelta(minutes=5)).sent == 1
    assert len(smtp_server.inbox.to("ada@example.com")) == 1


def test_the_command_refuses_to_run_without_mail_or_an_address(loaded, runner):
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output


@smtp
def test_the_command_needs_an_address_for_the_links(loaded, runner, user_id):
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code != 0 and "set PUBLIC_URL" in result.output
    result = runner.invoke(args=["reminders", "send", "--base-url", "https://practice.test"])
    assert result.exit_code == 0 and "0 digests sent" in result.output


@smtp
def test_the_digest_counts_down_to_the_learners_assignments(app, runner, tmp_path, smtp_server):
    from practice.types import utcnow
    from tests.helpers.world import build_world

    build_world(app, runner, tmp_path)  # the learner has two assignments due in three days
    now = utcnow()
    opt_in(app, "learner@example.com", hour=now.hour)
    assert send(app, now).sent == 1
    [message] = smtp_server.inbox.to("learner@example.com")
    assert message["Subject"].endswith(", 3 days to your assignment's due date")
    text = text_of(message)
    due = (now + timedelta(days=3)).date().isoformat()
    assert f"- {due} (in 3 days): Mentor set, assignment from Mona Mentor" in text
    assert f"- {due} (in 3 days): Trainer set, assignment from Cohort A" in text


@smtp
def test_claims_older_than_a_month_are_cleared_and_recent_ones_kept(loaded, user_id):
    opt_in(loaded, "ada@example.com", hour=6)
    send(loaded, NOW - timedelta(days=31))
    send(loaded, NOW - timedelta(days=29))
    send(loaded, NOW)
    assert [day for _, day, _ in claims(loaded)] == ["2026-11-08", "2026-12-07"]
