"""Every time a page prints is on the viewer's own clock (their time-zone setting), with the
zone's abbreviation; CSV exports name the zone their times are in."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import CardState, CohortMember, MentorInvite, User
from practice.types import utcnow
from tests.helpers.groups import client_for, item_ids, load_bank, make_people, post, review
from tests.web.test_cohorts import assign, make_set, new_cohort
from tests.web.test_mentoring import befriend, invite_link

TOKYO = ZoneInfo("Asia/Tokyo")  # UTC+9 all year: local times differ from UTC ones


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def in_zone(app, user_id: int, zone: str = "Asia/Tokyo") -> None:
    with app.app_context():
        db.session.get(User, user_id).time_zone = zone
        db.session.commit()


def clock(moment, zone=TOKYO) -> str:
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def test_invites_and_the_mentee_page_show_the_mentors_own_clock(app, people):
    mentor, _ = befriend(app)
    invite_link(mentor)
    in_zone(app, people["owner_mentor"])
    review(app, people["learner"], "PY-JR-001", 3, utcnow() - timedelta(hours=2), answer="A list")
    with app.app_context():
        expires = db.session.scalars(select(MentorInvite.expires_at)).all()[-1]
    index = mentor.get("/mentor").get_data(as_text=True)
    assert f"expires {clock(expires)}" in index and " UTC</span>" not in index
    page = mentor.get(f"/mentor/mentees/{people['learner']}").get_data(as_text=True)
    last = re.search(r'class="last-active">([^<]+)<', page).group(1)
    assert last.endswith(" JST")
    assert " JST · rated Good" in page


def test_the_item_page_shows_the_next_due_time_on_the_learners_clock(app, people):
    in_zone(app, people["learner"])
    review(app, people["learner"], "PY-JR-001", 3, utcnow() - timedelta(minutes=5))
    with app.app_context():
        due = db.session.scalar(
            select(CardState.due).where(CardState.item_id == item_ids(app, "PY-JR-001")[0])
        )
    page = client_for(app, "learner").get("/library/PY-JR-001").get_data(as_text=True)
    assert f'next due <time datetime="{due.isoformat()}">{clock(due)}</time>' in page


def test_cohort_csvs_are_in_the_trainers_zone_and_say_so(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    post(client_for(app, "learner"), "/cohorts/join", {"code": code})
    assign(trainer, cohort_id, make_set(app, trainer, "PY-JR-001"))
    in_zone(app, people["trainer"], "Europe/Berlin")
    response = trainer.get(f"/cohorts/{cohort_id}/members.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][1:3] == ["joined (Europe/Berlin)", "last_active (Europe/Berlin)"]
    with app.app_context():
        joined = db.session.scalar(select(CohortMember.joined_at))
    berlin = joined.astimezone(ZoneInfo("Europe/Berlin")).isoformat(timespec="minutes")
    assert rows[1][1] == berlin and rows[1][1][-6:] in ("+01:00", "+02:00")
    summary = trainer.get(f"/cohorts/{cohort_id}/assignments.csv").get_data(as_text=True)
    assert summary.splitlines()[0].startswith("set,due_date (Europe/Berlin),")
