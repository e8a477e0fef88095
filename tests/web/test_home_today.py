"""The signed-in home page starts with today's work: due, learning and new cards, a time
estimate from the learner's own answers (or a stated fallback), the drill button, the streak,
then assignments with their countdown; anonymous visitors get the landing page."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from practice.domain.recall import end_of_day
from practice.extensions import db
from practice.mentoring import queries as mentoring
from practice.models import Item, User
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.groups import client_for, load_bank, make_people, user
from tests.helpers.stats import add_card, add_review


def fact(page: str, name: str) -> str:
    return page.split(f'class="{name}">', 1)[1].split("</dd>", 1)[0]


def test_anonymous_visitors_get_the_landing_page_with_a_call_to_action(client):
    page = client.get("/").get_data(as_text=True)
    assert "Turn interview preparation into a daily habit" in page
    assert '<a class="button start-practising" href="/register">Start practising</a>' in page
    assert "Start today's drill" not in page and 'id="today-heading"' not in page


def test_today_counts_new_cards_and_states_the_fallback_estimate(learner):
    page = learner.get("/").get_data(as_text=True)
    assert "Turn interview preparation" not in page
    assert (fact(page, "today-due"), fact(page, "today-learning"), fact(page, "today-new")) == (
        "0",
        "0",
        "5",
    )
    assert fact(page, "today-minutes") == "about 3 min"  # 5 cards at 30 seconds
    assert "At 30 seconds a card until you have 20 timed reviews of your own." in page
    assert '<a class="button today-drill" href="/drill">Start today\'s drill</a>' in page


def test_the_estimate_uses_the_learners_own_median_answer_time(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    people = make_people(app)
    now = utcnow()
    with app.app_context():
        for n in range(21):  # 21 timed answers: 12 s, and one slow one that the median ignores
            add_review(
                people["learner"],
                "PY-JR-001",
                now - timedelta(days=3, minutes=n),
                duration_ms=300_000 if n == 0 else 12_000,
            )
        add_review(
            people["learner"], "PY-JR-002", now - timedelta(days=3), duration_ms=1, undone=True
        )
        for external_id in ("PY-JR-001", "PY-JR-002", "PY-JR-003", "PY-MD-001", "PY-MD-002"):
            add_card(people["learner"], external_id, now - timedelta(hours=1))
        db.session.get(User, people["learner"]).daily_new_limit = 0
        db.session.commit()
    page = client_for(app, "learner").get("/").get_data(as_text=True)
    assert fact(page, "today-due") == "5" and fact(page, "today-new") == "0"
    assert "At your median answer time of 12 seconds a card." in page
    assert fact(page, "today-minutes") == "about 1 min"  # 5 x 12 s


def test_nothing_due_offers_review_ahead_instead_of_the_button(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    people = make_people(app)
    with app.app_context():
        db.session.get(User, people["learner"]).daily_new_limit = 0
        db.session.commit()
    page = client_for(app, "learner").get("/").get_data(as_text=True)
    assert "Nothing is due." in page and "today-drill" not in page


def test_assignments_show_their_countdown_and_whether_they_are_on_track(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    people = make_people(app)
    now = utcnow()
    with app.app_context():
        mentor, learner = user(people["owner_mentor"]), user(people["learner"])
        learner.time_zone = "Asia/Tokyo"
        owned = question_sets.create_set(mentor, "Week one", "", None)
        question_sets.add_item(owned, db.session.scalar(db.select(Item).limit(1)))
        invite = mentoring.create_invite(mentor, 7, True, now)
        mentoring.accept_invite(invite, learner, now)
        local_today = now.astimezone(ZoneInfo("Asia/Tokyo")).date()
        mentoring.assign_set(
            mentor, learner, owned, end_of_day(local_today + timedelta(days=3), "Asia/Tokyo"), 0.8
        )
        db.session.commit()
    page = client_for(app, "learner").get("/").get_data(as_text=True)
    row = page.split("data-assignment=", 1)[1].split("</tr>", 1)[0]
    assert '<span class="countdown">in 3 days</span>' in row
    assert "behind: 0% of 80%" in row


def test_the_streak_is_on_the_home_page(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    people = make_people(app)
    now = utcnow()
    with app.app_context():
        db.session.get(User, people["learner"]).streak_goal = 1
        db.session.commit()
        for days in (1, 2):
            add_review(people["learner"], "PY-JR-001", now - timedelta(days=days))
    page = client_for(app, "learner").get("/").get_data(as_text=True)
    assert fact(page, "today-streak").startswith("2 days")
    assert "today does not count yet" in fact(page, "today-streak")
