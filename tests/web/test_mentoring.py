"""Mentors over HTTP: invites, mentorships either side can end, assignments that jump the
queue, and the mentee page's figures, typed answers and comments."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from practice.domain.scheduling import retrievability
from practice.drill.memory import memory_of
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import AnswerComment, Assignment, MentorInvite, Mentorship
from practice.types import utcnow
from tests.helpers.groups import (
    client_for,
    item_ids,
    load_bank,
    make_people,
    post,
    review,
    shown_item,
)


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def invite_link(mentor, uses="single", days=7) -> str:
    page = post(mentor, "/mentor/invites", {"days": days, "uses": uses}, follow_redirects=True)
    return re.findall(r'value="http://localhost(/mentor/join/[^"]+)"', page.get_data(True))[0]


def befriend(app, mentor_key="owner_mentor", learner_key="learner"):
    mentor, learner = client_for(app, mentor_key), client_for(app, learner_key)
    link = invite_link(mentor)
    assert post(learner, link).status_code == 302
    return mentor, learner


def make_set(app, client, *external_ids, title="Week one") -> int:
    response = post(client, "/sets/new", {"title": title, "source": "list"})
    set_id = int(re.search(r"/sets/(\d+)/edit", response.headers["Location"]).group(1))
    for item in item_ids(app, *external_ids):
        post(client, "/sets/add", {"set": set_id, "item": item})
    return set_id


def assign(client, mentee_id, set_id, due: date, target=85):
    data = {"question_set": set_id, "due_date": due.isoformat(), "target": target}
    return post(client, f"/mentor/mentees/{mentee_id}/assignments", data)


def test_invite_accept_and_either_side_ends_it(app, people):
    mentor, learner = befriend(app)
    page = mentor.get("/mentor").get_data(as_text=True)
    assert "Lea Learner" in page
    assert "learner@example.com" not in page  # study data only
    assert mentor.get(f"/mentor/mentees/{people['learner']}").status_code == 200
    assert "Mona Mentor" in learner.get("/").get_data(as_text=True)
    with app.app_context():
        mentorship_id = db.session.scalar(select(Mentorship.id))
    ended = post(learner, f"/mentor/mentorships/{mentorship_id}/end", {"confirm": "yes"})
    assert ended.status_code == 302
    assert mentor.get(f"/mentor/mentees/{people['learner']}").status_code == 404
    again = post(client_for(app, "learner"), invite_link(mentor))  # a new invite restarts it
    assert again.status_code == 302
    assert mentor.get(f"/mentor/mentees/{people['learner']}").status_code == 200
    ended = post(mentor, f"/mentor/mentorships/{mentorship_id}/end", {"confirm": "yes"})
    assert ended.status_code == 302
    assert mentor.get(f"/mentor/mentees/{people['learner']}").status_code == 404


def test_invites_single_use_expiry_withdrawal_and_self(app, people):
    mentor = client_for(app, "owner_mentor")
    single = invite_link(mentor)
    assert post(client_for(app, "learner"), single).status_code == 302
    used = post(client_for(app, "outsider"), single)
    assert used.status_code == 400 and "already been used" in used.get_data(as_text=True)
    multi = invite_link(mentor, uses="multi")
    assert post(client_for(app, "outsider"), multi).status_code == 302
    assert "invites you" in client_for(app, "other_mentor").get(multi).get_data(as_text=True)
    assert post(mentor, multi).status_code == 400  # your own invite
    with app.app_context():
        invite = db.session.scalar(select(MentorInvite).where(MentorInvite.max_uses.is_(None)))
        invite.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    expired = post(client_for(app, "trainer"), multi)
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    withdrawn = invite_link(mentor)
    with app.app_context():
        invite_id = db.session.scalar(select(func.max(MentorInvite.id)))
    post(mentor, f"/mentor/invites/{invite_id}/revoke")
    assert "withdrawn" in post(client_for(app, "trainer"), withdrawn).get_data(as_text=True)
    assert client_for(app, "learner").get("/mentor/join/no-such-code").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Mentorship.id))) == 2


def test_only_mentors_and_admins_have_a_mentor_page(app, people):
    assert client_for(app, "learner").get("/mentor").status_code == 403
    assert client_for(app, "trainer").get("/mentor").status_code == 403
    assert post(client_for(app, "learner"), "/mentor/invites", {"days": 7}).status_code == 403
    assert client_for(app, "admin").get("/mentor").status_code == 200


def test_assigned_items_come_before_other_new_cards(app, people):
    mentor, learner = befriend(app)
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-JR-001"
    set_id = make_set(app, mentor, "PY-SR-001", "PY-MD-002")
    assert (
        assign(mentor, people["learner"], set_id, date.today() + timedelta(days=7)).status_code
        == 302
    )
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-MD-002"  # easier first
    home = learner.get("/").get_data(as_text=True)
    assert "Week one" in home and "0 / 2" in home
    due = (date.today() + timedelta(days=7)).isoformat()
    assert due in home
    review(app, people["learner"], "PY-MD-002", 3, utcnow())
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-SR-001"
    drill_assignment = learner.get("/drill?assignment=1").get_data(as_text=True)
    assert shown_item(drill_assignment) == "PY-SR-001"
    assert client_for(app, "outsider").get("/drill?assignment=1").status_code == 404


def test_mentee_page_figures_agree_with_the_scheduler(app, people):
    mentor, learner = befriend(app)
    set_id = make_set(app, mentor, "PY-JR-001", "PY-MD-001", "PY-SR-001")
    due = date.today() + timedelta(days=10)
    assign(mentor, people["learner"], set_id, due)
    start = utcnow() - timedelta(days=20)
    review(app, people["learner"], "PY-JR-001", 3, start, answer="A new list")
    review(app, people["learner"], "PY-JR-001", 4, start + timedelta(minutes=11))
    review(app, people["learner"], "PY-MD-001", 3, start + timedelta(days=1), answer="Herds")
    review(app, people["learner"], "PY-MD-001", 3, start + timedelta(days=1, minutes=11))
    review(app, people["learner"], "PY-JR-002", 1, start + timedelta(days=2))
    page = mentor.get(f"/mentor/mentees/{people['learner']}").get_data(as_text=True)
    row = page.split('data-assignment="', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'class="started">2 / 3', row) and re.search(r'class="learned">2 / 3', row)
    with app.app_context():
        from practice.models import CardState, User

        learner_user = db.session.get(User, people["learner"])
        settings = user_settings(learner_user, fuzz=False)
        due_at = db.session.scalar(select(Assignment.due_at))
        cards = db.session.scalars(
            select(CardState).where(
                CardState.user_id == learner_user.id,
                CardState.item_id.in_(item_ids(app, "PY-JR-001", "PY-MD-001")),
            )
        ).all()
        expected = sum(retrievability(settings, memory_of(c), due_at) for c in cards) / 3
        overdue = db.session.scalar(
            select(func.count(CardState.id)).where(
                CardState.user_id == learner_user.id, CardState.due < utcnow()
            )
        )
    assert overdue > 0 and f'<dd class="overdue">{overdue}</dd>' in page
    assert f"<td>{overdue}</td>" in mentor.get("/mentor").get_data(as_text=True)
    assert f"{round(expected * 100)}% (goal 85%)" in row
    topics = re.findall(r"<tr><td>(\w+)</td><td class=\"heat-\d\">", page)
    assert topics[0] == "Databases"  # the lapse on PY-JR-002 makes it the weakest
    assert page.index("Herds") < page.index("A new list")  # newest first
    assert "Reviews per day" in page and "<rect" in page
    assert "learner@example.com" not in page


def test_comment_on_a_typed_answer_reaches_the_mentee_on_the_item(app, people):
    mentor, learner = befriend(app)
    review(
        app,
        people["learner"],
        "PY-JR-001",
        1,
        utcnow() - timedelta(days=3),
        answer="It builds a tuple",
    )
    page = mentor.get(f"/mentor/mentees/{people['learner']}").get_data(as_text=True)
    review_id = re.search(r'id="answer-(\d+)"', page).group(1)
    response = post(
        mentor,
        f"/mentor/answers/{review_id}/comments",
        {"body": "A list, not a tuple: look at the brackets."},
    )
    assert response.status_code == 302
    assert "A list, not a tuple" in learner.get("/").get_data(as_text=True)
    drill = learner.get("/drill?item=PY-JR-001&stage=1").get_data(as_text=True)
    assert "From your mentor" in drill and "A list, not a tuple" in drill
    assert post(mentor, f"/mentor/answers/{review_id}/comments", {"body": ""}).status_code == 400


def test_mass_assignment_and_foreign_ids_change_nothing(app, people):
    mentor, _ = befriend(app)
    other = client_for(app, "other_mentor")
    other_set = make_set(app, other, "PY-JR-001", title="Not yours")
    due = date.today() + timedelta(days=3)
    assert assign(mentor, people["learner"], other_set, due).status_code == 400
    assert assign(other, people["learner"], other_set, due).status_code == 404  # not his mentee
    own_set = make_set(app, mentor, "PY-JR-001")
    smuggled = {
        "question_set": own_set,
        "due_date": due.isoformat(),
        "target": 85,
        "mentee_id": people["outsider"],
        "assigned_by_id": people["other_mentor"],
    }
    response = post(mentor, f"/mentor/mentees/{people['learner']}/assignments", smuggled)
    assert response.status_code == 302
    review(app, people["learner"], "PY-JR-002", 3, utcnow(), answer="mine")
    with app.app_context():
        rows = db.session.execute(select(Assignment.mentee_id, Assignment.assigned_by_id)).all()
        review_id = db.session.scalar(select(func.max(AnswerComment.id)))
    assert rows == [(people["learner"], people["owner_mentor"])]
    page = mentor.get(f"/mentor/mentees/{people['learner']}").get_data(as_text=True)
    answer_id = re.search(r'id="answer-(\d+)"', page).group(1)
    assert post(other, f"/mentor/answers/{answer_id}/comments", {"body": "hi"}).status_code == 404
    assert review_id is None
    past = assign(mentor, people["learner"], own_set, date.today() - timedelta(days=2))
    assert past.status_code == 400 and "today or later" in past.get_data(as_text=True)


def test_a_mentor_who_loses_the_role_loses_the_mentee_pages(app, people):
    mentor, _ = befriend(app)
    assert mentor.get(f"/mentor/mentees/{people['learner']}").status_code == 200
    admin = client_for(app, "admin")
    post(admin, f"/admin/users/{people['owner_mentor']}/role", {"role": "learner"})
    again = client_for(app, "owner_mentor")
    assert again.get(f"/mentor/mentees/{people['learner']}").status_code == 404
    assert again.get("/mentor").status_code == 403
    post(admin, f"/admin/users/{people['owner_mentor']}/role", {"role": "mentor"})
    assert (
        client_for(app, "owner_mentor").get(f"/mentor/mentees/{people['learner']}").status_code
        == 200
    )
