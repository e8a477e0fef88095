"""Access to every object route of sets, mentoring and cohorts: the owner gets the page (or
the change), and another mentor, another trainer, a learner of another cohort and an
anonymous visitor get nothing (403/404; anonymous visitors are sent to log in) and change
nothing. Admins see everything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AnswerComment, Item, MentorInvite, ReviewLog
from practice.services import cohorts, mentoring, question_sets
from practice.types import utcnow
from tests.groups import client_for, item_ids, load_bank, make_people, post, review, user
from tests.web.test_security import database_snapshot

OUTSIDERS = ("other_mentor", "other_trainer", "outsider")


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


@pytest.fixture
def world(app, runner, tmp_path) -> World:
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
        mentee_assignment = mentoring.assign_set(mentor, learner, owned, now + timedelta(days=3),
                                                 0.85)  # fmt: skip
        trainer_set = question_sets.create_set(trainer, "Trainer set", "", {"level": ["junior"]})
        cohort = cohorts.create_cohort(trainer, "Cohort A")
        cohorts.join(learner, cohort, now)
        other_cohort = cohorts.create_cohort(user(people["other_trainer"]), "Cohort B")
        cohorts.join(outsider, other_cohort, now)
        cohort_assignment = cohorts.assign_set(trainer, cohort, trainer_set,
                                               now + timedelta(days=3), 0.85)  # fmt: skip
        ids = {"set_id": owned.id, "invite_id": spare.id, "mentorship_id": mentorship.id,
               "mentee_assignment": mentee_assignment.id, "cohort_id": cohort.id,
               "cohort_assignment": cohort_assignment.id, "share_code": owned.share_code,
               "trainer_set_id": trainer_set.id}  # fmt: skip
    review(app, people["learner"], "PY-JR-001", 3, now - timedelta(hours=2), answer="my answer")
    with app.app_context():
        answer_id = db.session.scalar(select(ReviewLog.id))
    return World(people=people, item_id=item_id, answer_id=answer_id, spare_item=spare_item, **ids)


def get_routes(w: World) -> list[tuple[str, str]]:
    """(owner, path) for every object page."""
    return [
        ("owner_mentor", f"/sets/{w.set_id}"),
        ("owner_mentor", f"/sets/{w.set_id}/edit"),
        ("owner_mentor", f"/drill?set={w.set_id}"),
        ("owner_mentor", f"/mentor/mentees/{w.people['learner']}"),
        ("learner", f"/drill?assignment={w.mentee_assignment}"),
        ("learner", f"/drill?assignment={w.cohort_assignment}"),
        ("trainer", f"/cohorts/{w.cohort_id}"),
        ("trainer", f"/cohorts/{w.cohort_id}/assignment-figures"),
        ("trainer", f"/cohorts/{w.cohort_id}/hardest"),
        ("trainer", f"/cohorts/{w.cohort_id}/members.csv"),
        ("trainer", f"/cohorts/{w.cohort_id}/assignments.csv"),
    ]


def post_routes(w: World) -> list[tuple[str, str, dict]]:
    """(owner, path, form) for every object action."""
    p = w.people
    due = (utcnow() + timedelta(days=5)).date().isoformat()
    return [
        ("owner_mentor", "/sets/add", {"set": w.set_id, "item": w.spare_item}),
        ("owner_mentor", f"/sets/{w.set_id}/edit", {"title": "Renamed"}),
        ("owner_mentor", f"/sets/{w.set_id}/items/{w.item_id}/remove", {}),
        ("owner_mentor", f"/sets/{w.set_id}/items/{w.item_id}/move", {"direction": "down"}),
        ("owner_mentor", f"/sets/{w.set_id}/share", {"shared": "0"}),
        ("owner_mentor", f"/sets/{w.set_id}/delete", {}),
        ("owner_mentor", f"/sets/{w.set_id}/copy", {}),
        ("owner_mentor", f"/mentor/invites/{w.invite_id}/revoke", {}),
        ("owner_mentor", f"/mentor/mentorships/{w.mentorship_id}/end", {}),
        ("learner", f"/mentor/mentorships/{w.mentorship_id}/end", {}),
        ("owner_mentor", f"/mentor/mentees/{p['learner']}/assignments",
         {"question_set": w.set_id, "due_date": due, "target": 85}),
        ("owner_mentor", f"/mentor/assignments/{w.mentee_assignment}/delete", {}),
        ("owner_mentor", f"/mentor/answers/{w.answer_id}/comments", {"body": "Good start."}),
        ("trainer", f"/cohorts/{w.cohort_id}/code", {"action": "rotate"}),
        ("trainer", f"/cohorts/{w.cohort_id}/code", {"action": "close"}),
        ("trainer", f"/cohorts/{w.cohort_id}/members/{p['learner']}/remove", {}),
        ("trainer", f"/cohorts/{w.cohort_id}/archive", {}),
        ("trainer", f"/cohorts/{w.cohort_id}/assignments",
         {"question_set": w.trainer_set_id, "due_date": due, "target": 90}),
        ("trainer", f"/cohorts/{w.cohort_id}/assignments/{w.cohort_assignment}/delete", {}),
        ("learner", f"/cohorts/{w.cohort_id}/leave", {}),
    ]  # fmt: skip


def test_object_pages_answer_only_their_owner_and_admins(app, world):
    for owner, path in get_routes(world):
        assert client_for(app, owner).get(path).status_code == 200, (owner, path)
        if "assignment=" not in path:  # an admin sees all, but drills only their own work
            assert client_for(app, "admin").get(path).status_code == 200, ("admin", path)
        for key in OUTSIDERS:
            status = client_for(app, key).get(path).status_code
            assert status in (403, 404), (key, path, status)
        anonymous = client_for(app, "anonymous").get(path)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_mentor_sees_study_data_but_not_the_mentees_email(app, world):
    page = client_for(app, "owner_mentor").get(f"/mentor/mentees/{world.people['learner']}")
    assert "my answer" in page.get_data(as_text=True)
    assert "learner@example.com" not in page.get_data(as_text=True)
    csv_text = (
        client_for(app, "trainer").get(f"/cohorts/{world.cohort_id}/members.csv").get_data(True)
    )
    assert "Lea Learner" in csv_text and "@example.com" not in csv_text


def test_share_links_and_invites_work_for_anyone_signed_in_who_has_them(app, world):
    for key in OUTSIDERS:
        assert client_for(app, key).get(f"/sets/shared/{world.share_code}").status_code == 200
    assert client_for(app, "anonymous").get(f"/sets/shared/{world.share_code}").status_code == 302
    assert client_for(app, "outsider").get("/sets/shared/not-the-code").status_code == 404


@pytest.mark.parametrize("index", range(20))
def test_object_actions_change_nothing_for_anyone_but_their_owner(app, world, index):
    owner, path, form = post_routes(world)[index]
    clients = {key: client_for(app, key) for key in (*OUTSIDERS, "anonymous", owner)}
    before = database_snapshot(app)  # after signing in (which records the login time)
    for key in OUTSIDERS:
        response = post(clients[key], path, form)
        assert response.status_code in (403, 404), (key, path, response.status_code)
    assert post(clients["anonymous"], path, form).status_code in (302, 401)
    assert database_snapshot(app) == before
    response = post(clients[owner], path, form)
    assert response.status_code == 302, (owner, path, response.get_data(as_text=True)[:500])
    assert database_snapshot(app) != before


def test_every_object_action_is_covered(app, world):
    covered = {path.split("?")[0] for _, path, _ in post_routes(world)}
    assert len(post_routes(world)) == 20
    rules = [r for r in app.url_map.iter_rules()
             if r.endpoint.split(".")[0] in ("sets", "mentoring", "cohorts")
             and "POST" in r.methods and r.arguments]  # fmt: skip
    for rule in rules:
        pattern = rule.rule.replace("<int:", "").replace(">", "")
        assert any(_matches(rule.rule, path) for path in covered) or rule.endpoint in (
            "mentoring.accept",), (rule.rule, pattern)  # fmt: skip


def _matches(rule: str, path: str) -> bool:
    import re

    pattern = "^" + re.sub(r"<(?:int:)?[^>]+>", r"[^/]+", rule) + "$"
    return re.match(pattern, path) is not None


def test_comments_and_invites_of_others_are_untouched_by_mass_assignment(app, world):
    other = client_for(app, "other_mentor")
    post(
        other,
        "/mentor/invites",
        {"days": 3, "uses": "single", "mentor_id": world.people["owner_mentor"]},
    )
    with app.app_context():
        owners = db.session.scalars(select(MentorInvite.mentor_id)).all()
        assert sorted(owners) == sorted(
            [world.people["owner_mentor"]] * 2 + [world.people["other_mentor"]]
        )
        assert db.session.scalar(select(AnswerComment.id)) is None


@pytest.mark.parametrize("key", ["learner", "owner_mentor", "trainer"])
def test_deleting_an_account_takes_its_sets_mentorships_and_memberships(app, world, key):
    from practice.models import Assignment, Cohort, CohortMember, Mentorship, QuestionSet
    from tests.conftest import STRONG_PASSWORD

    client = client_for(app, key)
    post(client, f"/mentor/answers/{world.answer_id}/comments", {"body": "kept?"})
    done = post(client, "/account/delete", {"password": STRONG_PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    gone = world.people[key]
    with app.app_context():
        assert db.session.scalar(select(QuestionSet.id).where(QuestionSet.owner_id == gone)) is None
        assert db.session.scalar(select(Mentorship.id).where(
            (Mentorship.mentor_id == gone) | (Mentorship.mentee_id == gone))) is None  # fmt: skip
        assert db.session.scalar(select(CohortMember.cohort_id).where(
            CohortMember.user_id == gone)) is None  # fmt: skip
        assert db.session.scalar(select(Cohort.id).where(Cohort.trainer_id == gone)) is None
        assert db.session.scalar(select(Assignment.id).where(
            Assignment.assigned_by_id == gone)) is None  # fmt: skip
        if key != "trainer":  # the mentee's answer (and its comments) go with either side
            assert db.session.scalar(select(AnswerComment.id)) is None


def test_the_data_export_holds_sets_mentors_cohorts_and_comments(app, world):
    import json

    post(client_for(app, "owner_mentor"), f"/mentor/answers/{world.answer_id}/comments",
         {"body": "Say why."})  # fmt: skip
    learner = json.loads(client_for(app, "learner").get("/account/export.json").data)
    assert learner["mentors"] == ["Mona Mentor"] and learner["cohorts"] == ["Cohort A"]
    assert learner["mentor_comments"][0]["comment"] == "Say why."
    mentor = json.loads(client_for(app, "owner_mentor").get("/account/export.json").data)
    assert mentor["mentees"] == ["Lea Learner"]
    assert mentor["question_sets"][0]["items"] == ["PY-JR-001", "PY-JR-002"]
