"""Library search latency through the HTTP route on a 5,000-item bank, per engine.

Run from the repo root: `python bench/search.py [--items N] [--postgres URL]`. The bank is the
bundled one (562 items) plus rewritten copies of its items up to N, loaded through the normal
bank load (so the full-text index is built the way production builds it). A gunicorn worker
serves `/library`; 200 fixed queries (single words, phrases, words with filters, filters alone)
are timed one after another, after a warm-up, and p50 / p99 are printed per engine. SQLite
uses a temporary file; PostgreSQL (default `postgresql+psycopg://postgres@127.0.0.1:5432/test`,
or BENCH_POSTGRES_URL) a schema of its own, dropped afterwards. Target: SQLite p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.drill_load import Server  # noqa: E402

TARGET_SQLITE_P99_MS = 50.0
WORDS = """cache index transaction thread async middleware session token query migration
deadlock pool lock queue retry timeout serializer validation router closure generator
decorator interface inheritance pagination replication sharding partition latency
throughput memory garbage leak hook component state render promise event stream buffer
encoding injection csrf xss hashing password certificate container deployment logging
metrics tracing schema constraint join cursor worker scheduler signal fixture mock
dependency compiler runtime exception error handler template cookie header proxy""".split()
PHRASES = [
    "race condition",
    "connection pool",
    "dependency injection",
    "event loop",
    "primary key",
    "rate limit",
    "cache invalidation",
    "foreign key",
    "unit test",
    "message queue",
    "load balancer",
    "memory leak",
    "query plan",
    "garbage collection",
    "access token",
    "read replica",
    "circuit breaker",
    "type hints",
    "virtual dom",
    "prepared statement",
]
KINDS = ["question", "error", "snippet", "design", "security"]
LEVELS = ["junior", "mid", "senior", "architect"]


def fixed_queries(tracks: list[str], count: int = 200) -> list[str]:
    """The same 200 query strings every run: words, phrases, filtered words, filters alone."""
    rng = random.Random(2026)
    queries = []
    for n in range(count):
        shape = n % 5
        args: dict[str, object] = {}
        if shape in (0, 1):
            args["q"] = rng.choice(WORDS)
        elif shape == 2:
            args["q"] = f'"{rng.choice(PHRASES)}"'
        elif shape == 3:
            args["q"] = rng.choice(WORDS)
            args[rng.choice(["kind", "track", "level"])] = None
        else:
            args["q"] = " ".join(rng.sample(WORDS, 2))
            args["min_difficulty"], args["max_difficulty"] = 3, 7
        if n % 7 == 0:  # filters alone: browsing
            args = {"track": rng.choice(tracks), "level": rng.choice(LEVELS)}
        for key in ("kind", "track", "level"):
            if key in args and args[key] is None:
                options = {"kind": KINDS, "track": tracks, "level": LEVELS}[key]
                args[key] = rng.choice(options)
        queries.append("/library?" + urlencode(args))
    return queries


def prefix_queries(count: int = 100) -> list[str]:
    """Words cut short as if still being typed (3 letters or more, no space after them),
    alone or after a whole word."""
    rng = random.Random(15)
    queries = []
    for n in range(count):
        word = rng.choice([w for w in WORDS if len(w) >= 5])
        typed = word[: rng.randint(3, len(word) - 1)]
        queries.append(typed if n % 2 else f"{rng.choice(WORDS)} {typed}")
    return ["/library?" + urlencode({"q": q}) for q in queries]


def syntax_queries(count: int = 100) -> list[str]:
    """The query syntax a visitor can use: exclusions, OR, title:, excluded phrases."""
    rng = random.Random(16)
    shapes = [
        lambda: f"{rng.choice(WORDS)} -{rng.choice(WORDS)} ",
        lambda: f"{rng.choice(WORDS)} OR {rng.choice(WORDS)} ",
        lambda: f"title:{rng.choice(WORDS)} ",
        lambda: f'{rng.choice(WORDS)} -"{rng.choice(PHRASES)}" ',
        lambda: f"{rng.choice(WORDS)} OR {rng.choice(WORDS)} -title:{rng.choice(WORDS)} ",
    ]
    return ["/library?" + urlencode({"q": shapes[n % len(shapes)]()}) for n in range(count)]


def bench_bank(items: int):
    """The bundled bank plus rewritten copies of its items, `items` in all."""
    from practice.domain.bank import read_bank

    report = read_bank(ROOT / "content")
    bank = report.bank
    originals = list(bank.items)
    rng = random.Random(7)
    extra = []
    for n in range(max(0, items - len(originals))):
        item = originals[n % len(originals)]
        copy = n // len(originals) + 1
        words = item.title.split()
        rng.shuffle(words)
        extra.append(
            dataclasses.replace(
                item,
                external_id=f"{item.external_id}-V{copy}",
                title=" ".join(words),
                content_hash=f"{item.content_hash[:56]}v{copy:07d}",
            )
        )
    return dataclasses.replace(bank, items=tuple(originals + extra))


def seed(database_url: str, items: int) -> list[str]:
    from flask_migrate import upgrade

    from practice import create_app
    from practice.bank.load import load_bank
    from practice.extensions import db
    from practice.models import Track
    from practice.types import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        load_bank(bench_bank(items), "bench", utcnow())
        print(f"  loaded and indexed {items} items in {time.perf_counter() - start:.1f} s")
        tracks = list(db.session.scalars(sa.select(Track.slug)))
        db.engine.dispose()
    return tracks


def timings(base: str, queries: list[str]) -> tuple[list[float], int]:
    """Milliseconds per query (sequential, one keep-alive connection) and results seen."""
    elapsed, with_results = [], 0
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in queries[:20]:  # warm-up: imports, caches, SQLite pages
            client.get(url)
        for url in queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            with_results += "Nothing matches" not in response.text
    return elapsed, with_results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_engine(name: str, database_url: str, items: int, workdir: Path) -> dict[str, float]:
    print(f"{name}:")
    tracks = seed(database_url, items)
    groups = {
        "plain": fixed_queries(tracks),
        "prefix": prefix_queries(),
        "syntax": syntax_queries(),
    }
    queries = groups["plain"] + groups["prefix"] + groups["syntax"]
    server = Server(database_url, 1, workdir / f"{name}.log")
    try:
        bare, _ = timings(server.url, ["/healthz"] * 200)
        elapsed, matched = timings(server.url, queries)
    finally:
        server.stop()
    figures = {
        "p50": statistics.median(elapsed),
        "p99": percentile(elapsed, 0.99),
        "max": max(elapsed),
        "bare_p50": statistics.median(bare),
    }
    print(
        f"  {len(queries)} queries, {matched} with results: p50 {figures['p50']:.1f} ms, "
        f"p99 {figures['p99']:.1f} ms, max {figures['max']:.1f} ms "
        f"(bare /healthz p50 {figures['bare_p50']:.1f} ms)"
    )
    start = len(queries) - sum(len(group) for group in groups.values())
    for group, urls in groups.items():
        part = elapsed[start : start + len(urls)]
        start += len(urls)
        figures[f"{group}_p50"] = statistics.median(part)
        figures[f"{group}_p99"] = percentile(part, 0.99)
        print(
            f"  {group} queries: p50 {figures[f'{group}_p50']:.1f} ms, "
            f"p99 {figures[f'{group}_p99']:.1f} ms"
        )
    return figures


def postgres_schema(url: str, schema: str, create: bool) -> str:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if create:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    options = parser.parse_args()
    logging.disable(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="practice-search-bench-"))
    results: dict[str, dict[str, float] | None] = {}
    try:
        results["sqlite"] = run_engine(
            "sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", options.items, workdir
        )
        schema = f"bench_search_{os.getpid()}"
        try:
            url = postgres_schema(options.postgres, schema, create=True)
        except sa.exc.OperationalError as error:
            print(f"postgres: skipped ({str(error).splitlines()[0]})")
            results["postgres"] = None
        else:
            try:
                results["postgres"] = run_engine("postgres", url, options.items, workdir)
            finally:
                postgres_schema(options.postgres, schema, create=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results)


def report(results: dict[str, dict[str, float] | None]) -> None:
    sqlite_p99 = results["sqlite"]["p99"]
    verdict = "meets" if sqlite_p99 <= TARGET_SQLITE_P99_MS else "misses"
    print(f"SQLite p99 {sqlite_p99:.1f} ms {verdict} the {TARGET_SQLITE_P99_MS:.0f} ms target")
    pairs = []
    for engine in ("sqlite", "postgres"):
        figures = results.get(engine)
        for key in ("p50", "p99", "plain_p99", "prefix_p99", "syntax_p99"):
            pairs.append(f"{engine}_{key}_ms=" + (f"{figures[key]:.1f}" if figures else "na"))
    print("RESULT " + " ".join(pairs))


if __name__ == "__main__":
    main()
