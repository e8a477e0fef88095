"""Time My cards (/cards) for a learner with 5,000 cards against a bare page over HTTP.

Run from the repo root: `python bench/cards.py [--seconds 6] [--connections 1]
[--database-url postgresql+psycopg://...]`. Seeds what bench/stats.py seeds (the bundled bank
plus synthetic items, one learner with 5,000 card states and ~60,000 reviews) into a
temporary SQLite database (or the given empty PostgreSQL database, dropped afterwards),
starts gunicorn on 127.0.0.1 and drives, in turn:

- bare GET: /bench/page, a signed-in page with the layout and nothing else (baseline)
- cards GET: /cards, the first page by due date
- each other sort (recall now, last rating, flags...), a late page, and searches in the
  query syntax (is:due, lapses>2 -is:suspended, a word OR another)

Target: /cards p99 <= 100 ms on SQLite (the first page and every variant).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drill_load import Learner, Server, phase  # noqa: E402
from bench.stats import CARDS, drop_everything, seed  # noqa: E402

TARGET_P99_MS = 100.0
PAGES = [
    ("bare", "/bench/page", "Bare page"),
    ("cards", "/cards", 'id="cards-table"'),
    ("by_recall", "/cards?sort=retrievability", 'id="cards-table"'),
    ("by_rating", "/cards?sort=rating&order=desc", 'id="cards-table"'),
    ("by_flags", "/cards?sort=flags", 'id="cards-table"'),
    ("by_item", "/cards?sort=item&order=desc", 'id="cards-table"'),
    ("page_60", "/cards?sort=stability&page=60", 'id="cards-table"'),
    ("is_due", "/cards?" + urlencode({"q": "is:due"}), 'id="cards-table"'),
    ("syntax", "/cards?" + urlencode({"q": "lapses>2 -is:suspended "}), 'id="cards-table"'),
    ("text_or", "/cards?" + urlencode({"q": "cache OR index -title:redis "}), 'id="cards-table"'),
]


async def drive(base: str, connections: int, seconds: float) -> dict:
    learners = [Learner(base, "stats0@bench.local") for _ in range(connections)]
    await asyncio.gather(*(learner.log_in() for learner in learners))

    def getter(path: str, marker: str):
        async def get(learner):
            response = await learner.http.get(path)
            return response.status_code == 200 and marker in response.text

        return get

    results = {}
    for name, path, marker in PAGES:
        await phase(learners[:1], getter(path, marker), 1.0)  # warm every worker's caches
        results[name] = await phase(learners, getter(path, marker), seconds)
    await asyncio.gather(*(learner.http.aclose() for learner in learners))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (dropped after)")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="practice-cards-bench-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    server = None
    try:
        started = time.perf_counter()
        rows = seed(database_url)
        print(
            f"seeded {CARDS:,} card states and {rows:,} reviews in "
            f"{time.perf_counter() - started:.1f} s"
        )
        server = Server(database_url, options.workers, workdir / "gunicorn.log")
        results = asyncio.run(drive(server.url, options.connections, options.seconds))
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
    for name, figures in results.items():
        print(
            f"  {name:<10} {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
            f"p99 {figures['p99_ms']:7.1f} ms  ({figures['count']} ok, {figures['errors']} errors)"
        )
    bare = results["bare"]["p50_ms"]
    worst = max(figures["p99_ms"] for name, figures in results.items() if name != "bare")
    verdict = "meets" if worst <= TARGET_P99_MS else "misses"
    print(f"worst /cards p99 {worst:.1f} ms {verdict} the {TARGET_P99_MS:.0f} ms target")
    pairs = [f"bare_p50_ms={bare:.1f}"]
    for name, figures in results.items():
        if name != "bare":
            pairs.append(f"{name}_p99_ms={figures['p99_ms']:.1f}")
    pairs.append(f"cards_ratio={results['cards']['p50_ms'] / bare:.2f}")
    pairs.append(f"worst_p99_ms={worst:.1f}")
    print("RESULT " + " ".join(pairs))


if __name__ == "__main__":
    main()
