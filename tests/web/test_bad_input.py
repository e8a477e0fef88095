"""Bad input is a clear 4xx and changes nothing, never a 500: control characters (NUL, ESC)
in any path segment, query or form field, and ids beyond the columns' range, swept over the
whole URL map as the CSRF crawler does, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from practice.inputs import MAX_ID
from tests.helpers.accounts import create_user, csrf_token, log_in, post_form
from tests.helpers.db import database_snapshot

HUGE_IDS = ("99999999999999999999", str(2**63), str(MAX_ID + 1))
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def admin_client(app, client, small_bank, runner):
    runner.invoke(args=["bank", "load", str(small_bank)])
    create_user(app, "root@example.com", role="admin", name="Root")
    log_in(client, "root@example.com")
    return client


def rules_with(app, methods: set[str], kind: str):
    """Rules answering `methods` that take an argument of `kind` ("int" or "string")."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not (rule.methods & methods) or not rule.arguments:
            continue
        ints = {arg for arg in rule.arguments if f"<int:{arg}>" in rule.rule}
        if (kind == "int" and ints) or (kind == "string" and set(rule.arguments) - ints):
            yield rule, ints


def url_with(app, rule, ints: set[str], replace: str, kind: str) -> str:
    """The rule's URL with every `kind` argument set to `replace` (others to 1 or "x")."""
    values = {arg: 1 if arg in ints else "x" for arg in rule.arguments}
    with app.test_request_context():
        url = url_for(rule.endpoint, **values)
    for arg in rule.arguments:
        if (kind == "int") == (arg in ints):
            placeholder = "/1" if arg in ints else "/x"
            # a segment ends at "/", at the end, or at a suffix (/calendar/<token>.ics)
            url = re.sub(re.escape(placeholder) + r"(?=[/.]|$)", "/" + replace, url, count=1)
    return url


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_any_column_are_not_found_on_every_route(app, admin_client, huge):
    rules = list(rules_with(app, {"GET"} | STATE_CHANGING, "int"))
    assert len(rules) >= 15
    before = database_snapshot(app)
    token = csrf_token(admin_client)
    for rule, ints in rules:
        url = url_with(app, rule, ints, huge, "int")
        for method in sorted(rule.methods & ({"GET"} | STATE_CHANGING)):
            response = admin_client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, url, response.status_code)
    assert database_snapshot(app) == before


@pytest.mark.parametrize("bad", ["%00", "a%1Bb", "%0A"])
def test_control_characters_in_a_path_segment_are_refused_on_every_route(app, admin_client, bad):
    rules = list(rules_with(app, {"GET"} | STATE_CHANGING, "string"))
    assert len(rules) >= 5
    before = database_snapshot(app)
    form = {"csrf_token": csrf_token(admin_client)}
    for rule, ints in rules:
        url = url_with(app, rule, ints, bad, "string")
        if "GET" in rule.methods:
            response = admin_client.get(url)
        else:
            response = admin_client.post(url, data=form)
        assert response.status_code == 400, (url, response.status_code)
        assert "control character" in response.get_data(as_text=True), url
    assert database_snapshot(app) == before


def test_control_characters_in_any_form_field_are_refused_on_every_post(app, admin_client):
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    token = csrf_token(admin_client)
    before = database_snapshot(app)
    for rule in rules:
        values = {arg: 1 if f"<int:{arg}>" in rule.rule else "x" for arg in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        for text in ("a\x00b", "\x1b[31mred"):
            data = {"csrf_token": token, "email": text, "title": text, "body": text}
            response = admin_client.post(url, data=data)
            assert response.status_code == 400, (url, response.status_code)
    assert database_snapshot(app) == before


def test_a_nul_in_a_login_email_is_a_clear_400(client, user_id):
    response = post_form(client, "/login", {"email": "ada\x00@example.com", "password": "x"})
    assert response.status_code == 400
    assert "contains a control character" in response.get_data(as_text=True)


def test_an_escape_sequence_in_a_display_name_is_refused(app, client):
    before = database_snapshot(app)
    response = post_form(
        client,
        "/register",
        {"email": "eve@example.com", "display_name": "\x1b[2JEve", "password": "x" * 20},
    )
    assert response.status_code == 400
    assert database_snapshot(app) == before


def test_newlines_and_tabs_stay_allowed_in_long_text(app, admin_client):
    response = post_form(
        admin_client,
        "/sets/new",
        {"title": "Week one", "description": "Line one\r\n\tindented", "source": "list"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "query", ["page=99999999999999999999", "page=-3", "page=abc", "stage=99999999999999999999"]
)
def test_huge_or_odd_numbers_in_queries_do_not_break_pages(admin_client, query):
    for path in ("/admin/users", "/drill"):
        assert admin_client.get(f"{path}?{query}").status_code == 200, (path, query)


def test_a_huge_topic_sort_on_the_cohort_dashboard_is_a_400(app, client):
    create_user(app, "trainer@example.com", role="trainer", name="Tara")
    log_in(client, "trainer@example.com")
    created = post_form(client, "/cohorts/new", {"name": "Spring"})
    cohort = created.headers["Location"].rsplit("/", 1)[1]
    response = client.get(f"/cohorts/{cohort}?sort=topic-99999999999999999999")
    assert response.status_code == 400
    assert "Sort by one of" in response.get_data(as_text=True)


@pytest.mark.parametrize("due", ["9999-12-31", "3000-01-01"])
def test_far_future_due_dates_are_refused_next_to_the_field(app, runner, tmp_path, due):
    from practice.models import Assignment
    from tests.helpers.groups import client_for, load_bank, make_people, post

    load_bank(runner, tmp_path)
    make_people(app)
    trainer = client_for(app, "trainer")
    created = post(trainer, "/cohorts/new", {"name": "Spring"})
    cohort = created.headers["Location"].rsplit("/", 1)[1]
    made = post(trainer, "/sets/new", {"title": "Week one", "source": "filter", "levels": "junior"})
    set_id = re.search(r"/sets/(\d+)", made.headers["Location"]).group(1)
    before = database_snapshot(app)
    response = post(
        trainer,
        f"/cohorts/{cohort}/assignments",
        {"question_set": set_id, "due_date": due, "target": 85},
    )
    assert response.status_code == 400
    assert "Choose a due date within two years" in response.get_data(as_text=True)
    assert database_snapshot(app) == before
    with app.app_context():
        from sqlalchemy import select

        from practice.extensions import db

        assert db.session.scalar(select(Assignment.id)) is None
