"""Registering, logging in and out, credentials, export and deletion."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User
from tests.helpers.accounts import STRONG_PASSWORD, create_user, csrf_token, log_in, post_form


@pytest.mark.real_password_hash
def test_register_signs_the_new_user_in(client, app):
    response = post_form(
        client,
        "/register",
        {"email": " Grace@Example.COM ", "display_name": "Grace", "password": STRONG_PASSWORD},
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Grace." in page and "Log out" in page
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "grace@example.com" and user.role == "learner"
        assert (
            user.password_hash.startswith("scrypt:") and STRONG_PASSWORD not in user.password_hash
        )


def test_weak_common_and_personal_passwords_are_refused(client, app):
    for password in ("short", "password123", "grace@example.com", "Grace Hopper 1"):
        page = post_form(
            client,
            "/register",
            {"email": "grace@example.com", "display_name": "Grace Hopper", "password": password},
        ).get_data(as_text=True)
        assert "Use at least 8 characters." in page or "This password is too weak" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_long_password_of_128_characters_is_accepted(client, app):
    password = (
        "maple quartz ferry lantern " + "".join(chr(97 + (n * 7) % 26) for n in range(200))
    )[:128]
    assert len(password) == 128
    response = post_form(
        client, "/register", {"email": "a@example.com", "display_name": "A", "password": password}
    )
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert log_in(client, "a@example.com", password).status_code == 302


def test_duplicate_email_is_refused_case_insensitively(client, user_id):
    page = post_form(
        client,
        "/register",
        {"email": "ADA@example.com", "display_name": "Other", "password": STRONG_PASSWORD},
    ).get_data(as_text=True)
    assert "An account with this email already exists." in page


def test_same_message_for_unknown_email_and_wrong_password(client, user_id):
    unknown = log_in(client, "nobody@example.com", STRONG_PASSWORD)
    wrong = log_in(client, "ada@example.com", "not the password at all")
    assert unknown.status_code == wrong.status_code == 400

    def form_errors(response):
        return [
            line.strip()
            for line in response.get_data(as_text=True).splitlines()
            if "field-error" in line
        ]

    assert form_errors(unknown) == form_errors(wrong) != []
    assert "Incorrect email or password." in unknown.get_data(as_text=True)


def test_login_and_logout(client, user_id):
    assert "Log in" in client.get("/").get_data(as_text=True)
    response = log_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Log out" in client.get("/").get_data(as_text=True)
    assert client.get("/logout").status_code == 405  # logging out is a POST
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert client.get("/account").status_code == 302


def test_deactivated_account_cannot_log_in(client, app, user_id):
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    page = log_in(client).get_data(as_text=True)
    assert "This account is deactivated." in page and "Incorrect email" not in page
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_a_wrong_password_does_not_tell_that_an_account_is_deactivated(client, app, user_id):
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    page = log_in(client, password="not the password at all").get_data(as_text=True)
    assert "Incorrect email or password." in page and "deactivated" not in page


def test_change_email_needs_the_password_and_a_free_address(client, app, user_id):
    create_user(app, "taken@example.com", name="Taken")
    log_in(client)
    page = post_form(
        client, "/account/email", {"email-email": "new@example.com", "email-password": "wrong"}
    ).get_data(as_text=True)
    assert "That is not your current password." in page
    page = post_form(
        client,
        "/account/email",
        {"email-email": "taken@example.com", "email-password": STRONG_PASSWORD},
    ).get_data(as_text=True)
    assert "An account with this email already exists." in page
    response = post_form(
        client,
        "/account/email",
        {"email-email": "New@Example.com", "email-password": STRONG_PASSWORD},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).email == "new@example.com"


def seed_history(app, user_id):
    with app.app_context():
        from practice.models import Track

        track = Track(slug="python", name="Python", code="PY")
        db.session.add(track)
        db.session.flush()
        item = Item(
            external_id="PY-MD-001",
            kind="question",
            track_id=track.id,
            level="mid",
            difficulty=4,
            title="Q?",
            body="",
            sections=[],
            follow_ups=[],
            source="t",
            source_path="q.md",
            content_hash="h",
        )
        db.session.add(item)
        db.session.flush()
        when = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
        db.session.add(
            CardState(
                user_id=user_id,
                item_id=item.id,
                state=2,
                stability=3.0,
                difficulty=5.0,
                due=when,
                last_review=when,
                reps=1,
            )
        )
        db.session.add(
            ReviewLog(
                user_id=user_id,
                item_id=item.id,
                rating=3,
                reviewed_at=when,
                state_after={"s": 3.0},
                client_token="x",
                typed_answer="my answer",
            )
        )
        db.session.commit()


def test_export_holds_profile_cards_and_reviews(client, app, user_id):
    seed_history(app, user_id)
    log_in(client)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == "ada@example.com"
    assert "password_hash" not in json.dumps(data)
    assert data["card_states"][0]["item"] == "PY-MD-001"
    assert data["card_states"][0]["due"] == "2026-11-02T08:00:00+00:00"
    assert data["card_states"][0]["leech_since"] is None
    assert (data["profile"]["maximum_reviews"], data["profile"]["leech_action"]) == (200, "tag")
    assert data["review_log"][0]["typed_answer"] == "my answer"


def test_delete_account_needs_confirmation_and_removes_everything(client, app, user_id):
    seed_history(app, user_id)
    log_in(client)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "download your data as JSON" in page
    refused = post_form(client, "/account/delete", {"password": STRONG_PASSWORD})
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.get_data(True)
    wrong = post_form(client, "/account/delete", {"password": "nope", "confirm": "y"})
    assert wrong.status_code == 400
    with app.app_context():
        assert db.session.get(User, user_id) is not None
    done = post_form(client, "/account/delete", {"password": STRONG_PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id) is None
        assert db.session.scalar(select(func.count(CardState.id))) == 0
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
        assert db.session.scalar(select(func.count(Item.id))) == 1
    assert "Log in" in client.get("/").get_data(as_text=True)


def test_users_cli_creates_and_sets_roles(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Op@Example.com",
            "--role",
            "trainer",
            "--password",
            STRONG_PASSWORD,
        ]
    )
    assert result.exit_code == 0 and "Created op@example.com (trainer)." in result.output
    result = runner.invoke(args=["users", "set-role", "op@example.com", "admin"])
    assert result.exit_code == 0 and "trainer -> admin" in result.output
    result = runner.invoke(args=["users", "set-role", "ghost@example.com", "admin"])
    assert result.exit_code == 1 and "No account with email ghost@example.com." in result.output
    result = runner.invoke(args=["users", "create", "weak@example.com", "--password", "password"])
    assert result.exit_code == 1 and "Use at least 8" not in result.output
    assert "too weak" in result.output


def test_the_display_name_can_be_changed_on_the_account_page(app, client, user_id):
    log_in(client)
    assert 'value="Ada"' in client.get("/account").get_data(as_text=True)
    response = post_form(client, "/account/name", {"name-display_name": "  Ada Lovelace "})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).display_name == "Ada Lovelace"
    refused = post_form(client, "/account/name", {"name-display_name": "x" * 81})
    assert refused.status_code == 400 and "Field cannot be longer than 80" in refused.get_data(True)
    with app.app_context():
        assert db.session.get(User, user_id).display_name == "Ada Lovelace"


def test_a_classroom_behind_one_address_can_all_register(app):
    client = app.test_client()
    for n in range(25):  # the old limit counted 20 attempts an hour per address
        response = post_form(
            client,
            "/register",
            {
                "email": f"pupil{n}@example.com",
                "display_name": f"Pupil {n}",
                "password": STRONG_PASSWORD,
            },
        )
        assert response.status_code == 302, n
        client.post("/logout", data={"csrf_token": csrf_token(client)})
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 25


def test_failed_registrations_are_limited_per_email_and_say_how_long_to_wait(app, client):
    form = {"email": "weak@example.com", "display_name": "Weak", "password": "short"}
    for _ in range(20):
        assert post_form(client, "/register", form).status_code in (200, 400)
    throttled = post_form(client, "/register", form)
    assert throttled.status_code == 429
    assert "Try again in at most 60 minutes" in throttled.get_data(as_text=True)
    other = post_form(client, "/register", form | {"email": "other@example.com"})
    assert other.status_code != 429  # another person behind the same address is not blocked
