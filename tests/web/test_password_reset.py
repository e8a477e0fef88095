"""Password reset: "Forgot password?" emails a single-use, expiring link (to a real local SMTP
server); without email an admin or an operator makes the same link. The answer is the same
whether or not the email has an account; using the link sets a new password and signs the
account out on every device; a used, expired, superseded or wrong link is refused."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, update

from practice.accounts import password_reset
from practice.extensions import db
from practice.models import PasswordReset, User
from practice.types import utcnow
from tests.helpers.accounts import STRONG_PASSWORD, create_user, csrf_token, log_in, post_form
from tests.helpers.db import database_snapshot
from tests.helpers.smtp import link_in

NEW_PASSWORD = "copper kettle hums at dawn 58"
smtp = pytest.mark.smtp


def ask_for_link(client, email: str, **kwargs):
    """POST the forgot-password form; the server sends its mail once the answer has gone out
    (a WSGI server closes the response then; the test client leaves that to us)."""
    response = post_form(client, "/forgot-password", {"email": email}, **kwargs)
    response.get_data()
    response.close()
    return response


def page_text(response) -> str:
    """The page without its per-session CSRF token."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.get_data(as_text=True))


def signed_in(client) -> bool:
    return "Log out" in client.get("/").get_data(as_text=True)


def issue(app, email: str = "ada@example.com") -> str:
    """A fresh link for the account, as the admin page and the CLI make them: its path."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return urlsplit(password_reset.issue_link(user, "http://localhost").url).path


def set_password(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"csrf_token": csrf_token(client, path), "password": password})


def password_works(app, password: str, email: str = "ada@example.com") -> bool:
    return log_in(app.test_client(), email, password).status_code == 302


def test_login_links_to_forgot_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in page and "Forgot password?" in page


@smtp
def test_the_emailed_link_sets_a_new_password_once(app, client, user_id, smtp_server):
    response = ask_for_link(client, "Ada@Example.com")
    assert response.status_code == 200 and "Check your email" in page_text(response)
    [message] = smtp_server.inbox.to("ada@example.com")
    assert message["Subject"] == "Reset your Practice password"
    link = link_in(message)
    assert "It works once, for 1 hour" in message.get_content()
    path = urlsplit(link).path
    form = client.get(path)
    assert form.status_code == 200 and "ada@example.com" in form.get_data(as_text=True)
    done = set_password(client, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "every device was signed out" in client.get("/login").get_data(as_text=True)
    assert password_works(app, NEW_PASSWORD) and not password_works(app, STRONG_PASSWORD)
    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    reused = set_password(client, path, "another fine phrase for 2027")
    assert reused.status_code == 410 and "already been used" in reused.get_data(as_text=True)
    assert password_works(app, NEW_PASSWORD)
    with app.app_context():
        stored = db.session.scalar(select(PasswordReset.token_hash))
    token = link.rsplit("/", 1)[1]
    assert len(stored) == 64 and token not in stored  # only a hash of the token is kept


@smtp
def test_known_and_unknown_emails_get_the_same_answer(app, user_id, smtp_server, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    known = ask_for_link(app.test_client(), "ada@example.com")
    unknown = ask_for_link(app.test_client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known).replace("ada@", "x@") == page_text(unknown).replace("nobody@", "x@")
    assert len(smtp_server.inbox.messages) == 1 and smtp_server.inbox.to("ada@example.com")
    with app.app_context():
        assert db.session.scalar(select(func.count(PasswordReset.id))) == 1
    lines = [r.getMessage() for r in caplog.records]
    assert len([line for line in lines if "event=reset_requested" in line]) == 2


@smtp
def test_emailed_links_point_at_public_url_not_the_host_header(app, client, user_id, smtp_server):
    app.config["PUBLIC_URL"] = "https://practice.example.org"
    client.environ_base["HTTP_HOST"] = "attacker.example"
    assert ask_for_link(client, "ada@example.com").status_code == 200
    [message] = smtp_server.inbox.to("ada@example.com")
    assert link_in(message).startswith("https://practice.example.org/reset-password/")


@smtp
def test_a_deactivated_account_gets_the_same_answer_and_no_mail(app, client, user_id, smtp_server):
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    response = ask_for_link(client, "ada@example.com")
    assert response.status_code == 200 and "Check your email" in page_text(response)
    assert smtp_server.inbox.messages == []


@smtp
def test_a_newer_link_makes_the_older_one_useless(app, client, user_id, smtp_server):
    ask_for_link(client, "ada@example.com")
    ask_for_link(client, "ada@example.com")
    first, second = (urlsplit(link_in(m)).path for m in smtp_server.inbox.to("ada@example.com"))
    refused = set_password(client, first)
    assert refused.status_code == 410 and "A newer reset link" in refused.get_data(as_text=True)
    assert set_password(client, second).status_code == 302


@smtp
def test_requests_are_limited_per_address_and_per_email(app, user_id, smtp_server):
    client = app.test_client()
    for n in range(20):
        assert ask_for_link(client, f"someone{n}@example.com").status_code == 200
    limited = ask_for_link(client, "late@example.com")
    assert limited.status_code == 429 and "Try again in at most" in page_text(limited)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    for _ in range(5):
        assert ask_for_link(elsewhere, "ada@example.com").status_code == 200
    assert ask_for_link(elsewhere, "ada@example.com").status_code == 429
    assert ask_for_link(elsewhere, "fresh@example.com").status_code == 200
    assert len(smtp_server.inbox.to("ada@example.com")) == 5


def test_without_smtp_the_page_says_who_can_make_a_link(app, client, user_id):
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "does not send email" in page and "flask users reset-link" in page
    before = database_snapshot(app)
    response = ask_for_link(client, "ada@example.com")
    assert response.status_code == 200 and "does not send email" in page_text(response)
    assert database_snapshot(app) == before


def test_using_a_link_signs_the_account_out_on_every_device(app, user_id):
    laptop, phone, browser = app.test_client(), app.test_client(), app.test_client()
    log_in(laptop, remember=True)
    log_in(phone)
    log_in(browser)  # the device the link is opened on is signed out as well
    assert signed_in(laptop) and signed_in(phone)
    assert set_password(browser, issue(app)).status_code == 302
    assert not signed_in(laptop) and not signed_in(phone) and not signed_in(browser)
    assert log_in(phone, password=NEW_PASSWORD).status_code == 302 and signed_in(phone)


def test_an_expired_link_is_refused(app, client, user_id):
    path = issue(app)
    with app.app_context():
        past = utcnow() - timedelta(seconds=1)
        db.session.execute(update(PasswordReset).values(expires_at=past))
        db.session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "has expired" in page.get_data(as_text=True)
    before = database_snapshot(app)
    assert set_password(client, path).status_code == 410
    assert database_snapshot(app) == before and password_works(app, STRONG_PASSWORD)


def test_a_link_expires_an_hour_after_it_was_made(app, user_id):
    issue(app)
    with app.app_context():
        link = db.session.scalar(select(PasswordReset))
        assert link.expires_at - link.created_at == timedelta(hours=1)


def test_a_wrong_token_is_refused_and_changes_nothing(app, client, user_id):
    issue(app)
    before = database_snapshot(app)
    for token in ("not-a-token", "x" * 43, "x" * 300):
        page = client.get(f"/reset-password/{token}")
        assert page.status_code == 404 and "not valid" in page.get_data(as_text=True)
        assert set_password(client, f"/reset-password/{token}").status_code == 404
    assert database_snapshot(app) == before


def test_opening_the_reset_page_changes_nothing(app, client, user_id):
    path = issue(app)
    before = database_snapshot(app)
    for _ in range(2):
        assert client.get(path).status_code == 200
    assert database_snapshot(app) == before
    assert set_password(client, path).status_code == 302


def test_a_weak_password_is_refused_and_the_link_keeps_working(app, client, user_id):
    path = issue(app)
    before = database_snapshot(app)
    for weak in ("short", "password123", "ada@example.com"):
        response = set_password(client, path, weak)
        text = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Use at least 8 characters." in text or "This password is too weak" in text
    assert database_snapshot(app) == before
    assert set_password(client, path).status_code == 302


def test_a_password_change_makes_an_open_link_useless(app, client, user_id):
    path = issue(app)
    log_in(client)
    post_form(
        client,
        "/account/password",
        {"password-current_password": STRONG_PASSWORD, "password-new_password": NEW_PASSWORD},
    )
    refused = app.test_client().get(path)
    assert refused.status_code == 410 and "password was changed" in refused.get_data(as_text=True)


def test_a_link_does_not_reactivate_a_deactivated_account(app, client, user_id):
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    done = set_password(client, issue(app))
    assert done.status_code == 302
    assert "your account is deactivated" in client.get("/login").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).active is False
    page = log_in(client, password=NEW_PASSWORD).get_data(as_text=True)
    assert "This account is deactivated." in page and not signed_in(client)


def test_the_cli_prints_a_working_link(app, client, runner, user_id, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    result = runner.invoke(
        args=["users", "reset-link", "ADA@example.com", "--base-url", "https://practice.test/"]
    )
    assert result.exit_code == 0, result.output
    link = result.output.splitlines()[0]
    assert link.startswith("https://practice.test/reset-password/")
    assert "Works once" in result.output
    assert set_password(client, urlsplit(link).path).status_code == 302
    assert password_works(app, NEW_PASSWORD)
    assert any("event=reset_link_issued user=cli" in r.getMessage() for r in caplog.records)


def test_the_cli_takes_the_base_url_from_public_url_or_says_what_is_missing(app, runner, user_id):
    missing = runner.invoke(args=["users", "reset-link", "ada@example.com"])
    assert missing.exit_code != 0 and "PUBLIC_URL" in missing.output
    nobody = runner.invoke(args=["users", "reset-link", "ghost@example.com"])
    assert nobody.exit_code != 0 and "No account with email ghost@example.com" in nobody.output
    bad = runner.invoke(args=["users", "reset-link", "ada@example.com", "--base-url", "nowhere"])
    assert bad.exit_code != 0 and "no base URL" in bad.output
    app.config["PUBLIC_URL"] = "https://practice.example.org/app"
    result = runner.invoke(args=["users", "reset-link", "ada@example.com"])
    assert result.output.startswith("https://practice.example.org/app/reset-password/")
    with app.app_context():
        assert db.session.scalar(select(func.count(PasswordReset.id))) == 1  # only this one


@pytest.fixture
def admin(app):
    create_user(app, "root@example.com", role="admin", name="Root")
    client = app.test_client()
    log_in(client, "root@example.com")
    return client


def test_an_admin_makes_a_link_shown_once(app, admin, user_id, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    users_page = admin.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{user_id}/reset-link' in users_page
    response = post_form(admin, f"/admin/users/{user_id}/reset-link", {})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    link = re.search(r'value="(http://localhost/reset-password/[^"]+)"', response.get_data(True))
    assert link, response.get_data(as_text=True)
    assert link.group(1) not in admin.get("/admin/users").get_data(as_text=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "practice.audit"]
    assert any("event=reset_link_issued" in line and f"target={user_id}" in line for line in lines)
    learner = app.test_client()
    assert set_password(learner, urlsplit(link.group(1)).path).status_code == 302
    assert password_works(app, NEW_PASSWORD)


@pytest.mark.parametrize("role", ["learner", "mentor", "trainer", "anonymous"])
def test_only_admins_make_reset_links(app, user_id, role):
    client = app.test_client()
    if role != "anonymous":
        create_user(app, f"{role}@example.com", role=role, name=role.title())
        log_in(client, f"{role}@example.com")
    before = database_snapshot(app)
    response = post_form(client, f"/admin/users/{user_id}/reset-link", {})
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert "reset-password/" not in response.get_data(as_text=True)
    assert database_snapshot(app) == before


def test_production_refuses_to_email_links_without_public_url(database_url):
    from practice import create_app
    from practice.config import ProductionConfig

    settings = {
        "SECRET_KEY": "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SINGLE_PROCESS": True,
        "MAIL_SERVER": "smtp.example.org",
        "PUBLIC_URL": "",
    }
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(type("Prod", (ProductionConfig,), settings))
    create_app(type("Prod", (ProductionConfig,), {**settings, "PUBLIC_URL": "https://p.org"}))
