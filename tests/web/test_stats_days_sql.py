"""Study days counted in the database (the GROUP BY behind /stats, the streak and the mentee
page) agree with the domain's study_day across daylight-saving changes and late or early
day-start hours, on whichever engine the suite runs (SQLite, or PostgreSQL with
PRACTICE_TEST_DATABASE_URL); and counts kept between requests follow undo and late reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, true

from practice.domain.scheduling import CardStatus
from practice.domain.study_days import study_day, utc_offsets
from practice.domain.study_stats import (
    DayTally,
    Review,
    StudyClock,
    open_days,
    tally,
    unfinished_days,
)
from practice.extensions import db
from practice.models import ReviewLog, User
from practice.stats.history import day_tallies, due_stretches
from practice.types import utcnow
from tests.helpers.groups import client_for, load_bank, make_people
from tests.helpers.stats import add_review
from tests.web.test_stats_page import set_user, stats_page, table

ZONES = [
    ("Europe/Berlin", 4),
    ("Europe/Berlin", 0),
    ("America/New_York", 2),  # the spring change skips 02:00: that day starts at 03:00
    ("America/New_York", 1),  # the autumn change runs 01:00-02:00 twice
    ("Australia/Lord_Howe", 6),  # a half-hour change
    ("Asia/Kolkata", 5),  # a half-hour offset, no changes
]


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def changes_last_year(zone: str, now: datetime) -> list[datetime]:
    """The moments the zone's UTC offset changed in the year before now."""
    _, changes = utc_offsets(zone, now - timedelta(days=360), now - timedelta(days=2))
    return [datetime.fromtimestamp(second, UTC) for second, _ in changes]


def moments_around(zone: str, hour: int, now: datetime) -> list[datetime]:
    """Moments next to each offset change of the last year and next to the start of the
    study days around it (a second either side), plus some ordinary ones."""
    clock = StudyClock(zone, hour)
    moments = [now - timedelta(days=days, hours=3) for days in (3, 40, 200)]
    for change in changes_last_year(zone, now) or [now - timedelta(days=100)]:
        moments += [change + timedelta(minutes=m) for m in range(-90, 91, 15)]
        for shift in (-1, 0, 1):
            start = clock.start(study_day(change, zone, hour) + timedelta(days=shift))
            moments += [start - timedelta(seconds=1), start, start + timedelta(seconds=1)]
    return sorted(set(moments))


def as_counts(tallies: list[DayTally]) -> dict[tuple[date, int, bool], int]:
    counts: dict[tuple[date, int, bool], int] = {}
    for row in tallies:
        key = (row.day, row.state_before, row.again)
        counts[key] = counts.get(key, 0) + row.count
    return counts


def write(user_id: int, moments: list[datetime]) -> list[Review]:
    """One review at each moment, rating and status varying; the domain's view of them."""
    reviews = []
    for n, moment in enumerate(moments):
        rating, before = (1 + n % 4), (CardStatus.REVIEW, CardStatus.LEARNING)[n % 2]
        add_review(user_id, ("PY-JR-001", "PY-MD-001")[n % 2], moment, rating, before)
        reviews.append(Review(moment, rating, before, 10_000))
    return reviews


@pytest.mark.parametrize("zone,hour", ZONES)
def test_reviews_per_study_day_in_sql_match_the_domain_across_offset_changes(
    app, people, zone, hour
):
    now = utcnow()
    set_user(app, people["learner"], time_zone=zone, day_start_hour=hour)
    clock = StudyClock(zone, hour)
    with app.app_context():
        reviews = write(people["learner"], moments_around(zone, hour, now))
        today = clock.day(now)
        first = today - timedelta(days=364)
        expected = as_counts(tally(reviews, clock, first, today))
        assert sum(expected.values()) == len(reviews)
        assert as_counts(day_tallies(people["learner"], clock, first, today)) == expected
        scoped = day_tallies(people["learner"], clock, first, today, where=true())
        assert as_counts(scoped) == expected  # the path a scope takes, nothing kept


def test_the_stats_page_puts_reviews_next_to_a_dst_change_on_the_learners_day(app, people):
    now = utcnow()
    zone, hour = "Europe/Berlin", 4
    set_user(app, people["learner"], time_zone=zone, day_start_hour=hour)
    clock = StudyClock(zone, hour)
    change = changes_last_year(zone, now)[-1]
    day = study_day(change, zone, hour)
    start = clock.start(day + timedelta(days=1))  # the first day start at the new offset
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", start - timedelta(minutes=1))
        add_review(people["learner"], "PY-JR-002", start + timedelta(minutes=1))
        add_review(people["learner"], "PY-JR-003", start + timedelta(minutes=2))
    rows = {r[0]: r[4] for r in table(stats_page(app), "activity-365")}
    assert rows == {day.isoformat(): "1", (day + timedelta(days=1)).isoformat(): "2"}


def test_a_late_day_start_keeps_small_hours_on_the_day_before(app, people):
    now = utcnow()
    set_user(app, people["learner"], time_zone="Asia/Tokyo", day_start_hour=9)
    clock = StudyClock("Asia/Tokyo", 9)
    day = clock.day(now) - timedelta(days=3)
    start = clock.start(day)
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", start - timedelta(seconds=1))
        add_review(people["learner"], "PY-JR-002", start)
    rows = {r[0]: r[4] for r in table(stats_page(app), "activity-30")}
    assert rows == {(day - timedelta(days=1)).isoformat(): "1", day.isoformat(): "1"}


def test_unfinished_days_in_sql_match_the_domain(app, people):
    now = utcnow()
    zone, hour = "America/New_York", 2
    set_user(app, people["learner"], time_zone=zone, day_start_hour=hour)
    clock = StudyClock(zone, hour)
    today = clock.day(now)
    first = today - timedelta(days=59)
    with app.app_context():
        reviews = []
        for n, (days_ago, due_in) in enumerate([(50, 3), (45, 20), (20, 2), (19, 1), (6, 30)]):
            at = now - timedelta(days=days_ago)
            due = at + timedelta(days=due_in)
            item = ("PY-JR-001", "PY-JR-002")[n % 2]
            add_review(people["learner"], item, at, due_after=due)
            reviews.append(Review(at, 3, CardStatus.REVIEW, item_id=n % 2, due_after=due))
        expected = unfinished_days(reviews, clock, first, today)
        found = open_days(due_stretches(people["learner"], clock, first, today), first, 60)
    assert expected and found == expected


def test_an_undo_or_a_late_review_of_a_past_day_changes_the_kept_counts(app, people):
    now = utcnow()
    when = now - timedelta(days=5)
    with app.app_context():
        add_review(people["learner"], "PY-JR-001", when)
        add_review(people["learner"], "PY-JR-002", when + timedelta(minutes=1))
    client = client_for(app, "learner")

    def total() -> int:
        page = client.get("/stats").get_data(as_text=True)
        return sum(int(r[4]) for r in table(page, "activity-365"))

    assert total() == 2
    with app.app_context():
        review = db.session.scalars(select(ReviewLog).order_by(ReviewLog.id)).first()
        review.undone_at = now
        db.session.commit()
    assert total() == 1
    with app.app_context():
        add_review(people["learner"], "PY-JR-003", now - timedelta(days=9))  # imported late
    assert total() == 2
    with app.app_context():
        db.session.get(User, people["learner"]).time_zone = "Pacific/Kiritimati"
        db.session.commit()
    assert total() == 2  # the same reviews on other days, counted again
