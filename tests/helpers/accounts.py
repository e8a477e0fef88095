"""Signing up and in over HTTP, as a browser does it (CSRF token from the page)."""

from __future__ import annotations

import re

STRONG_PASSWORD = "violet anchor drifts slowly 42"


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a page hands the browser (from the body's hx-headers)."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kwargs)


def create_user(app, email="ada@example.com", password=STRONG_PASSWORD, role="learner", name="Ada"):
    from practice.accounts import queries as accounts

    with app.app_context():
        return accounts.register(email, name, password, role).id


def log_in(client, email="ada@example.com", password=STRONG_PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/login", data)


class Auth:
    """Action fixture in the flaskr style: `auth.login()`, `auth.logout()`."""

    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str = "ada@example.com", password: str = STRONG_PASSWORD):
        return log_in(self._client, email, password)

    def logout(self):
        return post_form(self._client, "/logout", {})
