"""Each device has its own sign-in, checked on every request: logout ends it (a copied session
or remember cookie is worthless afterwards), other devices can be listed and signed out, and a
password change or deactivation ends them all."""

from __future__ import annotations

import re

from sqlalchemy import select

from practice.extensions import db
from practice.models import SignIn, User
from tests.helpers.accounts import STRONG_PASSWORD, create_user, csrf_token, log_in, post_form


def signed_in(client) -> bool:
    return "Log out" in client.get("/").get_data(as_text=True)


def cookies_of(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def copy_cookies(source, target) -> None:
    for name, value in cookies_of(source).items():
        target.set_cookie(name, value)


def test_logout_signs_out_a_keep_me_signed_in_user(app, client, user_id):
    log_in(client, remember=True)
    assert "remember_token" in cookies_of(client)
    response = post_form(client, "/logout", {})
    assert "remember_token=;" in " ".join(response.headers.getlist("Set-Cookie"))
    assert not signed_in(client)


def test_cookies_captured_before_logout_are_dead_after_it(app, client, user_id):
    log_in(client, remember=True)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert signed_in(thief)
    post_form(client, "/logout", {})
    assert not signed_in(thief)
    only_remember = app.test_client()
    only_remember.set_cookie("remember_token", cookies_of(thief).get("remember_token", ""))
    assert not signed_in(only_remember)


def test_the_account_page_lists_devices_and_signs_out_the_others(app, user_id):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop)
    phone.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (iPhone) Safari/604.1"
    log_in(phone)
    page = laptop.get("/account").get_data(as_text=True)
    assert page.count('data-sign-in="') == 2 and "(this device)" in page
    assert "Safari on iOS" in page
    post_form(laptop, "/account/sign-ins/others/end", {})
    assert signed_in(laptop) and not signed_in(phone)
    assert laptop.get("/account").get_data(as_text=True).count('data-sign-in="') == 1


def test_one_device_can_be_signed_out_by_its_id(app, user_id):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop)
    log_in(phone)
    with app.app_context():
        phone_id = db.session.scalar(select(SignIn.id).order_by(SignIn.id.desc()))
    assert post_form(laptop, f"/account/sign-ins/{phone_id}/end", {}).status_code == 302
    assert signed_in(laptop) and not signed_in(phone)


def test_nobody_can_end_another_users_sign_in(app, user_id):
    create_user(app, "grace@example.com", name="Grace")
    ada, grace = app.test_client(), app.test_client()
    log_in(ada)
    log_in(grace, "grace@example.com")
    with app.app_context():
        ada_sign_in = db.session.scalar(
            select(SignIn.id).join(User).where(User.email == "ada@example.com")
        )
    response = post_form(grace, f"/account/sign-ins/{ada_sign_in}/end", {})
    assert response.status_code == 404
    assert signed_in(ada)


def test_a_password_change_ends_every_other_sign_in(app, user_id):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop)
    log_in(phone)
    post_form(
        laptop,
        "/account/password",
        {
            "password-current_password": STRONG_PASSWORD,
            "password-new_password": "teal harbour lamps glow 77",
        },
    )
    assert signed_in(laptop) and not signed_in(phone)


def test_deactivation_ends_every_sign_in(app, user_id):
    create_user(app, "root@example.com", role="admin", name="Root")
    learner, admin = app.test_client(), app.test_client()
    log_in(learner)
    log_in(admin, "root@example.com")
    token = csrf_token(admin, "/admin/users")
    admin.post(
        f"/admin/users/{user_id}/active",
        data={"csrf_token": token, "active": "0", "confirm": "yes"},
    )
    assert not signed_in(learner)
    with app.app_context():
        open_rows = db.session.scalars(
            select(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None))
        ).all()
        assert open_rows == []


def test_the_session_holds_a_random_token_not_the_user_id(app, client, user_id):
    log_in(client)
    with client.session_transaction() as session:
        token = session["_user_id"]
    assert not re.fullmatch(r"\d+(:\d+)?", token) and len(token) >= 40
    with app.app_context():
        stored = db.session.scalar(select(SignIn.token_hash))
    assert token not in stored  # only a hash is kept
