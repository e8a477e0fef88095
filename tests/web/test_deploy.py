"""The container's commands are the ones an operator runs without it: deploy/entrypoint.sh
migrates and loads a bank, then serves with gunicorn and deploy/gunicorn.conf.py, with metrics
summed across workers."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.helpers.app import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="runs on its own SQLite file")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database(database_template, tmp_path) -> str:
    """A copy of the suite's migrated database: the job's own `db upgrade` then has nothing to
    do (tests/web/test_migrations.py runs every migration)."""
    copy = tmp_path / "practice.sqlite3"
    shutil.copyfile(database_template, copy)
    return f"sqlite:///{copy}"


def environment(database: str, bank: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK": str(BIN / "flask"),
        "GUNICORN": str(BIN / "gunicorn"),
        "DATABASE_URL": database,
        "PRACTICE_BANK_DIR": str(bank),
        "PRACTICE_ENV": "production",
        "SECRET_KEY": "test-secret-key-for-the-deploy-test",
        "PRACTICE_SINGLE_PROCESS": "1",
        **more,
    }


def get(url: str, token: str | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_migrate_loads_the_bank_and_can_run_again(database, small_bank):
    env = environment(database, small_bank)
    for _ in range(2):  # every deploy runs it: the second run changes nothing
        done = subprocess.run(
            [str(ENTRYPOINT), "migrate"], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    assert "total: 0 added, 0 updated, 7 unchanged" in done.stdout


def test_an_unknown_job_is_refused_with_the_usage(database, small_bank):
    env = environment(database, small_bank)
    done = subprocess.run([str(ENTRYPOINT), "serve"], env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "usage:" in done.stderr


def test_web_serves_behind_gunicorn_with_metrics_from_every_worker(database, small_bank, tmp_path):
    port = free_port()
    env = environment(
        database,
        small_bank,
        BIND=f"127.0.0.1:{port}",
        WORKERS="2",
        METRICS_TOKEN="deploy-token",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
    )
    server = subprocess.Popen(
        [str(ENTRYPOINT), "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # a loaded 2-core machine boots slowly
        status = None
        while time.monotonic() < deadline and status != 200:
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            try:
                status, body = get(f"{base}/healthz")
            except OSError:
                time.sleep(0.3)
        assert status == 200 and json.loads(body)["items"] == 6
        for _ in range(6):
            assert get(f"{base}/library")[0] == 200
        status, text = get(f"{base}/metrics", "deploy-token")
        assert status == 200
        counted = [
            line
            for line in text.splitlines()
            if line.startswith("practice_requests_total") and 'route="/library"' in line
        ]
        assert counted and sum(float(line.rsplit(" ", 1)[1]) for line in counted) == 6
        assert get(f"{base}/metrics")[0] == 401
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_compose_runs_only_the_entrypoints_jobs():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    jobs = {"migrate", "web", "reminders", "backup"}
    for name, service in compose["services"].items():
        if "build" in service:
            assert set(service["command"]) <= jobs, name
    assert 'ENTRYPOINT ["deploy/entrypoint.sh"]' in (ROOT / "Dockerfile").read_text()
