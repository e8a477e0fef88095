"""Destructive actions take two steps: the button leads to a confirm page (GET, changes nothing)
that names the object and says what will happen, and only its POST with `confirm=yes` acts; a
bare POST (a stale one-click form) changes nothing. Archived cohorts can be unarchived."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pytest

from practice.extensions import db
from practice.models import Cohort
from tests.helpers.db import database_snapshot
from tests.helpers.groups import PEOPLE, client_for, post
from tests.helpers.world import World, build_world

EVERYONE = tuple(PEOPLE)


@pytest.fixture
def world(app, runner, tmp_path) -> World:
    return build_world(app, runner, tmp_path)


@dataclass(frozen=True)
class Action:
    actor: str
    shape: str  # the action's address; its GET is the confirm page
    says: str  # a consequence the confirm page must state
    noticed_by: str  # who notices the action...
    noticed_at: str  # ...on which page...
    gone: str  # ...by this text going away
    button_on: str  # the page whose button leads to the confirm page
    fields: dict = field(default_factory=dict)

    def path(self, w: World) -> str:
        return self.shape.format(
            set=w.set_id,
            cohort=w.cohort_id,
            mentorship=w.mentorship_id,
            learner=w.people["learner"],
            mentee_assignment=w.mentee_assignment,
            cohort_assignment=w.cohort_assignment,
            interview_date=w.interview_date_id,
        )


ACTIONS = {
    "archive cohort": Action(
        "trainer",
        "/cohorts/{cohort}/archive",
        "Its 1 member will no longer see its 1 assignment on their home pages",
        "learner",
        "/",
        "Trainer set",
        "/cohorts/{cohort}",
    ),
    "delete set": Action(
        "owner_mentor",
        "/sets/{set}/delete",
        "1 learner loses an assignment",
        "learner",
        "/",
        "Mentor set",
        "/sets/{set}",
    ),
    "end mentorship (mentor)": Action(
        "owner_mentor",
        "/mentor/mentorships/{mentorship}/end",
        "You will no longer see Lea Learner's study figures or typed answers.",
        "owner_mentor",
        "/mentor",
        "Lea Learner",
        "/mentor",
    ),
    "end mentorship (mentee)": Action(
        "learner",
        "/mentor/mentorships/{mentorship}/end",
        "Mona Mentor will no longer see your study progress or typed answers.",
        "learner",
        "/",
        "Mona Mentor",
        "/",
    ),
    "remove member": Action(
        "trainer",
        "/cohorts/{cohort}/members/{learner}/remove",
        "Lea Learner will no longer see the 1 assignment of this cohort; their reviews are kept.",
        "learner",
        "/",
        "Trainer set",
        "/cohorts/{cohort}",
    ),
    "remove mentee assignment": Action(
        "owner_mentor",
        "/mentor/assignments/{mentee_assignment}/delete",
        "Lea Learner will no longer see Mentor set (due ",
        "learner",
        "/",
        "Mentor set",
        "/mentor/mentees/{learner}",
    ),
    "remove cohort assignment": Action(
        "trainer",
        "/cohorts/{cohort}/assignments/{cohort_assignment}/delete",
        "The cohort's 1 member will no longer see Trainer set (due ",
        "learner",
        "/",
        "Trainer set",
        "/cohorts/{cohort}/assignment-figures",
    ),
    "delete interview date": Action(
        "learner",
        "/plan/{interview_date}/delete",
        "Its cards go back to your normal schedule from their next review on",
        "learner",
        "/plan",
        "Learner interview",
        "/plan",
    ),
    "deactivate user": Action(
        "admin",
        "/admin/users/{learner}/active",
        "Lea Learner is signed out on every device at once",
        "learner",
        "/account",
        "Lea Learner",
        "/admin/users",
        {"active": "0"},
    ),
}
NAMES = list(ACTIONS)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("name", NAMES)
def test_the_confirm_page_says_what_will_happen_and_changes_nothing(app, world, name):
    action = ACTIONS[name]
    path = action.path(world)
    actor, witness = client_for(app, action.actor), client_for(app, action.noticed_by)
    before = database_snapshot(app)
    page = actor.get(path)
    body = text(page)
    assert page.status_code == 200 and action.says in body
    assert f'<form method="post" action="{path}"' in body
    assert '<input type="hidden" name="confirm" value="yes">' in body
    assert re.search(r'<a href="[^"]+" class="cancel">Cancel</a>', body)
    inline = actor.get(path, headers={"HX-Request": "true"})
    assert inline.status_code == 200 and action.says in text(inline)
    assert "<html" not in text(inline) and 'class="confirm"' in text(inline)
    assert database_snapshot(app) == before
    assert action.gone in text(witness.get(action.noticed_at))


@pytest.mark.parametrize("name", NAMES)
def test_a_post_without_the_confirmation_changes_nothing(app, world, name):
    action = ACTIONS[name]
    path = action.path(world)
    actor, witness = client_for(app, action.actor), client_for(app, action.noticed_by)
    before = database_snapshot(app)
    for confirm in ({}, {"confirm": "no"}):
        refused = post(actor, path, {**action.fields, **confirm})
        assert refused.status_code == 400, (path, confirm)
        assert "Nothing has changed yet: confirm below" in text(refused)
        assert action.says in text(refused)  # the stale form gets the confirm step instead
    assert database_snapshot(app) == before
    assert action.gone in text(witness.get(action.noticed_at))


@pytest.mark.parametrize("name", NAMES)
def test_the_confirmed_post_acts(app, world, name):
    action = ACTIONS[name]
    actor, witness = client_for(app, action.actor), client_for(app, action.noticed_by)
    assert action.gone in text(witness.get(action.noticed_at))
    done = post(actor, action.path(world), {**action.fields, "confirm": "yes"})
    assert done.status_code == 302
    assert action.gone not in text(witness.get(action.noticed_at))


@pytest.mark.parametrize("name", NAMES)
def test_the_button_leads_to_the_confirm_page_not_a_one_click_form(app, world, name):
    action = ACTIONS[name]
    path = action.path(world)
    page = client_for(app, action.actor).get(
        action.button_on.format(
            set=world.set_id, cohort=world.cohort_id, learner=world.people["learner"]
        )
    )
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="{path}' in body and f'hx-get="{path}' in body
    assert f'action="{path}' not in body


@pytest.mark.parametrize("name", NAMES)
def test_only_the_rightful_people_open_a_confirm_page_and_it_changes_nothing(app, world, name):
    """The object matrix of test_group_access covers the group pages; this adds the admin's
    deactivation step and shows no one's GET of any confirm page changes anything."""
    path = ACTIONS[name].path(world)
    clients = {key: client_for(app, key) for key in EVERYONE}
    before = database_snapshot(app)
    statuses = {key: client.get(path).status_code for key, client in clients.items()}
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert database_snapshot(app) == before
    if name == "deactivate user":
        assert statuses == {key: 200 if key == "admin" else 403 for key in EVERYONE}
        for key in EVERYONE:
            if key != "admin":
                confirmed = post(clients[key], path, {"active": "0", "confirm": "yes"})
                assert confirmed.status_code == 403
        assert database_snapshot(app) == before
    else:
        assert statuses[ACTIONS[name].actor] == 200
        assert all(status in (200, 403, 404) for status in statuses.values())


def test_an_admin_is_told_they_cannot_deactivate_themselves(app, world):
    admin = client_for(app, "admin")
    path = f"/admin/users/{world.people['admin']}/active"
    page = admin.get(path)
    assert page.status_code == 400
    assert "You cannot deactivate your own account." in text(page)
    assert 'name="confirm"' not in text(page)


def archived(app, cohort_id: int) -> bool:
    with app.app_context():
        return db.session.get(Cohort, cohort_id).archived


def test_the_trainer_unarchives_a_cohort_and_it_can_change_again(app, world):
    trainer, learner = client_for(app, "trainer"), client_for(app, "learner")
    cohort = world.cohort_id
    post(trainer, f"/cohorts/{cohort}/archive", {"confirm": "yes"})
    assert archived(app, cohort) and "Trainer set" not in text(learner.get("/"))
    board = text(trainer.get(f"/cohorts/{cohort}"))
    assert "Unarchive this cohort" in board and f'href="/cohorts/{cohort}/archive"' not in board
    again = trainer.get(f"/cohorts/{cohort}/archive")
    assert again.status_code == 400 and "already archived" in text(again)
    member = f"/cohorts/{cohort}/members/{world.people['learner']}/remove"
    assert post(trainer, member, {"confirm": "yes"}).status_code == 400  # read-only still

    assert post(trainer, f"/cohorts/{cohort}/unarchive").status_code == 302
    assert not archived(app, cohort)
    assert "Trainer set" in text(learner.get("/"))  # members see its assignments again
    board = text(trainer.get(f"/cohorts/{cohort}"))
    assert "Unarchive this cohort" not in board and f'href="/cohorts/{cohort}/archive"' in board
    assert 'class="join-code"' not in board  # joining stays closed until a new code
    assert post(trainer, member, {"confirm": "yes"}).status_code == 302  # it changes again
    refused = post(trainer, f"/cohorts/{cohort}/unarchive")
    assert refused.status_code == 400 and "not archived" in text(refused)


def test_only_the_cohorts_trainer_or_an_admin_may_unarchive(app, world):
    path = f"/cohorts/{world.archived_cohort_id}/unarchive"
    others = ("other_trainer", "other_mentor", "owner_mentor", "learner", "outsider")
    clients = {key: client_for(app, key) for key in (*others, "admin")}
    before = database_snapshot(app)  # after signing in
    for key in others:
        assert post(clients[key], path).status_code in (403, 404), key
    assert app.test_client().post(path).status_code == 400  # no CSRF token, no session
    assert database_snapshot(app) == before and archived(app, world.archived_cohort_id)
    assert post(clients["admin"], path).status_code == 302
    assert not archived(app, world.archived_cohort_id)
