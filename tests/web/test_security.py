"""The security baseline: CSRF everywhere, no state change on GET, sessions, redirects,
throttling, headers and error pages."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from practice.extensions import db
from practice.models import User
from tests.helpers.accounts import STRONG_PASSWORD, create_user, csrf_token, log_in, post_form
from tests.helpers.db import database_snapshot

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# RFC 8058's one-click unsubscribe: mail clients POST with no session, so no CSRF token can
# exist; its signed token is the authentication (tests/web/test_reminders_unsubscribe.py).
CSRF_EXEMPT = {"reminders.unsubscribe"}


def concrete_urls(app, methods: set[str]):
    """Every route answering one of `methods`, with its arguments filled in."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not (rule.methods & methods):
            continue
        values = {arg: 1 if f"<int:{arg}>" in rule.rule else "x" for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            yield rule, url_for(rule.endpoint, **values)


@pytest.fixture
def admin_client(app, client):
    create_user(app, "root@example.com", role="admin", name="Root")
    log_in(client, "root@example.com")
    return client


def test_every_state_changing_route_rejects_a_missing_csrf_token(app, admin_client):
    urls = list(concrete_urls(app, STATE_CHANGING))
    assert len(urls) >= 6
    before = database_snapshot(app)
    for rule, url in urls:
        for method in sorted(rule.methods & STATE_CHANGING):
            response = admin_client.open(url, method=method, data={"email": "x@example.com"})
            if rule.endpoint in CSRF_EXEMPT:  # without a valid signed token: nothing found
                assert response.status_code == 404, (method, url, response.status_code)
                continue
            assert response.status_code == 400, (method, url, response.status_code)
            assert "Reload the page" in response.get_data(as_text=True)
    assert database_snapshot(app) == before


def test_no_get_route_changes_the_database(app, admin_client, small_bank, runner):
    runner.invoke(args=["bank", "load", str(small_bank)])
    urls = list(concrete_urls(app, {"GET"}))
    assert len(urls) >= 8
    before = database_snapshot(app)
    for _, url in urls:
        response = admin_client.get(url)
        assert response.status_code < 500, url
    assert database_snapshot(app) == before
    assert admin_client.get("/account").status_code == 200  # still signed in, nothing deleted


def test_csrf_token_outlives_the_default_hour(app, client, user_id, monkeypatch):
    log_in(client)
    token = csrf_token(client, "/account")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 6 * 3600)
    response = client.post(
        "/account/email",
        data={
            "csrf_token": token,
            "email-email": "ada2@example.com",
            "email-password": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302


def test_htmx_posts_send_the_token_from_the_body_header(app, client, user_id):
    log_in(client)
    token = csrf_token(client)
    response = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": token}, data={})
    assert response.status_code == 302


def set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_session_and_remember_cookies_are_httponly_and_lax(client, user_id):
    cookies = set_cookies(log_in(client, remember=True))
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name]
        assert "Secure" not in cookies[name]  # development over plain http


def test_cookies_are_secure_in_production(app, database_url):
    from practice import create_app
    from practice.config import ProductionConfig

    config = type(
        "Prod",
        (ProductionConfig,),
        {
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SESSION_COOKIE_SECURE": True,
            "REMEMBER_COOKIE_SECURE": True,
            "SINGLE_PROCESS": True,
        },
    )
    app = create_app(config)
    create_user(app)
    client = app.test_client()
    cookies = set_cookies(log_in(client, remember=True))
    assert all("Secure" in cookies[name] for name in ("session", "remember_token"))
    with app.app_context():
        db.engine.dispose()


def test_login_starts_a_fresh_session(client, user_id):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "before login"
    old_token = csrf_token(client)
    log_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        token = session["_user_id"]  # a sign-in's token (test_sign_ins), not the user id
    assert csrf_token(client) != old_token
    from practice.accounts.session import load_user

    with client.application.app_context():
        assert load_user(token).id == user_id


def test_password_change_ends_every_other_session(app, user_id):
    first, second, remembered = app.test_client(), app.test_client(), app.test_client()
    log_in(first)
    log_in(second)
    log_in(remembered, remember=True)
    with remembered.session_transaction() as session:
        session.clear()  # only the remember cookie is left
    assert remembered.get("/account").status_code == 200
    response = post_form(
        first,
        "/account/password",
        {
            "password-current_password": STRONG_PASSWORD,
            "password-new_password": "teal harbour mosaic 9 quietly",
        },
    )
    assert response.status_code == 302
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302
    with remembered.session_transaction() as session:
        session.clear()
    assert remembered.get("/account").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "\t//evil.example",
    ],
)
def test_open_redirects_after_login_are_refused(client, user_id, target):
    response = post_form(
        client, "/login", {"email": "ada@example.com", "password": STRONG_PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_local_next_is_followed(client, user_id):
    assert client.get("/account").headers["Location"].startswith("/login?next=/account")
    response = post_form(
        client,
        "/login",
        {"email": "ada@example.com", "password": STRONG_PASSWORD, "next": "/account"},
    )
    assert response.headers["Location"] == "/account"


def test_ten_failed_logins_for_one_account_then_429(app, user_id):
    for n in range(10):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        assert log_in(client, password="wrong password here").status_code == 400
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    response = log_in(client)  # even the right password, from a new address
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    other = create_user(app, "bob@example.com", name="Bob")
    assert other and log_in(client, "bob@example.com").status_code == 302


def test_ten_failed_logins_from_one_address_then_429(app, client, user_id):
    for n in range(10):
        log_in(client, f"user{n}@example.com", "wrong password here")
    assert log_in(client).status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(app, user_id):
    client = app.test_client()
    for _ in range(12):
        assert log_in(client).status_code == 302


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_scripts_or_handlers_in_pages(client, app, user_id):
    import re

    log_in(client)
    for path in (
        "/",
        "/account",
        "/account/delete",
        "/login",
        "/register",
        "/library",
        "/library/tracks",
        "/library/errors",
        "/paths",
    ):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"\son[a-z]+=", page), path
        assert "hx-on" not in page, path


def test_request_body_limit(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    response = client.post("/login", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_error_pages_look_like_the_app_and_htmx_gets_a_fragment(app, client):
    page = client.get("/no/such/page")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert "<h1>Not found</h1>" in body and 'class="site-header"' in body
    fragment = client.get("/no/such/page", headers={"HX-Request": "true"})
    assert fragment.status_code == 404
    assert fragment.headers["HX-Retarget"] == "#messages"
    assert 'class="error-box"' in fragment.get_data(as_text=True)
    assert "site-header" not in fragment.get_data(as_text=True)
    assert client.put("/login").status_code == 405


def test_unexpected_error_is_a_500_page_not_a_traceback(database_url):
    from tests.helpers.app import make_app

    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "kaboom" not in body and "Traceback" not in body
    with app.app_context():
        db.engine.dispose()


def test_admin_lists_searches_and_pages_users(app, admin_client):
    for n in range(30):
        create_user(app, f"learner{n:02d}@example.com", name=f"Learner {n:02d}")
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "31 users" in page and "Page 1 of 2" in page
    found = admin_client.get("/admin/users?q=learner07").get_data(as_text=True)
    assert "1 user matching" in found and "learner07@example.com" in found
    fragment = admin_client.get("/admin/users?q=learner", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="users-table">') and "<html" not in text


def test_admin_changes_a_role_and_deactivates_with_audit(app, admin_client, caplog):
    target = create_user(app, "bob@example.com", name="Bob")
    bob = app.test_client()
    log_in(bob, "bob@example.com")
    caplog.set_level("INFO", logger="practice.audit")
    post_form(admin_client, f"/admin/users/{target}/role", {"role": "mentor"})
    post_form(admin_client, f"/admin/users/{target}/active", {"active": "0", "confirm": "yes"})
    with app.app_context():
        user = db.session.get(User, target)
        assert user.role == "mentor" and user.active is False
    assert bob.get("/account").status_code == 302  # his session ended
    lines = [r.getMessage() for r in caplog.records if r.name == "practice.audit"]
    assert any("event=role_changed" in line and "old=learner new=mentor" in line for line in lines)
    assert any("event=deactivated" in line and f"target={target}" in line for line in lines)
    assert all("+00:00" in line and "address=127.0.0.1" in line for line in lines)


def test_admin_cannot_demote_or_deactivate_themselves(app, admin_client):
    with app.app_context():
        me = db.session.scalar(sa.select(User).where(User.email == "root@example.com"))
    page = post_form(
        admin_client, f"/admin/users/{me.id}/role", {"role": "learner"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "You cannot remove your own admin role." in page
    with app.app_context():
        assert db.session.get(User, me.id).role == "admin"


def test_non_admins_get_403_and_anonymous_users_must_log_in(app, client, user_id, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    assert client.get("/admin/users").status_code == 302
    log_in(client)
    assert client.get("/admin/users").status_code == 403
    assert post_form(client, f"/admin/users/{user_id}/role", {"role": "admin"}).status_code == 403
    with app.app_context():
        assert db.session.get(User, user_id).role == "learner"
    assert any("event=permission_denied" in r.getMessage() for r in caplog.records)


def test_login_events_are_audited(client, user_id, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    log_in(client, password="wrong one entirely")
    log_in(client)
    lines = [r.getMessage() for r in caplog.records if r.name == "practice.audit"]
    assert any("event=login_failed" in line and "email=ada@example.com" in line for line in lines)
    assert any(f"event=login_ok user={user_id}" in line for line in lines)
