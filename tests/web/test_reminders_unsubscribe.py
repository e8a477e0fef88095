"""Unsubscribing: every reminder email carries a signed link (and RFC 8058 headers). The link
opens a page with one button and changes nothing on GET; the button, or a mail client's
one-click POST without cookies or CSRF token, switches that one list off. Forged, altered or
stale tokens are refused and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import delete, select

from practice.extensions import db
from practice.models import User
from practice.reminders.tokens import SALT, unsubscribe_token
from tests.helpers.accounts import create_user, log_in
from tests.helpers.db import database_snapshot
from tests.helpers.reminders import opt_in, send, setting, unsubscribe_link

smtp = pytest.mark.smtp
NOW = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)


@pytest.fixture
def emailed(app, runner, bank, user_id, smtp_server):
    """Ada opted in and got today's digest: the message."""
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    opt_in(app, "ada@example.com", hour=6)
    assert send(app, NOW).sent == 1
    [message] = smtp_server.inbox.to("ada@example.com")
    return message


def token_for(app, email: str, list_name: str) -> str:
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return unsubscribe_token(user, list_name)


@smtp
def test_the_email_carries_one_click_unsubscribe_headers_for_its_link(app, emailed):
    path = unsubscribe_link(emailed)
    # a long header is folded onto a continuation line: unfolded, it is the one link
    assert emailed["List-Unsubscribe"].strip() == f"<http://practice.test{path}>"
    assert emailed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@smtp
def test_the_link_opens_a_page_with_one_button_and_changes_nothing(app, emailed):
    path = unsubscribe_link(emailed)
    before = database_snapshot(app)
    page = app.test_client().get(path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Stop sending the daily digest to ada@example.com?" in text
    assert text.count('<button type="submit"') == 1 and f'action="{path}"' in text
    assert database_snapshot(app) == before


@smtp
def test_the_button_unsubscribes_and_no_digest_comes_the_next_day(app, emailed, smtp_server):
    path = unsubscribe_link(emailed)
    client = app.test_client()  # not signed in: the token is enough
    client.get(path)
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "ada@example.com gets no more the daily digest" in done.get_data(as_text=True)
    assert setting(app, "ada@example.com", "digest_enabled") is False
    assert send(app, NOW + timedelta(days=1)).sent == 0
    assert len(smtp_server.inbox.to("ada@example.com")) == 1
    again = client.get(path).get_data(as_text=True)
    assert (
        "there is nothing to unsubscribe from" in again
        and "<button" not in again.split("<main")[-1].split("</main>")[0]
    )


@smtp
def test_a_mail_clients_one_click_post_needs_no_cookie_and_no_csrf_token(app, emailed):
    url = urlsplit(unsubscribe_link(emailed)).path
    response = app.test_client(use_cookies=False).post(
        url,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert setting(app, "ada@example.com", "digest_enabled") is False


@smtp
def test_it_switches_off_only_its_own_list_of_its_own_user(app, emailed):
    create_user(app, "bob@example.com", name="Bob")
    opt_in(app, "bob@example.com", hour=6)
    client = app.test_client()
    client.post(f"/unsubscribe/{token_for(app, 'ada@example.com', 'mentoring')}")
    assert setting(app, "ada@example.com", "mentoring_emails") is False
    assert setting(app, "ada@example.com", "digest_enabled") is True
    assert setting(app, "bob@example.com", "mentoring_emails") is True
    client.post(unsubscribe_link(emailed))
    assert setting(app, "ada@example.com", "digest_enabled") is False
    assert setting(app, "bob@example.com", "digest_enabled") is True


def forged_tokens(app, good: str) -> list[str]:
    with app.app_context():
        ada = db.session.scalar(select(User).where(User.email == "ada@example.com"))
        stamp = round(ada.created_at.timestamp() * 1_000_000)
    other_key = URLSafeSerializer("not-our-secret", salt=SALT)
    ours = URLSafeSerializer(app.config["SECRET_KEY"], salt="some other purpose")
    return [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # signature altered
        other_key.dumps([ada.id, "digest", stamp]),  # signed with another key
        ours.dumps([ada.id, "digest", stamp]),  # our key, another salt
        "not-a-token",
        "x" * 300,
    ]


@smtp
def test_forged_or_altered_tokens_are_refused_and_change_nothing(app, emailed):
    good = unsubscribe_link(emailed).rsplit("/", 1)[1]
    client = app.test_client()
    before = database_snapshot(app)
    for token in forged_tokens(app, good):
        for method in (client.get, client.post):
            response = method(f"/unsubscribe/{token}")
            assert response.status_code == 404, token
            assert "This unsubscribe link is not valid" in response.get_data(as_text=True)
    assert database_snapshot(app) == before


@smtp
def test_a_token_of_a_deleted_account_never_works_for_a_later_one(app, emailed):
    path = unsubscribe_link(emailed)
    with app.app_context():
        db.session.execute(delete(User).where(User.email == "ada@example.com"))
        db.session.commit()
    create_user(app, "ada@example.com")  # may get the same id on SQLite
    opt_in(app, "ada@example.com", hour=6)
    assert app.test_client().post(path).status_code == 404
    assert setting(app, "ada@example.com", "digest_enabled") is True


def test_the_settings_form_still_needs_its_csrf_token(app, client, user_id):
    log_in(client)
    response = client.post("/account/reminders", data={"digest_enabled": "y", "digest_hour": 7})
    assert response.status_code == 400
    assert setting(app, "ada@example.com", "digest_enabled") is None
