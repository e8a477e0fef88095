"""Retrievability in study days where the app shows it: the drill's lowest-recall-first order
and the predicted recall that mentors and trainers see, each in the learner's own days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from practice.domain.scheduling import Memory
from practice.drill.memory import memory_columns
from practice.extensions import db
from practice.models import CardState, Item, User
from practice.stats.figures import topic_recall
from tests.helpers.accounts import create_user
from tests.helpers.drill import shown_card

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def put_review_card(user: User, external_id: str, last_review: datetime, stability: float):
    item = db.session.scalar(select(Item).where(Item.external_id == external_id))
    memory = Memory(2, None, stability, 5.0, NOW - timedelta(hours=6), last_review, 3)
    db.session.add(CardState(user_id=user.id, item_id=item.id, **memory_columns(memory, user)))


def test_the_drill_takes_the_review_with_the_lowest_recall_in_study_days_first(
    app, learner, monkeypatch
):
    # Both were last reviewed two study days ago (the day starts at 04:00 UTC), though one
    # 31 hours and one 53 hours ago: counted in study days the first is further past its
    # stability (2 / 1.3 against 2 / 1.5), counted in hours it would come second.
    with app.app_context():
        user = db.session.scalar(select(User))
        put_review_card(user, "PY-JR-002", datetime(2026, 3, 9, 3, 0, tzinfo=UTC), 1.3)
        put_review_card(user, "GO-MD-001", datetime(2026, 3, 8, 5, 0, tzinfo=UTC), 1.5)
        db.session.commit()
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: NOW)
    assert shown_card(learner.get("/drill").get_data(as_text=True)) == "PY-JR-002"


def test_predicted_recall_for_mentors_counts_each_learners_own_study_days(app, learner, user_id):
    # The same review at the same moment; an hour later a new study day has begun in Tokyo
    # (04:00 there is 19:00 UTC) but not in London, where the day starts at 04:00 too.
    tokyo_id = create_user(app, email="kenji@example.com", name="Kenji")
    reviewed, later = (
        datetime(2026, 3, 9, 18, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 19, 30, tzinfo=UTC),
    )
    with app.app_context():
        london, tokyo = db.session.get(User, user_id), db.session.get(User, tokyo_id)
        london.time_zone, tokyo.time_zone = "Europe/London", "Asia/Tokyo"
        for person in (london, tokyo):
            put_review_card(person, "PY-JR-001", reviewed, 3.0)
        db.session.commit()
        recall = {
            person: figures[0].recall
            for person, figures in topic_recall([user_id, tokyo_id], later).items()
        }
        assert recall[user_id] == 1.0  # the same study day: nothing forgotten yet
        assert 0.9 < recall[tokyo_id] < 1.0  # one study day later
