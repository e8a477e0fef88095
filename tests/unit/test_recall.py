"""Pure figures for mentors and trainers: predicted recall, progress, CSV cells, day counts,
and the set and assignment parts of a drill scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.domain.csv_cells import csv_cell, csv_row
from practice.domain.recall import (
    forgetting_curve,
    heat_bucket,
    predicted_recall,
    progress,
    reviews_per_day,
)
from practice.domain.scheduling import Memory, SchedulerSettings, retrievability, review
from practice.domain.scope import ScopeError, filters_from_scope, parse_scope, scope_from_filters
from practice.domain.study_days import study_days_between

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
FITTED = (
    0.3,
    1.1,
    2.5,
    9.0,
    6.2,
    0.8,
    3.1,
    0.002,
    1.6,
    0.15,
    1.0,
    1.9,
    0.11,
    0.3,
    2.3,
    0.2,
    2.9,
    0.5,
    0.6,
    0.1,
    0.35,
)


@pytest.mark.parametrize("parameters", [None, FITTED])
@pytest.mark.parametrize("days_later", [0.2, 1, 3.7, 12, 40.5, 400])
def test_predicted_recall_agrees_with_the_schedulers_retrievability(parameters, days_later):
    settings = SchedulerSettings(parameters=parameters, fuzz=False)
    memory = Memory()
    for step, rating in enumerate((3, 3, 4)):
        memory = review(settings, memory, rating, START + timedelta(days=step * 2), "s").memory
    at = memory.last_review + timedelta(days=days_later)
    expected = retrievability(settings, memory, at)
    elapsed = study_days_between(memory.last_review, at, "UTC", 4)
    got = predicted_recall(forgetting_curve(parameters), memory.stability, elapsed)
    assert got == pytest.approx(expected, rel=1e-12)


def test_a_card_never_reviewed_has_no_recall():
    assert predicted_recall(forgetting_curve(None), None, 5) == 0.0


def test_progress_counts_unstarted_items_as_forgotten():
    figures = progress(total=4, started=2, learned=2, recall_sum=1.8)
    assert figures.recall == pytest.approx(0.45)
    assert not figures.done(0.85)
    assert progress(2, 2, 2, 1.8).done(0.85) and not progress(2, 2, 1, 1.9).done(0.85)
    assert not progress(0, 0, 0, 0).done(0.85)


def test_heat_buckets():
    assert [heat_bucket(v) for v in (None, 0.0, 0.55, 0.999, 1.0)] == [
        "heat-none",
        "heat-0",
        "heat-5",
        "heat-9",
        "heat-9",
    ]


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\tTAB", "\r=1"])
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(text):
    assert csv_cell(text) == "'" + text


def test_csv_cells_leave_plain_values_alone():
    assert csv_row(["Ada", 3, 0.85, None, True, "a=b", -4]) == [
        "Ada",
        "3",
        "0.85",
        "",
        "yes",
        "a=b",
        "-4",
    ]


def test_reviews_per_day_uses_the_learners_own_day():
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    times = [
        datetime(2026, 3, 10, 1, tzinfo=UTC),  # 02:00 in Berlin: still 9 March (day starts 4)
        datetime(2026, 3, 10, 5, tzinfo=UTC),
        datetime(2026, 3, 9, 12, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),  # outside the window
    ]
    days = reviews_per_day(times, now, "Europe/Berlin", 4, days=30)
    assert len(days) == 30 and days[-1] == (now.date(), 1)
    assert days[-2][1] == 2 and sum(count for _, count in days) == 3


def test_scope_carries_a_set_and_an_assignment():
    scope = parse_scope(lambda n: {"set": ["12"], "assignment": ["4"], "level": ["mid"]}.get(n, []))
    assert (scope.set_id, scope.assignment_id) == (12, 4)
    assert ("set", "12") in scope.query() and ("assignment", "4") in scope.query()
    assert not scope.is_everything
    with pytest.raises(ScopeError):
        parse_scope(lambda n: {"set": ["twelve"]}.get(n, []))


def test_saved_filters_round_trip_and_ignore_set_names():
    scope = parse_scope(
        lambda n: {"topic": ["caching"], "min_difficulty": ["3"], "set": ["9"]}.get(n, [])
    )
    filters = filters_from_scope(scope)
    assert filters == {"topic": ["caching"], "min_difficulty": ["3"]}
    assert scope_from_filters(filters | {"set": ["9"]}).set_id is None
    with pytest.raises(ScopeError):
        scope_from_filters({"level": ["wizard"]})


def test_a_due_date_ends_at_midnight_in_the_assigners_zone_and_reads_back_the_same():
    from datetime import date

    from practice.domain.recall import due_day, end_of_day

    moment = end_of_day(date(2026, 3, 28), "Europe/Berlin")  # the night clocks go forward
    assert moment == datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert due_day(moment, "Europe/Berlin") == date(2026, 3, 28)
    assert due_day(moment, "America/New_York") == date(2026, 3, 28)
