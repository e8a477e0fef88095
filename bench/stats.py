"""Time the statistics page and the signed-in home page against a bare page over HTTP.

Run from the repo root: `python bench/stats.py [--seconds 8] [--connections 2]
[--database-url postgresql+psycopg://...]`. Seeds a temporary SQLite database (or the given
empty PostgreSQL database): the bundled bank plus synthetic items, and one learner with 5,000
card states and two years of reviews (~60,000 review rows: learning steps, reviews, lapses and
relearning, each with its answer time and next due date, and a few undone). Starts gunicorn
with sync workers on 127.0.0.1 and drives, in turn:

- bare GET: /bench/page, a signed-in page with the layout and nothing else (baseline)
- stats GET: /stats, every figure over the whole collection
- scoped stats GET: /stats?track=python
- home GET: /, today's counts, the estimate, the streak and the tracks

PostgreSQL gets an ANALYZE after the load, as autovacuum would give it (without statistics
its planner takes the freshly loaded tables for empty and a scoped /stats takes seconds).
Everything is removed afterwards (the PostgreSQL tables are dropped).
Targets: /stats p99 <= 150 ms on SQLite, home p50 <= 1.5x the bare page.

Each phase is timed after a few rounds of requests on every connection, so each worker holds
what it keeps between requests (the counts of past study days, rendered charts). What a first
visit costs without them is measured in process too (`stats_cold_ms`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drill_load import Learner, Server, phase  # noqa: E402
from bench.seed_drill import make_items, make_users, now_utc  # noqa: E402

CARDS = 5_000
REVIEWS_PER_CARD = 15  # at most; a card stops at today (~60,000 rows in all)
DAYS = 730
WARMING = 4  # rounds of requests on every connection before a phase is timed
COLD_RUNS = 3


def history_rows(user_id: int, item_id: int, now, rng: random.Random) -> tuple[list, dict]:
    """One card's reviews over two years, and the card state they leave."""
    from practice.domain.scheduling import epoch_days

    start = now - timedelta(days=rng.uniform(30, DAYS))
    when, state, stability, lapses, rows = start, 0, 0.5, 0, []
    for n in range(REVIEWS_PER_CARD):
        rating = rng.choices((1, 2, 3, 4), (8, 12, 70, 10))[0] if n else 3
        lapsed = state == 2 and rating == 1
        lapses += lapsed
        after = 3 if lapsed else (1 if state == 0 else 2)
        stability = max(0.5, stability * (0.4 if rating == 1 else rng.uniform(1.4, 1.9)))
        gap = timedelta(minutes=10) if after in (1, 3) else timedelta(days=stability)
        due = when + gap
        rows.append(
            {
                "user_id": user_id,
                "item_id": item_id,
                "rating": rating,
                "reviewed_at": when,
                "duration_ms": rng.randint(4_000, 60_000),
                "state_before": {"state": state},
                "state_after": {"state": after, "due": due.isoformat(), "stability": stability},
                "client_token": f"s{item_id}-{n}",
                "was_new": n == 0,
                "undone_at": when + timedelta(seconds=5) if rng.random() < 0.005 else None,
            }
        )
        state = after
        when = due + timedelta(hours=rng.uniform(0, 30))
        if when >= now:
            break
    card = {
        "user_id": user_id,
        "item_id": item_id,
        "state": state,
        "step": 0 if state in (1, 3) else None,
        "stability": stability,
        "difficulty": rng.uniform(2, 9),
        "due": due,
        "last_review": rows[-1]["reviewed_at"],
        "last_review_day": epoch_days(rows[-1]["reviewed_at"]),
        "reps": len(rows),
        "lapses": lapses,
    }
    return rows, card


def seed(database_url: str) -> int:
    """Migrate, load the bundled bank, add synthetic items; one learner with history."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select, text

    from practice import create_app
    from practice.extensions import db
    from practice.models import CardState, Item, ReviewLog

    logging.disable(logging.WARNING)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["bank", "load", str(ROOT / "content")])
        assert result.exit_code == 0, result.output
        items = list(db.session.scalars(select(Item.id)))
        if len(items) < CARDS:
            items += make_items(CARDS - len(items))
        (user_id,) = make_users("stats", 1)
        rng, now = random.Random(5), now_utc()
        reviews, cards = [], []
        for item_id in rng.sample(items, CARDS):
            rows, card = history_rows(user_id, item_id, now, rng)
            reviews += rows
            cards.append(card)
        db.session.execute(insert(CardState), cards)
        for chunk in range(0, len(reviews), 10_000):
            db.session.execute(insert(ReviewLog), reviews[chunk : chunk + 10_000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # what autovacuum does to a loaded table
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        count = len(reviews)
        db.engine.dispose()
    return count


def cold_stats_ms(database_url: str) -> float:
    """/stats rendered in process with nothing kept from an earlier request (no counts of
    past days, no charts): what the first visit after a review day costs, median of runs."""
    from flask import g, render_template
    from sqlalchemy import select

    from practice import create_app
    from practice.domain.scope import Scope
    from practice.extensions import db
    from practice.models import User
    from practice.stats import charts
    from practice.stats.learner import learner_stats
    from practice.stats.page import calendar_rows, panels
    from practice.types import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    times = []
    with app.test_request_context():
        user = db.session.scalars(select(User).where(User.email == "stats0@bench.local")).one()
        g._login_user = user
        for _ in range(COLD_RUNS + 1):  # the first run also warms imports and the page cache
            app.extensions.pop("practice.stats.history", None)
            charts._bars.cache_clear()
            charts._lines.cache_clear()
            started = time.perf_counter()
            stats = learner_stats(user, Scope(), utcnow())
            render_template(
                "stats/page.html", stats=stats, panels=panels(stats), calendar=calendar_rows(stats)
            )
            times.append((time.perf_counter() - started) * 1000)
        db.session.remove()
        db.engine.dispose()
    return sorted(times[1:])[COLD_RUNS // 2]


def drop_everything(database_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


async def drive(base: str, connections: int, seconds: float) -> dict:
    learners = [Learner(base, "stats0@bench.local") for _ in range(connections)]
    await asyncio.gather(*(learner.log_in() for learner in learners))

    def getter(path: str, marker: str):
        async def get(learner):
            response = await learner.http.get(path)
            return response.status_code == 200 and marker in response.text

        return get

    results = {}
    for name, path, marker in (
        ("bare", "/bench/page", "Bare page"),
        ("stats", "/stats", 'data-figure="mastery"'),
        ("stats_scoped", "/stats?track=python", 'data-figure="mastery"'),
        ("home", "/", 'id="today-heading"'),
    ):
        for _ in range(WARMING):  # warm every worker's caches (a sync worker takes any)
            await asyncio.gather(*(getter(path, marker)(learner) for learner in learners))
        results[name] = await phase(learners, getter(path, marker), seconds)
    await asyncio.gather(*(learner.http.aclose() for learner in learners))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (dropped after)")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="practice-stats-bench-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    server = None
    try:
        started = time.perf_counter()
        rows = seed(database_url)
        print(
            f"seeded {CARDS:,} card states and {rows:,} reviews in "
            f"{time.perf_counter() - started:.1f} s"
        )
        cold = cold_stats_ms(database_url)
        server = Server(database_url, options.workers, workdir / "gunicorn.log")
        results = asyncio.run(drive(server.url, options.connections, options.seconds))
        results["cold"] = cold
    finally:
        if server:
            server.stop()
        if options.database_url:
            drop_everything(options.database_url)
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, options, database_url.split(":", 1)[0])


def report(results: dict, options, engine: str) -> None:
    print(
        f"{engine}: {options.connections} connections, {options.workers} sync workers, "
        f"{options.seconds:.0f} s per phase"
    )
    cold = results.pop("cold")
    print(f"  stats cold, in process (nothing kept from earlier requests): {cold:.1f} ms")
    for name, figures in results.items():
        print(
            f"  {name:<13} {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
            f"p99 {figures['p99_ms']:7.1f} ms  ({figures['count']} ok, {figures['errors']} errors)"
        )
    home_ratio = results["home"]["p50_ms"] / results["bare"]["p50_ms"]
    print("targets: stats_p99_ms <= 150 (SQLite), home_ratio <= 1.5")
    print(
        f"RESULT stats_p99_ms={results['stats']['p99_ms']:.1f} home_ratio={home_ratio:.2f} "
        f"stats_p50_ms={results['stats']['p50_ms']:.1f} "
        f"stats_scoped_p99_ms={results['stats_scoped']['p99_ms']:.1f} "
        f"home_p50_ms={results['home']['p50_ms']:.1f} home_p99_ms={results['home']['p99_ms']:.1f} "
        f"bare_p50_ms={results['bare']['p50_ms']:.1f} bare_p99_ms={results['bare']['p99_ms']:.1f} "
        f"stats_cold_ms={cold:.1f} "
        f"engine={engine}"
    )


if __name__ == "__main__":
    main()
