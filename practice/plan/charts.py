"""The plan's chart and its table: projected ratings per day toward the interview, and at
plain desired retention beside it (the stats feature's pygal charts, with a table each)."""

from __future__ import annotations

from markupsafe import Markup

from practice.plan.queries import PlanView
from practice.stats.charts import bars


def plain_name(view: PlanView) -> str:
    return f"Retention {view.retention:.2f}"


def workload_chart(view: PlanView) -> Markup:
    labels = [day.day.strftime("%m-%d") for day in view.plan.days]
    return bars(
        "Projected reviews per day",
        labels,
        {
            "Toward the interview": [day.ratings for day in view.plan.days],
            plain_name(view): [day.ratings for day in view.plain.days],
        },
    )


def workload_rows(view: PlanView) -> list[tuple[str, int, int, int, int]]:
    """Per day: the date, ratings and new cards toward the interview, ratings and new cards at
    plain retention."""
    return [
        (plan.day.isoformat(), plan.ratings, plan.new, plain.ratings, plain.new)
        for plan, plain in zip(view.plan.days, view.plain.days, strict=True)
    ]
