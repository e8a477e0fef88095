"""Time the cohort dashboard and its CSV export for a cohort of 500 members.

Run from the repo root: `python bench/cohort_dashboard.py [--members 500] [--cards 2000]`.
Seeds a temporary SQLite database with bulk inserts: 2,000 items over 12 topics, 500 members
with 2,000 card states each (1,000,000 rows) and a month of reviews, three assignments of 50
items. Then, signed in as the trainer, it times (median of 5 after a warm-up):

- the bare baseline: a page that only counts the cohort's members (one indexed query)
- the dashboard page, first page sorted by name (50 members x 12 topics, participation), by
  predicted recall and by one topic's recall (which rank the whole cohort first) and the last
  page by last activity
- its two cohort-wide panels, which the page loads as fragments right after it: assignment
  completion and recall on the due date, and the hardest items; and the whole dashboard
  (page plus both panels, one after the other, as a browser without parallel requests would)
- the members CSV export, read to the last byte of the stream

Targets (issue 7): dashboard <= 500 ms, export <= 3 s on a 2-core machine. The database and
folder are removed afterwards.
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from bench.seed_drill import give_cards, make_items, make_users, now_utc  # noqa: E402
from practice import create_app  # noqa: E402
from practice.extensions import db  # noqa: E402
from practice.models import (  # noqa: E402
    Assignment,
    Cohort,
    CohortMember,
    QuestionSet,
    QuestionSetItem,
    ReviewLog,
    Topic,
    User,
    item_topics,
)
from tests.helpers.bank_factory import write_small_bank  # noqa: E402

TARGETS = {"dashboard_ms": 500.0, "export_s": 3.0}
TOPICS = 12


def seed(members: int, cards: int) -> tuple[int, int]:
    """Returns (trainer id, cohort id)."""
    start = time.perf_counter()
    now = now_utc()
    topic_ids = _topics()
    item_ids = make_items(max(cards, 2000))
    links = [
        {"item_id": item, "topic_id": topic_ids[n % TOPICS]} for n, item in enumerate(item_ids)
    ]
    links += [
        {"item_id": item, "topic_id": topic_ids[(n * 7 + 3) % TOPICS]}
        for n, item in enumerate(item_ids)
        if n % 3 == 0
    ]
    db.session.execute(insert(item_topics), links)
    (trainer_id,) = make_users("trainer", 1)
    db.session.execute(User.__table__.update().where(User.id == trainer_id).values(role="trainer"))
    member_ids = make_users("member", members)
    cohort = Cohort(trainer_id=trainer_id, name="Bench cohort", join_code="bench-code")
    db.session.add(cohort)
    db.session.flush()
    joined = [{"cohort_id": cohort.id, "user_id": u, "joined_at": now} for u in member_ids]
    db.session.execute(insert(CohortMember), joined)
    _assignments(trainer_id, cohort.id, item_ids, now)
    db.session.commit()
    give_cards(member_ids, item_ids, cards, now, learning_due=False)
    _reviews(member_ids, item_ids, now)
    print(
        f"seeded in {time.perf_counter() - start:.1f} s: {members} members x {cards} cards, "
        f"{db.session.scalar(select(func.count(ReviewLog.id)))} review log rows"
    )
    return trainer_id, cohort.id


def _topics() -> list[int]:
    rows = [{"slug": f"bench-topic-{n}", "name": f"Bench topic {n:02d}"} for n in range(TOPICS)]
    db.session.execute(insert(Topic), rows)
    return list(db.session.scalars(select(Topic.id).where(Topic.slug.like("bench-topic-%"))))


def _assignments(trainer_id: int, cohort_id: int, item_ids: list[int], now) -> None:
    for n in range(3):
        question_set = QuestionSet(owner_id=trainer_id, title=f"Week {n + 1}", description="")
        db.session.add(question_set)
        db.session.flush()
        chosen = item_ids[n * 50 : (n + 1) * 50]
        db.session.execute(
            insert(QuestionSetItem),
            [
                {"set_id": question_set.id, "item_id": item, "position": p}
                for p, item in enumerate(chosen)
            ],
        )
        db.session.add(
            Assignment(
                set_id=question_set.id,
                assigned_by_id=trainer_id,
                cohort_id=cohort_id,
                due_at=now + timedelta(days=7 * (n + 1)),
                target_recall=0.85,
            )
        )


def _reviews(member_ids: list[int], item_ids: list[int], now) -> None:
    """A month of reviews for most members (30 each), so last-active and participation vary."""
    rng = random.Random(5)
    rows = []
    for user_id in member_ids:
        quiet = rng.random() < 0.3
        for n in range(30):
            days = rng.uniform(8, 30) if quiet else rng.uniform(0, 30)
            rows.append(
                {
                    "user_id": user_id,
                    "item_id": rng.choice(item_ids),
                    "rating": rng.choice((1, 3, 3, 3, 4)),
                    "reviewed_at": now - timedelta(days=days),
                    "state_after": {},
                    "client_token": f"b{user_id}-{n}",
                }
            )
    db.session.execute(insert(ReviewLog), rows)
    db.session.commit()


def median_ms(client, url: str, runs: int = 5, headers=None) -> float:
    client.get(url, headers=headers).get_data()  # warm-up
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url, headers=headers)
        response.get_data()
        times.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--cards", type=int, default=2000)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="practice-cohort-bench-"))
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}"})
        logging.disable(logging.WARNING)
        with app.app_context():
            upgrade()
            runner = app.test_cli_runner()
            bank = write_small_bank(workdir / "bank")
            if runner.invoke(args=["bank", "load", str(bank)]).exit_code != 0:
                raise SystemExit("bank load failed")
            trainer_id, cohort_id = seed(options.members, options.cards)
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
            session_version = db.session.get(User, trainer_id).session_version
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{trainer_id}:{session_version}"
            session["_fresh"] = True
        base = f"/cohorts/{cohort_id}"
        baseline = median_ms(client, "/cohorts")
        by_name = median_ms(client, base)
        by_recall = median_ms(client, base + "?sort=recall")
        with app.app_context():
            topic = db.session.scalar(select(Topic.id).where(Topic.slug == "bench-topic-0"))
        by_topic = median_ms(client, base + f"?sort=topic-{topic}")
        last_page = median_ms(client, base + f"?page={-(-options.members // 50)}&sort=active")
        htmx = {"HX-Request": "true"}
        assignments = median_ms(client, base + "/assignment-figures", headers=htmx)
        hardest = median_ms(client, base + "/hardest", headers=htmx)
        export = median_ms(client, base + "/members.csv", runs=3) / 1000
        size = len(client.get(base + "/members.csv").get_data())
        with app.app_context():
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"baseline (cohort list page):          {baseline:8.1f} ms")
    print(
        f"dashboard, sorted by name:            {by_name:8.1f} ms "
        f"(target <= {TARGETS['dashboard_ms']:.0f} ms)"
    )
    print(f"dashboard, sorted by predicted recall:{by_recall:8.1f} ms")
    print(f"dashboard, sorted by one topic:       {by_topic:8.1f} ms")
    print(f"dashboard, last page by last active:  {last_page:8.1f} ms")
    print(f"panel: assignment figures:            {assignments:8.1f} ms")
    print(f"panel: hardest items:                 {hardest:8.1f} ms")
    whole = by_name + assignments + hardest
    print(f"whole dashboard (page + both panels): {whole:8.1f} ms")
    print(
        f"members CSV export (streamed, {size / 1024:.0f} KiB): {export:6.2f} s "
        f"(target <= {TARGETS['export_s']:.0f} s)"
    )
    print(
        f"RESULT dashboard_ms={by_name:.0f} export_s={export:.2f} "
        f"dashboard_with_panels_ms={whole:.0f} assignment_panel_ms={assignments:.0f} "
        f"hardest_panel_ms={hardest:.0f} "
        f"dashboard_recall_sort_ms={by_recall:.0f} dashboard_topic_sort_ms={by_topic:.0f} "
        f"dashboard_active_sort_ms={last_page:.0f} "
        f"baseline_ms={baseline:.1f} members={options.members} cards={options.cards}"
    )


if __name__ == "__main__":
    main()
