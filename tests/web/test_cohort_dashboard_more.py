"""More of the cohort dashboard: the orders that rank members by their study figures."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.cohorts import queries as cohorts
from practice.extensions import db
from practice.models import Topic
from practice.types import utcnow
from tests.helpers.accounts import csrf_token
from tests.helpers.groups import client_for, load_bank, make_people, review, user

LONG_AGO = timedelta(days=60)


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def _cohort(app, people, *keys: str) -> int:
    now = utcnow()
    with app.app_context():
        cohort = cohorts.create_cohort(user(people["trainer"]), "Ranked")
        for key in keys:
            cohorts.join(user(people[key]), cohort, now)
        return cohort.id


def _names(app, cohort_id: int, sort: str) -> list[str]:
    response = client_for(app, "trainer").get(f"/cohorts/{cohort_id}?sort={sort}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.findall(r'<th scope="row">([^<]+)</th>', response.get_data(as_text=True))


def _topic(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Topic.id).where(Topic.slug == slug))


def test_recall_orders_rank_by_recall_not_by_cards(app, people):
    cohort_id = _cohort(app, people, "learner", "outsider", "owner_mentor")
    now = utcnow()
    review(app, people["learner"], "PY-JR-001", 3, now)  # one card, fresh
    for external_id in ("PY-JR-002", "PY-JR-003", "PY-MD-001"):  # three cards, forgotten
        review(app, people["outsider"], external_id, 1, now - LONG_AGO)
    # Mona Mentor studied nothing: her recall counts as none at all
    assert _names(app, cohort_id, "recall") == ["Mona Mentor", "Oscar Outsider", "Lea Learner"]
    assert _names(app, cohort_id, "-recall") == ["Lea Learner", "Oscar Outsider", "Mona Mentor"]


def test_a_topic_order_ranks_by_that_topics_cards_and_puts_the_unstudied_last(app, people):
    cohort_id = _cohort(app, people, "admin", "learner", "outsider", "owner_mentor")
    now = utcnow()
    review(app, people["learner"], "PY-MD-001", 3, now)  # caching: fresh
    review(app, people["learner"], "PY-JR-001", 1, now - LONG_AGO)  # databases: forgotten
    review(app, people["outsider"], "PY-MD-002", 1, now - LONG_AGO)  # caching: forgotten
    review(app, people["outsider"], "PY-JR-002", 3, now)  # databases: fresh
    mona = client_for(app, "owner_mentor")  # a new caching card, suspended, never studied
    mona.post(
        "/drill/suspend", data={"csrf_token": csrf_token(mona, "/drill"), "item": "PY-MD-002"}
    )
    caching, databases = _topic(app, "caching"), _topic(app, "databases")
    unstudied = ["Mona Mentor", "Ada Admin"]  # in the order they joined the site
    assert _names(app, cohort_id, f"topic-{caching}") == [
        "Oscar Outsider",
        "Lea Learner",
        *unstudied,
    ]
    ranked = _names(app, cohort_id, f"topic-{databases}")
    assert ranked == ["Lea Learner", "Oscar Outsider", *unstudied]
