"""Access to every object route of sets, mentoring and cohorts: the owner gets the page (or
the change), and another mentor, another trainer, a learner of another cohort and an
anonymous visitor get nothing (403/404; anonymous visitors are sent to log in) and change
nothing. Admins see everything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AnswerComment, MentorInvite
from practice.types import utcnow
from tests.helpers.db import database_snapshot
from tests.helpers.groups import client_for, post
from tests.helpers.world import World, build_world

OUTSIDERS = ("other_mentor", "other_trainer", "outsider")


@pytest.fixture
def world(app, runner, tmp_path) -> World:
    return build_world(app, runner, tmp_path)


def get_routes(w: World) -> list[tuple[str, str]]:
    """(owner, path) for every object page."""
    return [
        ("owner_mentor", f"/sets/{w.set_id}"),
        ("owner_mentor", f"/sets/{w.set_id}/edit"),
        ("owner_mentor", f"/drill?set={w.set_id}"),
        ("owner_mentor", f"/stats?set={w.set_id}"),
        ("owner_mentor", f"/sets/{w.set_id}/export.apkg"),
        ("owner_mentor", f"/sets/{w.set_id}/export.csv"),
        ("owner_mentor", f"/mentor/mentees/{w.people['learner']}"),
        ("learner", f"/drill?assignment={w.mentee_assignment}"),
        ("learner", f"/drill?assignment={w.cohort_assignment}"),
        ("trainer", f"/cohorts/{w.cohort_id}"),
        ("trainer", f"/cohorts/{w.cohort_id}/assignment-figures"),
        ("trainer", f"/cohorts/{w.cohort_id}/hardest"),
        ("trainer", f"/cohorts/{w.cohort_id}/activity"),
        ("trainer", f"/cohorts/{w.cohort_id}/leeches"),
        ("trainer", f"/cohorts/{w.cohort_id}/members.csv"),
        ("trainer", f"/cohorts/{w.cohort_id}/assignments.csv"),
        # The confirm pages of destructive actions (GET: they change nothing).
        ("owner_mentor", f"/sets/{w.set_id}/delete"),
        ("owner_mentor", f"/mentor/mentorships/{w.mentorship_id}/end"),
        ("learner", f"/mentor/mentorships/{w.mentorship_id}/end"),
        ("owner_mentor", f"/mentor/assignments/{w.mentee_assignment}/delete"),
        ("trainer", f"/cohorts/{w.cohort_id}/members/{w.people['learner']}/remove"),
        ("trainer", f"/cohorts/{w.cohort_id}/archive"),
        ("trainer", f"/cohorts/{w.cohort_id}/assignments/{w.cohort_assignment}/delete"),
        # Interview dates are private to their learner: not even an admin sees them.
        ("learner", f"/plan/{w.interview_date_id}"),
        ("learner", f"/plan/{w.interview_date_id}/edit"),
        ("learner", f"/plan/{w.interview_date_id}/delete"),
        ("learner", f"/plan/assignment/{w.mentee_assignment}"),
        ("learner", f"/plan/assignment/{w.cohort_assignment}"),
    ]


def private(path: str) -> bool:
    """A learner's own work: an admin may not open it either (404)."""
    return path.startswith("/plan/")


CONFIRMED = {"confirm": "yes"}  # what a destructive action's confirm page posts


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
        ("owner_mentor", f"/sets/{w.set_id}/delete", CONFIRMED),
        ("owner_mentor", f"/sets/{w.set_id}/copy", {}),
        ("owner_mentor", f"/mentor/invites/{w.invite_id}/revoke", {}),
        ("owner_mentor", f"/mentor/mentorships/{w.mentorship_id}/end", CONFIRMED),
        ("learner", f"/mentor/mentorships/{w.mentorship_id}/end", CONFIRMED),
        (
            "owner_mentor",
            f"/mentor/mentees/{p['learner']}/assignments",
            {"question_set": w.spare_set_id, "due_date": due, "target": 85},
        ),
        ("owner_mentor", f"/mentor/assignments/{w.mentee_assignment}/delete", CONFIRMED),
        ("owner_mentor", f"/mentor/answers/{w.answer_id}/comments", {"body": "Good start."}),
        ("trainer", f"/cohorts/{w.cohort_id}/code", {"action": "rotate"}),
        ("trainer", f"/cohorts/{w.cohort_id}/code", {"action": "close"}),
        ("trainer", f"/cohorts/{w.cohort_id}/members/{p['learner']}/remove", CONFIRMED),
        ("trainer", f"/cohorts/{w.cohort_id}/archive", CONFIRMED),
        ("trainer", f"/cohorts/{w.archived_cohort_id}/unarchive", {}),
        (
            "trainer",
            f"/cohorts/{w.cohort_id}/assignments",
            {"question_set": w.spare_trainer_set_id, "due_date": due, "target": 90},
        ),
        (
            "trainer",
            f"/cohorts/{w.cohort_id}/assignments/{w.cohort_assignment}/delete",
            CONFIRMED,
        ),
        ("learner", f"/cohorts/{w.cohort_id}/leave", {}),
        ("learner", "/drill/leeches/PY-JR-001/clear", {}),
        (
            "learner",
            f"/plan/{w.interview_date_id}/edit",
            {"title": "Renamed", "day": due, "target": 80, "scope_kind": "filter"},
        ),
        ("learner", f"/plan/{w.interview_date_id}/delete", CONFIRMED),
        # My cards: a card id in the form, not the path; only its learner may act on it
        ("learner", "/cards/suspend", {"card": w.learner_card}),
        ("learner", "/cards/reset", {"card": w.learner_card, **CONFIRMED}),
        ("learner", "/cards/forget", {"card": w.learner_card, **CONFIRMED}),
        ("learner", "/cards/add-to-set", {"card": w.learner_card, "set": w.learner_set_id}),
    ]


def test_object_pages_answer_only_their_owner_and_admins(app, world):
    for owner, path in get_routes(world):
        assert client_for(app, owner).get(path).status_code == 200, (owner, path)
        admin = client_for(app, "admin").get(path).status_code
        if private(path):
            assert admin == 404, ("admin", path)
        elif "assignment=" not in path:  # an admin sees all, but drills only their own work
            assert admin == 200, ("admin", path)
        for key in OUTSIDERS:
            status = client_for(app, key).get(path).status_code
            assert status in (403, 404), (key, path, status)
        anonymous = client_for(app, "anonymous").get(path)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_learners_plan_lists_their_assignments_beside_their_own_date(app, world):
    page = client_for(app, "learner").get("/plan").get_data(as_text=True)
    assert "Learner interview" in page
    for title, assignment in (
        ("Mentor set", world.mentee_assignment),
        ("Trainer set", world.cohort_assignment),
    ):
        assert title in page and f'href="/plan/assignment/{assignment}"' in page
        assert f"/plan/assignment/{assignment}/edit" not in page  # read-only: set by others
    assert page.count("assignment</span>") == 2
    other = client_for(app, "outsider").get("/plan").get_data(as_text=True)
    assert "Learner interview" not in other and "Mentor set" not in other


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


@pytest.mark.parametrize("index", range(28))
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
    assert len(post_routes(world)) == 28
    rules = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.split(".")[0] in ("sets", "mentoring", "cohorts", "drill", "plan", "cards")
        and "POST" in r.methods
        and r.arguments
    ]
    for rule in rules:
        pattern = rule.rule.replace("<int:", "").replace(">", "")
        assert any(_matches(rule.rule, path) for path in covered) or rule.endpoint in (
            "mentoring.accept",
        ), (rule.rule, pattern)


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
    from tests.helpers.accounts import STRONG_PASSWORD

    client = client_for(app, key)
    post(client, f"/mentor/answers/{world.answer_id}/comments", {"body": "kept?"})
    done = post(client, "/account/delete", {"password": STRONG_PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    gone = world.people[key]
    with app.app_context():
        assert db.session.scalar(select(QuestionSet.id).where(QuestionSet.owner_id == gone)) is None
        assert (
            db.session.scalar(
                select(Mentorship.id).where(
                    (Mentorship.mentor_id == gone) | (Mentorship.mentee_id == gone)
                )
            )
            is None
        )
        assert (
            db.session.scalar(select(CohortMember.cohort_id).where(CohortMember.user_id == gone))
            is None
        )
        assert db.session.scalar(select(Cohort.id).where(Cohort.trainer_id == gone)) is None
        assert (
            db.session.scalar(select(Assignment.id).where(Assignment.assigned_by_id == gone))
            is None
        )
        if key != "trainer":  # the mentee's answer (and its comments) go with either side
            assert db.session.scalar(select(AnswerComment.id)) is None


def test_the_data_export_holds_sets_mentors_cohorts_and_comments(app, world):
    import json

    post(
        client_for(app, "owner_mentor"),
        f"/mentor/answers/{world.answer_id}/comments",
        {"body": "Say why."},
    )
    learner = json.loads(client_for(app, "learner").get("/account/export.json").data)
    assert learner["mentors"] == ["Mona Mentor"] and learner["cohorts"] == ["Cohort A"]
    assert learner["mentor_comments"][0]["comment"] == "Say why."
    mentor = json.loads(client_for(app, "owner_mentor").get("/account/export.json").data)
    assert mentor["mentees"] == ["Lea Learner"]
    assert mentor["question_sets"][0]["items"] == ["PY-JR-001", "PY-JR-002"]


EVERYONE = ("owner_mentor", "other_mentor", "trainer", "other_trainer", "learner", "outsider")
EVERYONE += ("admin",)

# Who besides nobody else may take each action (by path shape); everyone else is refused.
ACTION_RIGHTS = {
    "/sets/add": {"owner_mentor", "admin"},
    "/edit": {"owner_mentor", "admin"},
    "/remove": {"owner_mentor", "admin"},
    "/move": {"owner_mentor", "admin"},
    "/share": {"owner_mentor", "admin"},
    "/delete": {"owner_mentor", "admin"},
    "/copy": {"owner_mentor", "admin", "learner"},  # the learner it is assigned to may see it
    "/revoke": {"owner_mentor"},
    "/end": {"owner_mentor", "learner", "admin"},
    "/mentor/mentees/": {"owner_mentor"},  # assigning needs a mentorship, even for an admin
    "/mentor/assignments/": {"owner_mentor", "admin"},
    "/comments": {"owner_mentor", "admin"},
    "/code": {"trainer", "admin"},
    "/members/": {"trainer", "admin"},
    "/archive": {"trainer", "admin"},
    "/unarchive": {"trainer", "admin"},  # the cohort's own trainer; admins run every cohort
    "/cohorts/assignments": {"trainer"},  # from the trainer's own sets
    "/leave": {"learner"},
    "/drill/leeches/": {"learner"},  # a leech mark is cleared by its own learner only
    "/cards/": {"learner"},  # a card is acted on by its own learner only, admins included
}


def rights_for(path: str) -> set[str]:
    """The people who may post to `path` (the most specific rule that matches)."""
    if path.startswith("/plan/"):
        return {"learner"}  # an interview date is its learner's alone, admins included
    if "/cohorts/" in path and "/assignments" in path and not path.endswith("/delete"):
        return ACTION_RIGHTS["/cohorts/assignments"]
    if "/cohorts/" in path and path.endswith("/delete"):
        return {"trainer", "admin"}
    if path.startswith("/mentor/assignments/"):
        return ACTION_RIGHTS["/mentor/assignments/"]
    if path.startswith("/mentor/mentees/"):
        return ACTION_RIGHTS["/mentor/mentees/"]
    if "/members/" in path:
        return ACTION_RIGHTS["/members/"]
    for suffix, people in ACTION_RIGHTS.items():
        if path.startswith(suffix) or path.endswith(suffix):
            return people
    raise AssertionError(f"no rights listed for {path}")


@pytest.mark.parametrize("index", range(28))
def test_every_person_without_the_right_is_refused_and_changes_nothing(app, world, index):
    """Not only outsiders: the mentee, cohort members, the other role and admins where an
    action is not theirs are refused too (a set's viewer may not edit it, and so on)."""
    _, path, form = post_routes(world)[index]
    refused = [key for key in EVERYONE if key not in rights_for(path)]
    clients = {key: client_for(app, key) for key in refused}
    before = database_snapshot(app)
    for key in refused:
        response = post(clients[key], path, form)
        # 404: not theirs to see; 403: not their role; 400: their role, not their mentee
        assert response.status_code in (400, 403, 404), (key, path, response.status_code)
    assert database_snapshot(app) == before


# The post routes' paths in the world every test builds (ids from a fresh database), so that
# each (action, person) case can be a test of its own on a fresh world.
ROUTE_PATHS = [
    "/sets/add",
    "/sets/1/edit",
    "/sets/1/items/1/remove",
    "/sets/1/items/1/move",
    "/sets/1/share",
    "/sets/1/delete",
    "/sets/1/copy",
    "/mentor/invites/2/revoke",
    "/mentor/mentorships/1/end",
    "/mentor/mentorships/1/end",
    "/mentor/mentees/5/assignments",
    "/mentor/assignments/1/delete",
    "/mentor/answers/1/comments",
    "/cohorts/1/code",
    "/cohorts/1/code",
    "/cohorts/1/members/5/remove",
    "/cohorts/1/archive",
    "/cohorts/3/unarchive",
    "/cohorts/1/assignments",
    "/cohorts/1/assignments/2/delete",
    "/cohorts/1/leave",
    "/drill/leeches/PY-JR-001/clear",
    "/plan/1/edit",
    "/plan/1/delete",
    "/cards/suspend",
    "/cards/reset",
    "/cards/forget",
    "/cards/add-to-set",
]
RIGHTS_CASES = [(n, key) for n, path in enumerate(ROUTE_PATHS) for key in sorted(rights_for(path))]


@pytest.mark.parametrize(("index", "key"), RIGHTS_CASES)
def test_every_person_with_the_right_may_act(app, world, index, key):
    _, path, form = post_routes(world)[index]
    assert path == ROUTE_PATHS[index]
    before = database_snapshot(app)
    response = post(client_for(app, key), path, form)
    assert response.status_code == 302, (key, path, response.status_code)
    assert database_snapshot(app) != before


# Who may open each object page, besides nobody else.
PAGE_RIGHTS = {
    "/sets/{set}": {"owner_mentor", "admin", "learner"},
    "/sets/{set}/edit": {"owner_mentor", "admin"},
    "/drill?set={set}": {"owner_mentor", "admin", "learner"},
    "/stats?set={set}": {"owner_mentor", "admin", "learner"},
    "/sets/{set}/export.apkg": {"owner_mentor", "admin", "learner"},
    "/sets/{set}/export.csv": {"owner_mentor", "admin", "learner"},
    "/mentor/mentees/{learner}": {"owner_mentor", "admin"},
    "/drill?assignment={mentee_assignment}": {"learner"},
    "/drill?assignment={cohort_assignment}": {"learner"},
    "/cohorts/{cohort}": {"trainer", "admin"},
    "/cohorts/{cohort}/assignment-figures": {"trainer", "admin"},
    "/cohorts/{cohort}/hardest": {"trainer", "admin"},
    "/cohorts/{cohort}/activity": {"trainer", "admin"},
    "/cohorts/{cohort}/leeches": {"trainer", "admin"},
    "/cohorts/{cohort}/members.csv": {"trainer", "admin"},
    "/cohorts/{cohort}/assignments.csv": {"trainer", "admin"},
    "/sets/{set}/delete": {"owner_mentor", "admin"},
    "/mentor/mentorships/{mentorship}/end": {"owner_mentor", "learner", "admin"},
    "/mentor/assignments/{mentee_assignment}/delete": {"owner_mentor", "admin"},
    "/cohorts/{cohort}/members/{learner}/remove": {"trainer", "admin"},
    "/cohorts/{cohort}/archive": {"trainer", "admin"},
    "/cohorts/{cohort}/assignments/{cohort_assignment}/delete": {"trainer", "admin"},
    "/plan/{interview_date}": {"learner"},
    "/plan/{interview_date}/edit": {"learner"},
    "/plan/{interview_date}/delete": {"learner"},
    "/plan/assignment/{mentee_assignment}": {"learner"},
    "/plan/assignment/{cohort_assignment}": {"learner"},
}


def test_every_object_page_opens_for_exactly_the_people_it_should(app, world):
    values = {
        "set": world.set_id,
        "learner": world.people["learner"],
        "mentee_assignment": world.mentee_assignment,
        "cohort_assignment": world.cohort_assignment,
        "cohort": world.cohort_id,
        "mentorship": world.mentorship_id,
        "interview_date": world.interview_date_id,
    }
    clients = {key: client_for(app, key) for key in EVERYONE}
    wrong = []
    for shape, allowed in PAGE_RIGHTS.items():
        path = shape.format(**values)
        for key in EVERYONE:
            status = clients[key].get(path).status_code
            expected_ok = key in allowed
            if (status == 200) != expected_ok or (not expected_ok and status not in (403, 404)):
                wrong.append((key, path, status))
    assert wrong == []


def test_the_page_rights_cover_every_object_page(world):
    assert len(PAGE_RIGHTS) == len({path for _, path in get_routes(world)})


def test_a_calendar_feed_shows_its_owners_assignments_and_no_one_elses(app, world):
    def feed(key: str) -> str:
        response = client_for(app, "anonymous").get(f"/calendar/{world.feeds[key]}.ics")
        assert response.status_code == 200, key
        return response.get_data(as_text=True)

    learner, outsider = feed("learner"), feed("outsider")
    assert "Mentor set" in learner and "Trainer set" in learner
    assert "Mentor set" not in outsider and "Trainer set" not in outsider
    for key in ("learner", "outsider"):
        page = client_for(app, key).get("/account/reminders").get_data(as_text=True)
        others = [token for who, token in world.feeds.items() if who != key]
        assert world.feeds[key] in page and not any(token in page for token in others)
