"""Helpers for the sets, mentoring and cohort tests: a small bank, people in every role,
and review history written straight through the drill's own service."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from practice.extensions import db
from practice.models import Item, User
from tests.helpers.accounts import create_user, csrf_token, log_in
from tests.helpers.bank_factory import write_catalog, write_item

# (external id, title, level, difficulty, topics)
BANK = [
    ("PY-JR-001", "What does a list comprehension build?", "junior", 1, "[databases]"),
    ("PY-JR-002", "How do you read a file line by line?", "junior", 2, "[databases]"),
    ("PY-JR-003", "Why does pytest discover tests by name?", "junior", 2, "[testing]"),
    ("PY-MD-001", "When is a cache stampede likely?", "mid", 4, "[caching]"),
    ("PY-MD-002", "How do you invalidate a cached page?", "mid", 5, "[caching]"),
    ("PY-SR-001", "Why do database deadlocks happen?", "senior", 7, "[databases]"),
]
PEOPLE = {
    "owner_mentor": ("mentor@example.com", "mentor", "Mona Mentor"),
    "other_mentor": ("mentor2@example.com", "mentor", "Otto Mentor"),
    "trainer": ("trainer@example.com", "trainer", "Tara Trainer"),
    "other_trainer": ("trainer2@example.com", "trainer", "Theo Trainer"),
    "learner": ("learner@example.com", "learner", "Lea Learner"),
    "outsider": ("outsider@example.com", "learner", "Oscar Outsider"),
    "admin": ("admin@example.com", "admin", "Ada Admin"),
}


def load_bank(runner, tmp_path) -> None:
    root = tmp_path / "groups-bank"
    write_catalog(root)
    for external_id, title, level, difficulty, topics in BANK:
        write_item(root, external_id, title, level=level, difficulty=difficulty, topics=topics)
    result = runner.invoke(args=["bank", "load", str(root)])
    assert result.exit_code == 0, result.output


def make_people(app) -> dict[str, int]:
    return {
        key: create_user(app, email, role=role, name=name)
        for key, (email, role, name) in PEOPLE.items()
    }


def client_for(app, key: str):
    client = app.test_client()
    if key != "anonymous":
        assert log_in(client, PEOPLE[key][0]).status_code == 302
    return client


def item_ids(app, *external_ids: str) -> list[int]:
    with app.app_context():
        found = dict(db.session.execute(select(Item.external_id, Item.id)).all())
    return [found[e] for e in external_ids]


def user(user_id: int) -> User:
    return db.session.get(User, user_id)


def post(client, path: str, data: dict | None = None, **kwargs):
    """A form POST with the CSRF token a signed-in page hands out."""
    return client.post(path, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def review(
    app, user_id: int, external_id: str, rating: int, when: datetime, answer: str | None = None
) -> None:
    """Rate one card through the drill's service, as if at `when`."""
    from practice.drill import reviews
    from practice.drill.memory import card_state

    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == external_id))
        learner = user(user_id)
        card = card_state(learner.id, item.id)
        rating_ = reviews.Rating(
            item,
            rating,
            f"t{when.timestamp()}{external_id}{user_id}",
            card.reps if card else 0,
            answer,
        )
        assert reviews.record_rating(learner, rating_, when, fuzz=False) == reviews.RECORDED


def shown_item(page: str) -> str | None:
    match = re.search(r'<article class="card[^"]*" data-item="([^"]+)"', page)
    return match.group(1) if match else None
