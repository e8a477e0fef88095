"""The learner's statistics page: their own figures, for everything or a scope, as charts with
tables that need no JavaScript; undone reviews never count; GET changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from practice.domain.scheduling import CardStatus
from practice.extensions import db
from practice.models import User
from practice.types import utcnow
from tests.helpers.accounts import csrf_token
from tests.helpers.db import database_snapshot
from tests.helpers.groups import client_for, load_bank, make_people
from tests.helpers.stats import add_card, add_review


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def table(page: str, key: str) -> list[list[str]]:
    """The rows of the figure table `key` as text cells ([] when the figure is empty)."""
    if f'data-figure="{key}"' not in page:
        return []
    body = page.split(f'data-figure="{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    cells = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in cells.findall(r)] for r in rows]


def stats_page(app, key: str = "learner", query: str = "") -> str:
    response = client_for(app, key).get(f"/stats{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def set_user(app, user_id: int, **values) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def test_charts_render_as_svg_without_inline_styles_or_scripts_and_tables_carry_the_figures(
    app, people
):
    now = utcnow()
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", now - timedelta(days=2), duration_ms=90_000)
        add_card(people["learner"], "PY-JR-001", now + timedelta(days=3))
    response = client_for(app, "learner").get("/stats")
    page = response.get_data(as_text=True)
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    body = page.split("<main", 1)[1]
    assert body.count("<svg") >= 8
    assert "<style" not in body and "<script" not in body and ' style="' not in body
    assert "hx-" not in body  # nothing on the page needs JavaScript
    day = (now - timedelta(days=2)).astimezone(ZoneInfo("UTC"))
    rows = table(page, "activity-30")
    assert len(rows) == 1 and rows[0][2:] == ["1", "0", "1", "2 min"]  # review, total, time
    assert rows[0][0] in (day.date().isoformat(), (day - timedelta(days=1)).date().isoformat())


def test_undone_reviews_never_count(app, people):
    now = utcnow()
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", now - timedelta(days=1), rating=1, undone=True)
        add_review(people["learner"], "PY-JR-002", now - timedelta(days=1), rating=3)
    page = stats_page(app)
    assert sum(int(r[4]) for r in table(page, "activity-365")) == 1
    assert table(page, "retention-month")[0][1:] == ["1", "1", "100.0%"]


def test_true_retention_denominator_is_review_card_ratings(app, people):
    when = utcnow() - timedelta(days=1)
    with app.app_context():
        for rating in (1, 2, 3, 4):
            add_review(people["learner"], "PY-JR-001", when, rating=rating)
        add_review(people["learner"], "PY-JR-002", when, rating=1, before=CardStatus.LEARNING)
        add_review(people["learner"], "PY-JR-003", when, rating=1, before=CardStatus.RELEARNING)
    page = stats_page(app)
    assert table(page, "retention-month")[0][1:] == ["3", "4", "75.0%"]
    assert table(page, "retention-track") == [["Python", "3", "4", "75.0%"]]
    topics = {row[0]: row[1:] for row in table(page, "retention-topic")}
    assert topics == {"Databases": ["3", "4", "75.0%"]}  # the testing item had no review card
    assert "desired retention of 90.0%" in page


def test_mastery_counts_every_live_item_of_the_track_and_histograms_every_studied_card(app, people):
    now = utcnow()
    with app.app_context():
        add_card(people["learner"], "PY-JR-001", now + timedelta(days=30), stability=30.0)
        add_card(people["learner"], "PY-JR-002", now + timedelta(days=3), stability=4.0)
        add_card(people["learner"], "PY-JR-003", now, stability=1.0, state=CardStatus.LEARNING)
    page = stats_page(app)
    # six Python items: three studied (mature, young, learning), three new
    assert table(page, "mastery") == [["Python", "3", "1", "1", "1", "6"]]
    for name in ("stability", "difficulty", "retrievability"):
        assert sum(int(r[1]) for r in table(page, f"histogram-{name}")) == 3, name
    forecast = table(page, "forecast")
    assert len(forecast) == 30 and sum(int(r[1]) for r in forecast) == 2  # one due beyond 30 days


def test_days_are_the_learners_study_days_in_their_zone_with_a_late_day_start(app, people):
    set_user(app, people["learner"], time_zone="America/New_York", day_start_hour=6)
    zone = ZoneInfo("America/New_York")
    local_now = utcnow().astimezone(zone)
    yesterday = local_now.date() - timedelta(days=2)
    early = datetime(yesterday.year, yesterday.month, yesterday.day, 5, 30, tzinfo=zone)
    later = early + timedelta(hours=1)  # 06:30 local: that day
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", early.astimezone(UTC))
        add_review(people["learner"], "PY-JR-002", later.astimezone(UTC))
    rows = {r[0]: r[4] for r in table(stats_page(app), "activity-30")}
    assert rows == {
        yesterday.isoformat(): "1",
        (yesterday - timedelta(days=1)).isoformat(): "1",  # 05:30 is still the day before
    }
    assert "starting at 6:00 in America/New_York" in stats_page(app)


def test_streak_with_a_freeze_is_shown_as_a_frozen_day(app, people):
    set_user(app, people["learner"], streak_goal=2)
    now = utcnow()
    today = now.date() if now.hour >= 4 else now.date() - timedelta(days=1)
    # studied every day for the last eight days except three days ago
    missed = today - timedelta(days=3)
    days = [today - timedelta(days=n) for n in range(8) if today - timedelta(days=n) != missed]
    with app.app_context():
        for day in days:
            for n in range(2):
                when = datetime(day.year, day.month, day.day, 12, n, tzinfo=UTC)
                add_review(people["learner"], "PY-JR-001", min(when, now))
    page = stats_page(app)
    frozen = page.split('class="frozen-days">', 1)[1].split("</dd>", 1)[0]
    assert missed.isoformat() in frozen
    current = page.split('class="current-streak">', 1)[1].split(" ", 1)[0]
    assert current == "7"  # the frozen day keeps the streak but adds nothing
    assert f'class="cal-frozen" title="{missed.isoformat()}' in page


def test_a_scope_filters_every_figure(app, people, runner, tmp_path):
    when = utcnow() - timedelta(days=1)
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", when)  # databases, junior
        add_review(people["learner"], "PY-MD-001", when, rating=1)  # caching, mid
        add_card(people["learner"], "PY-JR-001", when + timedelta(days=3))
        add_card(people["learner"], "PY-MD-001", when + timedelta(days=3))
    everything = stats_page(app)
    assert table(everything, "retention-month")[0][1:] == ["1", "2", "50.0%"]
    mid = stats_page(app, query="?level=mid")
    assert table(mid, "retention-month")[0][1:] == ["0", "1", "0.0%"]
    assert [r[0] for r in table(mid, "recall-topic")] == ["Caching"]
    assert table(mid, "mastery") == [["Python", "1", "0", "1", "0", "2"]]
    assert sum(int(r[1]) for r in table(mid, "forecast")) == 1
    databases = stats_page(app, query="?topic=databases")
    assert table(databases, "retention-month")[0][1:] == ["1", "1", "100.0%"]
    assert "for topic databases" in databases
    assert client_for(app, "learner").get("/stats?level=wizard").status_code == 400


def test_recall_per_topic_has_lapses_and_the_last_rating_beside_it_in_the_learners_zone(
    app, people
):
    now = utcnow()
    with app.app_context():
        rated = now - timedelta(minutes=3)
        add_review(people["learner"], "PY-MD-001", now - timedelta(days=4), rating=3)
        add_review(people["learner"], "PY-MD-001", rated, rating=1)
        add_card(people["learner"], "PY-MD-001", rated + timedelta(minutes=10), last_review=rated)
    set_user(app, people["learner"], time_zone="Pacific/Kiritimati")  # UTC+14
    row = table(stats_page(app), "recall-topic")[0]
    assert row[0] == "Caching" and row[3:5] == ["1", "Again"]
    assert row[5] == rated.astimezone(ZoneInfo("Pacific/Kiritimati")).date().isoformat()


def test_a_learner_sees_only_their_own_figures(app, people):
    with app.app_context():
        add_review(people["outsider"], "PY-JR-001", utcnow() - timedelta(days=1))
    assert table(stats_page(app, "learner"), "activity-30") == []
    assert len(table(stats_page(app, "outsider"), "activity-30")) == 1
    anonymous = client_for(app, "anonymous").get("/stats")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_page_changes_nothing(app, people):
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", utcnow() - timedelta(days=1))
    client = client_for(app, "learner")
    before = database_snapshot(app)
    assert client.get("/stats").status_code == 200
    assert client.get("/stats?track=python&level=junior").status_code == 200
    assert database_snapshot(app) == before


def test_the_streak_goal_is_a_study_setting(app, people):
    client = client_for(app, "learner")
    token = csrf_token(client, "/drill/settings")
    form = {
        "csrf_token": token,
        "desired_retention": "0.9",
        "daily_new_limit": "20",
        "time_zone": "UTC",
        "day_start_hour": "4",
        "learning_steps": "1m 10m",
        "maximum_reviews": "200",
        "learn_ahead_minutes": "20",
        "leech_threshold": "8",
        "leech_action": "tag",
    }
    bad = client.post("/drill/settings", data={**form, "streak_goal": "0"})
    assert bad.status_code == 400 and "between 1 and 1000" in bad.get_data(as_text=True)
    assert client.post("/drill/settings", data={**form, "streak_goal": "25"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, people["learner"]).streak_goal == 25
    assert "at least 25 reviews" in stats_page(app)
