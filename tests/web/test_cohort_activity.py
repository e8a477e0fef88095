"""The cohort dashboard's reviews per day: the mentee page's chart and table over every member,
each member counted on their own study days; only the cohort's trainer (or an admin) sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from practice.domain.study_stats import StudyClock
from practice.extensions import db
from practice.models import User
from practice.types import utcnow
from tests.helpers.groups import client_for, load_bank, make_people, post
from tests.helpers.stats import add_review
from tests.web.test_cohorts import new_cohort


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def rows(page: str) -> dict[str, int]:
    body = page.split('class="per-day"', 1)[1]
    return {day: int(n) for day, n in re.findall(r"<tr><td>([\d-]+)</td><td>(\d+)</td></tr>", body)}


def test_reviews_per_day_sum_the_members_own_study_days(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    for key in ("learner", "outsider"):
        post(client_for(app, key), "/cohorts/join", {"code": code})
    with app.app_context():
        far = db.session.get(User, people["outsider"])
        far.time_zone = "Pacific/Kiritimati"  # UTC+14: a different date much of the day
        db.session.commit()
    now = utcnow()
    utc, kiritimati = StudyClock("UTC", 4), StudyClock("Pacific/Kiritimati", 4)
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", now - timedelta(days=2))
        add_review(people["learner"], "PY-JR-002", now - timedelta(days=40))  # out of range
        two_days_ago = kiritimati.start(kiritimati.day(now) - timedelta(days=2))
        add_review(people["outsider"], "PY-JR-001", two_days_ago + timedelta(minutes=5))
        add_review(people["outsider"], "PY-JR-002", two_days_ago + timedelta(minutes=6))
        add_review(people["learner"], "PY-JR-003", now - timedelta(days=1), undone=True)
    page = trainer.get(f"/cohorts/{cohort_id}/activity").get_data(as_text=True)
    per_day = rows(page)
    learner_day = utc.day(now - timedelta(days=2))
    assert len(per_day) == 30 and sum(per_day.values()) == 3
    assert per_day[(utc.day(now) - timedelta(days=2)).isoformat()] == 3  # both two days ago
    assert learner_day == utc.day(now) - timedelta(days=2)
    assert "busiest day 3" in page and "<svg" in page
    fragment = trainer.get(f"/cohorts/{cohort_id}/activity", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert client_for(app, "other_trainer").get(f"/cohorts/{cohort_id}/activity").status_code == 404
