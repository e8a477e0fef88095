"""Two `flask reminders send` processes at once (two hosts' timers firing together) against
one database and the real local SMTP server: every learner gets exactly one digest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from practice.types import utcnow
from tests.helpers.accounts import create_user
from tests.helpers.reminders import claims, opt_in

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = 12


def command_env(database_url: str, smtp_server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "PRACTICE_"))}
    return env | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "two-processes-test",
        "PUBLIC_URL": "http://practice.test",
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": str(smtp_server.port),
        "MAIL_USE_TLS": "0",
        "MAIL_USE_SSL": "0",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.mark.smtp
def test_two_processes_at_once_send_each_digest_once(app, runner, bank, database_url, smtp_server):
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    hour = utcnow().hour  # due now, and for three hours: the processes start well inside that
    emails = [f"learner{n}@example.com" for n in range(LEARNERS)]
    for email in emails:
        create_user(app, email)
        opt_in(app, email, hour=hour)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "reminders", "send"]
    env = command_env(database_url, smtp_server)
    processes = [
        subprocess.Popen(flask, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
    sent = [int(re.search(rb"(\d+) digests? sent", out).group(1)) for out, _ in outputs]
    assert sum(sent) == LEARNERS, outputs
    for email in emails:
        assert len(smtp_server.inbox.to(email)) == 1, email
    assert len(claims(app)) == LEARNERS
    assert {outcome for _, _, outcome in claims(app)} == {"sent"}
