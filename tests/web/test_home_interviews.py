"""The home page lists the learner's next interview dates with the days left, linked to
their plan; never another learner's, never one that is over."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from practice.plan import queries as plan
from practice.types import utcnow
from tests.helpers.accounts import create_user, log_in


def add_date(app, email: str, title: str, days: int) -> int:
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == email))
        today = plan.today_of(owner, utcnow())
        row = plan.create_date(
            owner, plan.DateFields(title, today + timedelta(days=days), 0.9), utcnow()
        )
        return row.id


def test_home_counts_down_to_the_learners_own_interviews(app, client, user_id):
    log_in(client)
    soon = add_date(app, "ada@example.com", "Onsite at Acme", 3)
    add_date(app, "ada@example.com", "Phone screen", 0)
    create_user(app, email="bea@example.com", name="Bea")
    add_date(app, "bea@example.com", "Bea's interview", 2)
    page = client.get("/").get_data(as_text=True)
    assert "Your interviews" in page
    assert f'href="/plan/{soon}"' in page and "Onsite at Acme" in page and "in 3 days" in page
    assert "Phone screen" in page and "<strong>today</strong>" in page
    assert "Bea's interview" not in page


def test_an_interview_that_is_over_leaves_the_home_page(app, client, user_id):
    log_in(client)
    with app.app_context():
        owner = db.session.get(User, user_id)
        today = plan.today_of(owner, utcnow())
        row = plan.create_date(
            owner, plan.DateFields("Next week", today + timedelta(7), 0.9), utcnow()
        )
        row.day = today - timedelta(days=1)  # as if a week had passed
        db.session.commit()
    assert "Your interviews" not in client.get("/").get_data(as_text=True)


def test_the_forecast_names_the_interview_day_and_only_the_learners_own(app, client, user_id):
    log_in(client)
    add_date(app, "ada@example.com", "Onsite at Acme", 5)
    create_user(app, email="bea@example.com", name="Bea")
    add_date(app, "bea@example.com", "Bea's interview", 6)
    with app.app_context():
        owner = db.session.get(User, user_id)
        day = plan.today_of(owner, utcnow()) + timedelta(days=5)
    page = client.get("/stats").get_data(as_text=True)
    cell = f'<th scope="row">{day.isoformat()}</th>'
    forecast = page.split('id="forecast', 1)[1]
    row = forecast.split(cell, 1)[1].split("</tr>", 1)[0]
    assert "Onsite at Acme" in row
    assert "Bea&#39;s interview" not in page and "Bea's interview" not in page
    assert f"{day:%m-%d} ★" in page  # starred on the chart
