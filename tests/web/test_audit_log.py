"""The audit log can't be forged: every value is encoded, so newlines, ESC, NUL, spaces and
`key=` inside a value stay inside that value; and each event is written once."""

from __future__ import annotations

import logging
import re

import pytest

from practice.security import log_value
from tests.helpers.accounts import post_form
from tests.helpers.app import make_app

LINE = re.compile(
    r"^\S+ event=[a-z_]+ user=\S+ address=\S+(?: [a-z_]+=(?:\"(?:[^\"\\]|\\.)*\"|\S+))*$"
)


def audit_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "practice.audit"]


@pytest.mark.parametrize(
    ("value", "logged"),
    [
        ("ada@example.com", "ada@example.com"),
        (42, "42"),
        ("/drill/rate", "/drill/rate"),
        ("a\nevent=login_ok user=1", '"a\\nevent=login_ok user=1"'),
        ("\x1b[31mred\x00", '"\\u001b[31mred\\u0000"'),
        ("two words", '"two words"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("", '""'),
    ],
)
def test_log_values_are_plain_or_quoted(value, logged):
    assert log_value(value) == logged


def test_a_newline_in_a_login_email_cannot_forge_a_line(client, user_id, caplog):
    caplog.set_level("INFO", logger="practice.audit")
    forged = "ada@example.com\n2026-01-01T00:00:00+00:00 event=login_ok user=1 address=x"
    post_form(client, "/login", {"email": forged, "password": "wrong password here"})
    lines = audit_lines(caplog)
    assert lines, "the failed login was audited"
    for line in lines:
        assert "\n" not in line and LINE.match(line), line
    assert not any(" event=login_ok" in line.split('"', 1)[0] for line in lines)


@pytest.mark.parametrize(
    "path", ["/library/X%0Aevent=login_ok%20user=1/add", "/library/X%1B[2J%00/suspend"]
)
def test_control_characters_in_a_refused_paths_are_escaped(client, caplog, path):
    caplog.set_level("INFO", logger="practice.audit")
    client.post(path, data={})
    lines = audit_lines(caplog)
    assert lines, "the refused post was audited"
    for line in lines:
        assert LINE.match(line), line
        assert "\x1b" not in line and "\x00" not in line and "\n" not in line


def test_outside_tests_the_audit_log_writes_each_event_once(database_url):
    make_app(database_url, TESTING=False)
    audit = logging.getLogger("practice.audit")
    assert audit.propagate is False and len(audit.handlers) == 1
    make_app(database_url)  # the next test app reads audit events through pytest again
    assert audit.propagate is True
