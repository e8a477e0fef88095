"""Reviews and recall on the interview day: plain retention 0.9 against the interview policy.

Run from the repo root: `python bench/interview_plan.py [--seeds 5]`. A synthetic learner
(FSRS-6 default parameters, learning steps 1m 10m, relearning 10m, fuzz on, 20 new cards a day,
no review cap) starts from nothing and studies every day until an interview, in two scenarios:
300 new cards and 21 days; 1,000 new cards and 60 days. The simulator is
practice.domain.simulate (the project's own scheduler, ratings drawn from predicted recall).

For each scenario and seed, fixed desired retention 0.9 runs first (the baseline); the interview
policy then runs with its target set to the recall on the day that 0.9 reached, so that the
comparison is "the same recall for how much work". Reviews are ratings of cards studied on an
earlier day (relearning included); the new cards' learning steps, the same in both, are printed
apart. Target: at least 25% fewer reviews with recall on the day no lower than 0.9's.

Nothing is written to disk. Ends with one line:
RESULT reviews_saved_pct=... recall_fixed=... recall_plan=... (the scenario that saved least)
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.domain.interview import Deadline  # noqa: E402
from practice.domain.scheduling import SchedulerSettings  # noqa: E402
from practice.domain.simulate import Limits, PlanCard, Policy, Projection, simulate  # noqa: E402
from practice.domain.study_days import study_day  # noqa: E402

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
SCENARIOS = ((300, 21), (1000, 60))
LIMITS = Limits(new_per_day=20, reviews_per_day=10**6)


@dataclass
class Totals:
    reviews: int = 0
    learning: int = 0
    recall: float = 0.0
    runs: int = 0

    def add(self, projection: Projection) -> None:
        self.reviews += projection.reviews
        self.learning += projection.ratings - projection.reviews
        self.recall += projection.recall
        self.runs += 1

    @property
    def mean_recall(self) -> float:
        return self.recall / self.runs


def run(cards: int, days: int, seeds: int) -> tuple[Totals, Totals, Totals]:
    settings = SchedulerSettings()
    deck = [PlanCard(f"card{n}") for n in range(cards)]
    day = study_day(START, "UTC", settings.day_start_hour) + timedelta(days=days)
    fixed, plan, plan_090 = Totals(), Totals(), Totals()
    for seed in range(seeds):
        baseline = simulate(settings, deck, LIMITS, Policy.FIXED, START, Deadline(day), seed)
        fixed.add(baseline)
        target = math.ceil(baseline.recall * 1000) / 1000
        plan.add(
            simulate(settings, deck, LIMITS, Policy.INTERVIEW, START, Deadline(day, target), seed)
        )
        plan_090.add(simulate(settings, deck, LIMITS, Policy.INTERVIEW, START, Deadline(day), seed))
    return fixed, plan, plan_090


def saved(baseline: Totals, other: Totals) -> float:
    return 100 * (1 - other.reviews / baseline.reviews)


def ratings_saved(baseline: Totals, other: Totals) -> float:
    """Saved on every rating, the new cards' learning steps included."""
    return 100 * (1 - (other.reviews + other.learning) / (baseline.reviews + baseline.learning))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    worst: tuple[float, float, float] | None = None
    for cards, days in SCENARIOS:
        fixed, plan, plan_090 = run(cards, days, args.seeds)
        print(f"{cards} new cards, {days} days ({args.seeds} seeds, per run):")
        for name, totals in (
            ("fixed 0.9", fixed),
            ("plan, same recall", plan),
            ("plan, 0.90", plan_090),
        ):
            print(
                f"  {name:18} reviews {totals.reviews / totals.runs:7.0f}"
                f"  learning steps {totals.learning / totals.runs:6.0f}"
                f"  recall on the day {totals.mean_recall:.4f}"
                + (
                    ""
                    if totals is fixed
                    else f"  reviews saved {saved(fixed, totals):5.1f}%"
                    f" (all ratings {ratings_saved(fixed, totals):4.1f}%)"
                )
            )
        figures = (saved(fixed, plan), fixed.mean_recall, plan.mean_recall)
        if worst is None or figures[0] < worst[0]:
            worst = figures
    assert worst is not None
    print(
        f"RESULT reviews_saved_pct={worst[0]:.1f} recall_fixed={worst[1]:.4f} "
        f"recall_plan={worst[2]:.4f}"
    )


if __name__ == "__main__":
    main()
