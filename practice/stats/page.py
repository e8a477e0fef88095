"""The /stats page: each figure as a panel with its chart and the table of the same figures
(the table is what screen readers and browsers without SVG read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from markupsafe import Markup

from practice.domain.study_stats import MASTERY, Retention
from practice.stats.charts import bars, lines
from practice.stats.figures import TopicRecall
from practice.stats.learner import SPANS, LearnerStats

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STANDING_NOTE = (
    "Recall right after a review is close to 100% whatever you answered, so it is read with the "
    "lapses and the last rating beside it. Standing: weak when the last rating was Again or "
    "recall now is below 70%; strong only when the cards' mean stability is 21 days or more "
    "and recall now is at least 85%; learning otherwise."
)


@dataclass(frozen=True)
class Panel:
    key: str
    heading: str
    chart: Markup | None
    head: tuple[str, ...]
    rows: list[list[object]]
    note: str = ""


def panels(stats: LearnerStats) -> list[Panel]:
    return [
        *(_activity(stats, days) for days in SPANS),
        _forecast(stats),
        *_retention(stats),
        *(_recall(stats, name) for name in ("track", "topic")),
        _mastery(stats),
        *(_histogram(stats, name) for name in stats.histograms),
    ]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


def _activity(stats: LearnerStats, days: int) -> Panel:
    rows = stats.activity[days]
    weekly = days > 30  # 90 days and a year are drawn a week a bar; the table has every day
    bins = [rows[n : n + 7] for n in range(0, len(rows), 7)] if weekly else [[r] for r in rows]
    chart = bars(
        f"Reviews {'per week' if weekly else 'per day'}, last {days} days",
        [group[0].day.strftime("%m-%d") for group in bins],
        {
            kind: [sum(getattr(r, kind) for r in group) for group in bins]
            for kind in ("learning", "review", "relearn")
        },
        stacked=True,
    )
    total = sum(row.total for row in rows)
    spent = sum(row.seconds for row in rows)
    return Panel(
        f"activity-{days}",
        f"Reviews per day, last {days} days",
        chart,
        ("Day", "Learning", "Review", "Relearn", "Total", "Time spent"),
        [
            [r.day.isoformat(), r.learning, r.review, r.relearn, r.total, _minutes(r.seconds)]
            for r in reversed(rows)
            if r.total
        ],
        f"{total} reviews, {_minutes(spent)} spent; the table leaves out days without reviews.",
    )


def _forecast(stats: LearnerStats) -> Panel:
    """Due cards per day; an interview day is starred on the chart and named in the table."""
    marks = stats.interviews
    chart = bars(
        "Cards due per day, next 30 days (★ an interview)",
        [day.strftime("%m-%d") + (" ★" if day in marks else "") for day, _ in stats.forecast],
        {"due": [count for _, count in stats.forecast]},
    )
    note = "Cards already overdue are counted today; suspended cards are left out."
    if marks:
        note += " ★ marks your interview dates (on your plan)."
    return Panel(
        "forecast",
        "Due forecast, next 30 days",
        chart,
        ("Day", "Cards due", "Interview"),
        [[day.isoformat(), count, marks.get(day, "")] for day, count in stats.forecast],
        note,
    )


def _retention_rows(rows: list[Retention]) -> list[list[object]]:
    return [[r.label, r.passed, r.total, _pct(r.share)] for r in rows]


def _retention(stats: LearnerStats) -> list[Panel]:
    weeks = stats.retention["week"]
    chart = lines(
        "True retention per week",
        [row.label for row in weeks],
        {
            "true retention": [row.share for row in weeks],
            "desired retention": [stats.desired_retention for _ in weeks],
        },
    )
    head = ("Period", "Not Again", "Review-card ratings", "True retention")
    note = (
        f"The share of ratings of cards in review that were not Again, next to your desired "
        f"retention of {_pct(stats.desired_retention)}. Learning and relearning steps are left out."
    )
    spans = {"day": "per day (90 days)", "week": "per week (90 days)", "month": "per month (year)"}
    result = [
        Panel(
            f"retention-{p}",
            f"True retention {label}",
            chart if p == "week" else None,
            head,
            _retention_rows(list(reversed(stats.retention[p]))),
            note,
        )
        for p, label in spans.items()
    ]
    for name in ("track", "topic"):
        result.append(
            Panel(
                f"retention-{name}",
                f"True retention per {name} (year)",
                None,
                (name.capitalize(), *head[1:]),
                _retention_rows(stats.retention_by[name]),
                note,
            )
        )
    return result


def _rating(group: TopicRecall) -> str:
    return RATINGS.get(group.last_rating or 0, "–")


def _local_day(group: TopicRecall, zone: ZoneInfo) -> str:
    """The day of the group's latest review on the learner's own calendar."""
    return group.last_review.astimezone(zone).date().isoformat() if group.last_review else "–"


def _recall(stats: LearnerStats, name: str) -> Panel:
    groups = stats.recall_by[name]
    zone = ZoneInfo(stats.time_zone)
    return Panel(
        f"recall-{name}",
        f"Predicted recall now per {name}, weakest first",
        None,
        (
            name.capitalize(),
            "Recall now",
            "Cards",
            "Lapses",
            "Last rating",
            "Last review",
            "Standing",
        ),
        [
            [
                g.name,
                _pct(g.recall),
                g.cards,
                g.lapses,
                _rating(g),
                _local_day(g, zone),
                g.standing,
            ]
            for g in groups
        ],
        STANDING_NOTE,
    )


def _mastery(stats: LearnerStats) -> Panel:
    chart = bars(
        "Mastery per track",
        [m.track for m in stats.mastery],
        {bucket: [m.counts[bucket] for m in stats.mastery] for bucket in MASTERY},
        stacked=True,
        horizontal=True,
    )
    return Panel(
        "mastery",
        "Mastery per track",
        chart,
        ("Track", "New", "Learning", "Young", "Mature", "Total"),
        [[m.track, *(m.counts[b] for b in MASTERY), m.total] for m in stats.mastery],
        "Mature cards are in review with a stability of 21 days or more; young ones below that.",
    )


def _histogram(stats: LearnerStats, name: str) -> Panel:
    bins = stats.histograms[name]
    chart = bars(f"Cards by {name}", [b.label for b in bins], {"cards": [b.count for b in bins]})
    return Panel(
        f"histogram-{name}",
        f"Cards by {name}",
        chart,
        (name.capitalize(), "Cards"),
        [[b.label, b.count] for b in bins],
    )


def calendar_rows(stats: LearnerStats) -> list[list[tuple[str, str, str]]]:
    """The year as seven rows (Monday to Sunday) of week columns: (class, date, label) cells;
    a frozen day is marked as such, never as a studied one."""
    lead = stats.calendar[0].day.weekday()
    frozen = set(stats.streak.frozen)
    cells: list[tuple[str, str, str]] = [("cal-out", "", "")] * lead
    for row in stats.calendar:
        label = f"{row.day.isoformat()}: {row.total} review{'s' if row.total != 1 else ''}"
        if row.day in frozen:
            cells.append(("cal-frozen", row.day.isoformat(), f"{label}, streak freeze"))
        else:
            cells.append((f"cal-{_level(row.total, stats.goal)}", row.day.isoformat(), label))
    return [cells[weekday::7] for weekday in range(7)]


def _level(count: int, goal: int) -> int:
    if count == 0:
        return 0
    if count < max(1, goal // 2):
        return 1
    if count < goal:
        return 2
    return 3 if count < 2 * goal else 4


def per_day_chart(per_day: list[tuple[date, int]]) -> Markup:
    """Reviews per day as the bar chart the learner's own page draws (a mentee, a cohort)."""
    return bars(
        f"Reviews per day, last {len(per_day)} days",
        [day.strftime("%m-%d") for day, _ in per_day],
        {"reviews": [count for _, count in per_day]},
    )
