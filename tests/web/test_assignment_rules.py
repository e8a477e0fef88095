"""What may be assigned: a set is open at most once per learner and per cohort (until it is
removed), an empty set is refused, each with the reason next to the set field and nothing
made; and deleting an assigned set says how many learners lose an assignment."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from practice.assignments import queries as assignment_rules
from practice.cohorts import queries as cohorts
from practice.extensions import db
from practice.mentoring import queries as mentoring
from practice.models import Assignment, Item, QuestionSet
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.groups import client_for, post, user
from tests.helpers.world import World, build_world


@pytest.fixture
def world(app, runner, tmp_path) -> World:
    return build_world(app, runner, tmp_path)


def due(days: int = 5) -> str:
    return (utcnow() + timedelta(days=days)).date().isoformat()


def assign_to_mentee(client, w: World, set_id: int):
    form = {"question_set": set_id, "due_date": due(), "target": 85}
    return post(client, f"/mentor/mentees/{w.people['learner']}/assignments", form)


def assign_to_cohort(client, w: World, set_id: int):
    form = {"question_set": set_id, "due_date": due(), "target": 85}
    return post(client, f"/cohorts/{w.cohort_id}/assignments", form)


def assignment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Assignment.id)))


def set_field_error(response) -> str | None:
    """The message shown next to the set field (inside its field block), or None."""
    body = html.unescape(response.get_data(as_text=True))
    match = re.search(
        r'<div class="field has-error">\s*<label for="question_set">.*?'
        r'<p id="question_set-error" class="field-error">([^<]+)</p>',
        body,
        re.S,
    )
    return match.group(1) if match else None


def new_set(app, owner_key: str, w: World, title: str, filters=None, items=()) -> int:
    with app.app_context():
        made = question_sets.create_set(user(w.people[owner_key]), title, "", filters)
        for item_id in items:
            question_sets.add_item(made, db.session.get(Item, item_id))
        return made.id


def test_a_set_open_for_a_mentee_cannot_be_assigned_to_them_again(app, world):
    mentor = client_for(app, "owner_mentor")
    before = assignment_count(app)
    refused = assign_to_mentee(mentor, world, world.set_id)
    assert refused.status_code == 400
    message = set_field_error(refused)
    assert message and message.startswith("Lea Learner already has this set (due ")
    assert "Remove that assignment first" in message
    assert assignment_count(app) == before
    # "Open" lasts until the assignment is removed; then the set may be given again.
    post(mentor, f"/mentor/assignments/{world.mentee_assignment}/delete", {"confirm": "yes"})
    assert assign_to_mentee(mentor, world, world.set_id).status_code == 302
    assert assignment_count(app) == before


def test_a_set_open_for_a_cohort_cannot_be_assigned_to_it_again(app, world):
    trainer = client_for(app, "trainer")
    before = assignment_count(app)
    refused = assign_to_cohort(trainer, world, world.trainer_set_id)
    assert refused.status_code == 400
    assert (set_field_error(refused) or "").startswith("This cohort already has this set (due ")
    assert assignment_count(app) == before
    assert assign_to_cohort(trainer, world, world.spare_trainer_set_id).status_code == 302
    assert assignment_count(app) == before + 1


def test_an_empty_set_cannot_be_assigned(app, world):
    mentor, trainer = client_for(app, "owner_mentor"), client_for(app, "trainer")
    nothing_picked = new_set(app, "owner_mentor", world, "Nothing yet")
    matches_nothing = new_set(app, "trainer", world, "Architects", {"level": ["architect"]})
    before = assignment_count(app)
    refused = assign_to_mentee(mentor, world, nothing_picked)
    assert refused.status_code == 400
    assert set_field_error(refused) == (
        "This set has no items to study: add some before assigning it."
    )
    refused = assign_to_cohort(trainer, world, matches_nothing)
    assert refused.status_code == 400
    assert set_field_error(refused) == (
        "This set's saved filter matches no items in the bank: widen it before assigning it."
    )
    assert assignment_count(app) == before


def test_the_database_holds_one_open_assignment_per_set_and_learner_or_cohort(app, world):
    with app.app_context():
        for target in ({"mentee_id": world.people["learner"]}, {"cohort_id": world.cohort_id}):
            set_id = world.set_id if "mentee_id" in target else world.trainer_set_id
            db.session.add(
                Assignment(
                    set_id=set_id,
                    assigned_by_id=world.people["admin"],
                    due_at=utcnow() + timedelta(days=9),
                    **target,
                )
            )
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()


def test_two_requests_assigning_the_same_set_at_once_make_one_assignment(app, world, monkeypatch):
    """The second request's check ran before the first one's commit: the database refuses the
    copy and the request gets the same message next to the field, not a 500."""
    real_check = assignment_rules.refuse_unassignable
    calls = []

    def check_that_missed_the_other_request(*args, **kwargs):
        calls.append(args)
        if len(calls) > 1:
            real_check(*args, **kwargs)

    monkeypatch.setattr(
        assignment_rules, "refuse_unassignable", check_that_missed_the_other_request
    )
    before = assignment_count(app)
    refused = assign_to_mentee(client_for(app, "owner_mentor"), world, world.set_id)
    assert refused.status_code == 400 and len(calls) == 2
    assert (set_field_error(refused) or "").startswith("Lea Learner already has this set")
    assert assignment_count(app) == before


def test_deleting_a_set_says_how_many_distinct_learners_lose_an_assignment(app, world):
    """An admin may mentor and train: the set goes to a mentee directly and to two cohorts;
    the mentee is in both cohorts and counts once, a removed member not at all."""
    people, now = world.people, utcnow()
    set_id = new_set(app, "admin", world, "Shared week", items=[world.item_id])
    with app.app_context():
        admin, learner = user(people["admin"]), user(people["learner"])
        shared = db.session.get(QuestionSet, set_id)
        invite = mentoring.create_invite(admin, 7, True, now)
        mentoring.accept_invite(invite, learner, now)
        mentoring.assign_set(admin, learner, shared, now + timedelta(days=4), 0.85)
        first, second = (cohorts.create_cohort(admin, name) for name in ("Day", "Evening"))
        for key in ("learner", "outsider", "other_mentor"):
            cohorts.join(user(people[key]), first, now)
        cohorts.join(learner, second, now)
        cohorts.remove_member(first, people["other_mentor"])
        for cohort in (first, second):
            cohorts.assign_set(admin, cohort, shared, now + timedelta(days=4), 0.85)
    admin_client = client_for(app, "admin")
    page = html.unescape(admin_client.get(f"/sets/{set_id}/delete").get_data(as_text=True))
    assert "Its 3 assignments to mentees and cohorts are removed: 2 learners lose" in page
    done = post(admin_client, f"/sets/{set_id}/delete", {"confirm": "yes"}, follow_redirects=True)
    assert (
        "Deleted the set Shared week: 2 learners have lost an assignment of it."
        in html.unescape(done.get_data(as_text=True))
    )
    with app.app_context():
        assert db.session.scalar(select(Assignment.id).where(Assignment.set_id == set_id)) is None


def test_deleting_a_set_nobody_has_says_so(app, world):
    spare = world.spare_set_id
    mentor = client_for(app, "owner_mentor")
    page = html.unescape(mentor.get(f"/sets/{spare}/delete").get_data(as_text=True))
    assert "It is not assigned to anyone." in page and "Its 1 item leaves the set" in page
    done = post(mentor, f"/sets/{spare}/delete", {"confirm": "yes"}, follow_redirects=True)
    assert "Deleted the set Mentor set two." in html.unescape(done.get_data(as_text=True))
