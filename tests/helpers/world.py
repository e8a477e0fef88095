"""One object of every kind sets, mentoring and cohorts have, owned by the people of
tests.helpers.groups: the world the access and confirmation tests act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from practice.cohorts import queries as cohorts
from practice.extensions import db
from practice.mentoring import queries as mentoring
from practice.models import CardState, Item, ReviewLog
from practice.plan import queries as plan
from practice.reminders import preferences as reminders
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.groups import item_ids, load_bank, make_people, review, user


@dataclass(frozen=True)
class World:
    people: dict[str, int]
    set_id: int
    item_id: int
    invite_id: int
    mentorship_id: int
    mentee_assignment: int
    answer_id: int
    cohort_id: int
    cohort_assignment: int
    share_code: str
    trainer_set_id: int
    spare_item: int
    spare_set_id: int  # a second set of each, not yet assigned (one set is open once a learner)
    spare_trainer_set_id: int
    archived_cohort_id: int
    interview_date_id: int  # the learner's own interview date (private: no one else sees it)
    feeds: dict[str, str]  # person -> their calendar feed token (learner and outsider)
    learner_card: int  # the learner's card state of PY-JR-001 (My cards' bulk actions)
    learner_set_id: int  # a hand-picked set of the learner's own, empty


def build_world(app, runner, tmp_path) -> World:
    """The bank, everyone in PEOPLE, and one object of every kind the access tests reach."""
    load_bank(runner, tmp_path)
    people = make_people(app)
    item_id, second, spare_item = item_ids(app, "PY-JR-001", "PY-JR-002", "PY-JR-003")
    now = utcnow()
    with app.app_context():
        mentor, trainer = user(people["owner_mentor"]), user(people["trainer"])
        learner, outsider = user(people["learner"]), user(people["outsider"])
        owned = question_sets.create_set(mentor, "Mentor set", "", None)
        for picked in (item_id, second):
            question_sets.add_item(owned, db.session.get(Item, picked))
        question_sets.set_sharing(owned, True)
        invite = mentoring.create_invite(mentor, 7, True, now)
        mentorship = mentoring.accept_invite(invite, learner, now)
        spare = mentoring.create_invite(mentor, 7, False, now)
        mentee_assignment = mentoring.assign_set(
            mentor, learner, owned, now + timedelta(days=3), 0.85
        )
        trainer_set = question_sets.create_set(trainer, "Trainer set", "", {"level": ["junior"]})
        cohort = cohorts.create_cohort(trainer, "Cohort A")
        cohorts.join(learner, cohort, now)
        other_cohort = cohorts.create_cohort(user(people["other_trainer"]), "Cohort B")
        cohorts.join(outsider, other_cohort, now)
        cohort_assignment = cohorts.assign_set(
            trainer, cohort, trainer_set, now + timedelta(days=3), 0.85
        )
        archived = cohorts.create_cohort(trainer, "Cohort C")
        cohorts.archive(archived)
        spare_set = question_sets.create_set(mentor, "Mentor set two", "", None)
        question_sets.add_item(spare_set, db.session.get(Item, spare_item))
        learner_set = question_sets.create_set(learner, "Learner set", "", None)
        spare_trainer_set = question_sets.create_set(
            trainer, "Trainer set two", "", {"level": ["mid"]}
        )
        interview = plan.create_date(
            learner,
            plan.DateFields(
                "Learner interview", plan.today_of(learner, now) + timedelta(days=9), 0.9
            ),
            now,
        )
        ids = {
            "set_id": owned.id,
            "invite_id": spare.id,
            "mentorship_id": mentorship.id,
            "mentee_assignment": mentee_assignment.id,
            "cohort_id": cohort.id,
            "cohort_assignment": cohort_assignment.id,
            "share_code": owned.share_code,
            "trainer_set_id": trainer_set.id,
            "spare_set_id": spare_set.id,
            "spare_trainer_set_id": spare_trainer_set.id,
            "archived_cohort_id": archived.id,
            "interview_date_id": interview.id,
            "feeds": {
                key: reminders.rotate_calendar_token(user(people[key]))
                for key in ("learner", "outsider")
            },
            "learner_set_id": learner_set.id,
        }
    review(app, people["learner"], "PY-JR-001", 3, now - timedelta(hours=2), answer="my answer")
    with app.app_context():
        answer_id = db.session.scalar(select(ReviewLog.id))
        learner_card = db.session.scalar(
            select(CardState.id).where(
                CardState.user_id == people["learner"], CardState.item_id == item_id
            )
        )
        # the learner keeps forgetting PY-JR-001: a leech (their mentor and trainer see it)
        db.session.execute(
            update(CardState).where(CardState.item_id == item_id).values(leeched_at=now)
        )
        db.session.commit()
    return World(
        people=people,
        item_id=item_id,
        answer_id=answer_id,
        spare_item=spare_item,
        learner_card=learner_card,
        **ids,
    )
