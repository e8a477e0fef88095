"""Every refused form says what was wrong next to the field, keeps what was typed, answers
400 and changes nothing (issue 12, point 14)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import MentorInvite, ReviewLog, User
from tests.helpers.accounts import STRONG_PASSWORD, create_user, csrf_token, log_in
from tests.helpers.drill import form_fields, reveal
from tests.helpers.groups import post


def _count(app, column) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(column)))


def _field_error(page: str) -> list[str]:
    return re.findall(r'class="field-error">([^<]+)<', page)


def test_a_refused_registration_is_a_400_with_the_field_message_and_the_form_kept(app, client):
    data = {
        "csrf_token": csrf_token(client, "/register"),
        "email": "not-an-email",
        "display_name": "Lin",
        "password": STRONG_PASSWORD,
    }
    response = client.post("/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _field_error(page)
    assert 'value="not-an-email"' in page and 'value="Lin"' in page
    assert _count(app, User.id) == 0


def test_a_wrong_password_is_a_400_that_says_so_next_to_the_field(app, client):
    create_user(app, "ada@example.com")
    data = {
        "csrf_token": csrf_token(client, "/login"),
        "email": "ada@example.com",
        "password": "not the password",
    }
    response = client.post("/login", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Incorrect email or password." in _field_error(page)
    assert 'value="ada@example.com"' in page


def test_the_login_and_register_pages_still_answer_200(client):
    assert client.get("/login").status_code == 200
    assert client.get("/register").status_code == 200


def test_an_invite_with_an_unknown_use_says_what_to_choose(app, client):
    create_user(app, "mona@example.com", role="mentor", name="Mona")
    log_in(client, "mona@example.com")
    response = post(client, "/mentor/invites", {"days": "7", "uses": "everyone-forever"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose who may use the invite" in " ".join(_field_error(page))
    assert _count(app, MentorInvite.id) == 0


def test_a_typed_answer_over_the_limit_comes_back_with_the_reason_and_the_text(app, learner):
    prompt = learner.get("/drill").get_data(as_text=True)
    fields = form_fields(prompt, "/drill/reveal") | {"answer": "x" * 10_001}
    response = learner.post("/drill/reveal", data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "longer than 10,000 characters (it has 10001)" in page
    assert "x" * 10_001 in page  # the text is kept to shorten, not lost
    assert 'action="/drill/rate"' not in page  # still the prompt: nothing revealed


def test_a_forged_rating_with_an_overlong_answer_says_why_and_records_nothing(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    fields = form_fields(answered, "/drill/rate") | {"rating": "3", "answer": "y" * 10_001}
    response = learner.post("/drill/rate", data=fields)
    assert response.status_code == 400
    assert "longer than 10,000 characters" in response.get_data(as_text=True)
    assert _count(app, ReviewLog.id) == 0


def test_a_reversed_difficulty_range_in_the_library_keeps_the_form(app, client, bank):
    response = client.get("/library?q=cache&min_difficulty=8&max_difficulty=3")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The lowest difficulty (8) is above the highest (3)" in " ".join(_field_error(page))
    assert 'name="min_difficulty" min="1" max="10" value="8"' in page
    assert 'value="cache"' in page  # the search box is kept
    fragment = client.get(
        "/library?min_difficulty=8&max_difficulty=3",
        headers={"HX-Request": "true", "HX-Target": "library-results"},
    )
    assert fragment.status_code == 400
    assert "<html" not in fragment.get_data(as_text=True)
    assert "is above the highest" in fragment.get_data(as_text=True)


def test_a_reversed_difficulty_range_in_the_drill_keeps_the_scope_form(app, learner):
    response = learner.get("/drill?level=junior&min_difficulty=9&max_difficulty=2")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The lowest difficulty (9) is above the highest (2)" in " ".join(_field_error(page))
    assert 'value="9"' in page and 'value="2"' in page
    assert '<option value="junior" selected>' in page
    assert "data-item=" not in page  # no card is served for a scope that was refused


def test_a_difficulty_that_is_not_a_number_is_named(app, learner):
    page = learner.get("/drill?min_difficulty=hard").get_data(as_text=True)
    assert "The lowest difficulty must be a whole number from 1 to 10." in page
