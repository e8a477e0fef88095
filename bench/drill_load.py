"""Load-test the drill against gunicorn and time queue building and parameter fitting.

Run from the repo root: `python bench/drill_load.py [--seconds 8] [--connections 32]`.
Seeds a temporary SQLite database (200 users x 2,000 card states, a year of review history
for some), starts gunicorn with sync workers on 127.0.0.1, and drives 32 connections:

- bare GET: the same card page rendered from one primary-key lookup, no scheduling (baseline)
- drill GET: /drill, which builds the user's queue and counts
- bare POST: one insert and one update (baseline)
- rating POST: /drill/rate with a valid form per request (scheduling, log row, card update)
- review loop: show card, reveal, rate, as the HTMX screen does it

Then, in process: one user's queue at 1k, 10k and 100k card states (for a learner who keeps
up, with 90 reviews due at every size, and for one with 9% of the cards due), and fitting
10,000 reviews read from the database. Everything is removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.seed_drill import (  # noqa: E402
    PASSWORD,
    give_cards,
    give_history,
    make_items,
    make_users,
    now_utc,
)

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def form_fields(page: str, action: str) -> dict[str, str]:
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(HIDDEN.findall(form))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(database_url: str) -> dict:
    """Migrate, load the bundled bank plus synthetic items, and seed users."""
    from flask_migrate import upgrade

    from practice import create_app
    from practice.extensions import db
    from tests.helpers.bank_factory import write_synthetic_bank

    logging.disable(logging.WARNING)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    workdir = Path(tempfile.mkdtemp(prefix="practice-bank-"))
    try:
        with app.app_context():
            upgrade()
            runner = app.test_cli_runner()
            assert runner.invoke(args=["bank", "load", str(ROOT / "content")]).exit_code == 0
            synthetic = write_synthetic_bank(workdir / "synthetic", 2000)
            result = runner.invoke(args=["bank", "load", str(synthetic), "--source", "synth"])
            assert result.exit_code == 0, result.output
            from sqlalchemy import select

            from practice.models import Item

            item_ids = list(db.session.scalars(select(Item.id)))
            external_ids = list(db.session.scalars(select(Item.external_id)))
            now = now_utc()
            users = make_users("learner", 200)
            give_cards(users, item_ids, 2000, now)
            give_history(users[:20], item_ids, 5000, now)
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"items": item_ids, "external_ids": external_ids, "users": users}


def in_process_timings(database_url: str) -> dict[str, float]:
    """Queue building at 1k/10k/100k card states and fitting 10k reviews from the database."""
    from practice import create_app
    from practice.domain.fitting import PastReview, fit_parameters
    from practice.domain.scope import Scope
    from practice.drill.fsrs import user_history
    from practice.drill.queue import build_view
    from practice.extensions import db
    from practice.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    figures: dict[str, float] = {}
    with app.app_context():
        items = make_items(100_000)
        now = now_utc()
        sizes = (1_000, 10_000, 100_000)
        # Two learners at each size: one who keeps up (the same 90 reviews due at every size;
        # this is the scaling target) and one with 9% of the cards due (a backlog that grows
        # with the collection; counting and ranking it exactly is linear in the backlog).
        for label, due_reviews in (("", 90), ("_backlog", None)):
            users = {}
            for size in sizes:
                (user_id,) = make_users(f"scale{label}{size}-", 1)
                give_cards([user_id], items, size, now, False, due_reviews)
                users[size] = db.session.get(User, user_id)
                build_view(users[size], Scope(), now)  # warm
            runs: dict[int, list[float]] = {size: [] for size in sizes}
            for _ in range(9):  # interleaved rounds, so drift hits every size alike
                for size in sizes:
                    start = time.perf_counter()
                    build_view(users[size], Scope(), now)
                    runs[size].append(time.perf_counter() - start)
            for size in sizes:
                figures[f"queue{label}_{size // 1000}k_ms"] = statistics.median(runs[size]) * 1000
            figures |= order_timings(users[sizes[-1]], now, label)
        (fit_id,) = make_users("fitter", 1)
        give_history([fit_id], items[:2000], 10_000, now)
        user = db.session.get(User, fit_id)
        start = time.perf_counter()
        history = user_history(user)
        reviews = [
            PastReview(i, when, r) for i, entries in history.items() for r, when, _ in entries
        ]
        fit_parameters(reviews, None, user.time_zone, user.day_start_hour)
        figures["fit_10k_ms"] = (time.perf_counter() - start) * 1000
        figures["fit_reviews"] = len(reviews)
        db.engine.dispose()
    return figures


def order_timings(user, now, label: str) -> dict[str, float]:
    """The 100k queue under each other review order (the default, retrievability, is timed
    above), the user's order put back afterwards."""
    from practice.domain.scope import Scope
    from practice.domain.study_options import ReviewOrder
    from practice.drill.queue import build_view

    figures, kept = {}, user.review_order
    for order in (ReviewOrder.DUE, ReviewOrder.RANDOM, ReviewOrder.OVERDUENESS):
        user.review_order = order.value
        build_view(user, Scope(), now)  # warm
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_view(user, Scope(), now)
            runs.append(time.perf_counter() - start)
        figures[f"queue{label}_100k_{order.value}_ms"] = statistics.median(runs) * 1000
    user.review_order = kept
    return figures


class Server:
    """gunicorn with sync workers on a free loopback port."""

    def __init__(self, database_url: str, workers: int, log: Path) -> None:
        self.port = free_port()
        self.log = log.open("w")
        env = os.environ | {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-" + "x" * 32,
            "PRACTICE_BENCH_ROUTES": "1",
            "FSRS_FUZZ": "1",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=self.log, stderr=self.log
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120  # four workers importing the app on a busy 2-core box
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


class Learner:
    """One signed-in browser: its own cookies and CSRF token."""

    def __init__(self, base: str, email: str) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.http = httpx.AsyncClient(base_url=base, limits=limits, timeout=60)
        self.email = email
        self.token = ""
        self.forms: list[dict[str, str]] = []

    async def log_in(self) -> None:
        page = (await self.http.get("/login")).text
        self.token = TOKEN.search(page).group(1)
        response = await self.http.post(
            "/login", data={"csrf_token": self.token, "email": self.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        self.token = TOKEN.search((await self.http.get("/drill")).text).group(1)


async def phase(learners, request, seconds: float) -> dict[str, float]:
    """Every learner sends `request(learner)` back to back until time is up."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def loop(learner) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                ok = await request(learner)
            except (httpx.HTTPError, IndexError):
                ok = False
            if ok is None:
                return
            if ok:
                latencies.append(time.perf_counter() - start)
            else:
                errors += 1

    begin = time.perf_counter()
    await asyncio.gather(*(loop(learner) for learner in learners))
    elapsed = time.perf_counter() - begin
    latencies.sort()
    count = len(latencies)
    return {
        "rps": count / elapsed,
        "p50_ms": latencies[count // 2] * 1000 if count else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        "count": count,
        "errors": errors,
    }


async def drive(base: str, emails: list[str], seeded: dict, seconds: float) -> dict:
    item_ids = seeded["items"]
    learners = [Learner(base, email) for email in emails]
    await asyncio.gather(*(learner.log_in() for learner in learners))
    rng = random.Random(3)
    results = {}

    async def bare_get(learner):
        response = await learner.http.get(f"/bench/card/{rng.choice(item_ids)}")
        return response.status_code == 200

    async def drill_get(learner):
        return (await learner.http.get("/drill")).status_code == 200

    async def bare_post(learner):
        response = await learner.http.post(
            f"/bench/write/{rng.choice(item_ids)}", data={"csrf_token": learner.token}
        )
        return response.status_code == 302

    async def rate_post(learner):
        if not learner.forms:
            return None
        response = await learner.http.post("/drill/rate", data=learner.forms.pop())
        return response.status_code == 302 and "item=" not in response.headers["location"]

    async def review_loop(learner):
        page = (await learner.http.get("/drill")).text
        if 'action="/drill/reveal"' not in page:
            return None
        headers = {"HX-Request": "true"}
        shown = (
            await learner.http.post(
                "/drill/reveal", data=form_fields(page, "/drill/reveal"), headers=headers
            )
        ).text
        rated = await learner.http.post(
            "/drill/rate", headers=headers, data=form_fields(shown, "/drill/rate") | {"rating": "3"}
        )
        return rated.status_code == 200

    results["bare_get"] = await phase(learners, bare_get, seconds)
    results["drill_get"] = await phase(learners, drill_get, seconds)
    results["bare_post"] = await phase(learners, bare_post, seconds)
    needed = int(results["bare_post"]["rps"] * seconds * 1.5)
    await prepare_ratings(learners, seeded["external_ids"], needed)
    results["rate_post"] = await phase(learners, rate_post, seconds)
    loop = await phase(learners, review_loop, seconds)
    loop["rps"] *= 3  # three requests per loop
    results["review_loop"] = loop
    await asyncio.gather(*(learner.http.aclose() for learner in learners))
    return results


async def prepare_ratings(learners, external_ids: list[str], needed: int) -> None:
    """Valid rating forms (one per card, each learner its own cards), fetched beforehand."""
    per_learner = min(needed // len(learners) + 2, len(external_ids))

    async def fetch(learner):
        own = iter(list(pages_for(learner)))
        while len(learner.forms) < per_learner:
            page = (await learner.http.get(next(own))).text
            if 'action="/drill/rate"' in page:
                learner.forms.append(form_fields(page, "/drill/rate") | {"rating": "3"})

    def pages_for(learner):
        return (f"/drill?item={external_id}&stage=1" for external_id in external_ids)

    await asyncio.gather(*(fetch(learner) for learner in learners))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="practice-drill-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    server = None
    try:
        started = time.perf_counter()
        seeded = seed(database_url)
        print(f"seeded 200 users x 2,000 card states in {time.perf_counter() - started:.1f} s")
        server = Server(database_url, options.workers, workdir / "gunicorn.log")
        emails = [f"learner{n}@bench.local" for n in range(options.connections)]
        results = asyncio.run(drive(server.url, emails, seeded, options.seconds))
        server.stop()
        server = None
        timings = in_process_timings(database_url)
    finally:
        if server:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, timings, options)


def report(results: dict, timings: dict, options) -> None:
    print(
        f"{options.connections} connections, {options.workers} sync workers, "
        f"{options.seconds:.0f} s per phase"
    )
    for name, figures in results.items():
        print(
            f"  {name:<12} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
            f"p99 {figures['p99_ms']:7.1f} ms  ({figures['count']} ok, "
            f"{figures['errors']} errors)"
        )
    drill_ratio = results["drill_get"]["rps"] / results["bare_get"]["rps"]
    post_ratio = results["rate_post"]["rps"] / results["bare_post"]["rps"]
    p99_ratio = results["drill_get"]["p99_ms"] / results["bare_get"]["p99_ms"]
    queue_ratio = timings["queue_100k_ms"] / timings["queue_1k_ms"]
    for label, what in (("", "90 reviews due"), ("_backlog", "9% of cards due")):
        print(
            f"  queue build, {what}: 1k {timings[f'queue{label}_1k_ms']:.1f} ms, "
            f"10k {timings[f'queue{label}_10k_ms']:.1f} ms, "
            f"100k {timings[f'queue{label}_100k_ms']:.1f} ms"
        )
    for label, what in (("", "90 reviews due"), ("_backlog", "9% of cards due")):
        orders = ", ".join(
            f"{order} {timings[f'queue{label}_100k_{order}_ms']:.1f} ms"
            for order in ("due", "random", "overdueness")
        )
        print(f"  queue build at 100k, {what}, other review orders: {orders}")
    print(
        f"  fitting {timings['fit_reviews']:.0f} reviews from the database: "
        f"{timings['fit_10k_ms']:.0f} ms"
    )
    print(
        "targets: drill_ratio >= 0.7, post_ratio >= 0.8, p99_ratio <= 2, "
        "queue_100k_over_1k <= 1.5, fit_10k_ms <= 200"
    )
    print(
        f"RESULT drill_ratio={drill_ratio:.2f} post_ratio={post_ratio:.2f} "
        f"p99_ratio={p99_ratio:.2f} queue_100k_over_1k={queue_ratio:.2f} "
        f"fit_10k_ms={timings['fit_10k_ms']:.0f} "
        f"drill_rps={results['drill_get']['rps']:.1f} bare_rps={results['bare_get']['rps']:.1f} "
        f"rate_rps={results['rate_post']['rps']:.1f} "
        f"bare_post_rps={results['bare_post']['rps']:.1f} "
        f"drill_p99_ms={results['drill_get']['p99_ms']:.1f} "
        f"bare_p99_ms={results['bare_get']['p99_ms']:.1f} "
        f"queue_1k_ms={timings['queue_1k_ms']:.1f} queue_100k_ms={timings['queue_100k_ms']:.1f} "
        f"backlog_queue_1k_ms={timings['queue_backlog_1k_ms']:.1f} "
        f"backlog_queue_100k_ms={timings['queue_backlog_100k_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
