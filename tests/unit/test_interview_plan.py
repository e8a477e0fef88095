"""The deadline-aware policy and the plan simulator (issue 13, part 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from practice.domain.interview import Deadline, deadline_days, expected_recall_after_review
from practice.domain.recall import forgetting_curve, predicted_recall
from practice.domain.scheduling import Memory, SchedulerSettings, preview, review
from practice.domain.simulate import (
    Limits,
    PlanCard,
    Policy,
    mean_projection,
    new_needed,
    runs_for,
    simulate,
)
from practice.domain.study_days import study_day

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
SETTINGS = SchedulerSettings()
WEIGHTS = SETTINGS.weights


def in_days(days: int) -> date:
    return study_day(NOW, "UTC", 4) + timedelta(days=days)


def review_card(stability: float, difficulty: float = 5.0, days_ago: int = 10) -> Memory:
    last = NOW - timedelta(days=days_ago)
    return Memory(2, None, stability, difficulty, NOW - timedelta(hours=1), last, 5, 0)


def fresh_cards(count: int) -> list[PlanCard]:
    return [PlanCard(f"card{n}") for n in range(count)]


def test_the_interview_policy_meets_its_target_on_the_day_with_fewer_reviews():
    deadline = Deadline(in_days(21), 0.9)
    cards, limits = fresh_cards(300), Limits(20, 9999)
    fixed = simulate(SETTINGS, cards, limits, Policy.FIXED, NOW, deadline, seed=3)
    plan = simulate(SETTINGS, cards, limits, Policy.INTERVIEW, NOW, deadline, seed=3)
    assert plan.recall >= 0.9
    assert plan.introduced == 300
    assert plan.reviews < 0.75 * fixed.reviews


def test_a_higher_target_costs_more_reviews_and_gives_more_recall():
    cards, limits = fresh_cards(200), Limits(20, 9999)
    low = simulate(SETTINGS, cards, limits, Policy.INTERVIEW, NOW, Deadline(in_days(20), 0.85))
    high = simulate(SETTINGS, cards, limits, Policy.INTERVIEW, NOW, Deadline(in_days(20), 0.97))
    assert high.reviews > low.reviews
    assert high.recall > low.recall
    assert high.recall >= 0.95


def test_new_cards_are_spread_over_the_days_left():
    plan = simulate(
        SETTINGS, fresh_cards(100), Limits(50, 9999), Policy.INTERVIEW, NOW, Deadline(in_days(10))
    )
    assert [day.new for day in plan.days] == [10] * 10
    assert plan.new_needed == 10 and plan.behind_by() == 0
    assert new_needed(95, 10) == 10 and new_needed(7, 0) == 7


def test_a_plan_that_needs_more_new_cards_than_the_limit_is_behind_by_the_difference():
    plan = simulate(
        SETTINGS, fresh_cards(100), Limits(5, 9999), Policy.INTERVIEW, NOW, Deadline(in_days(10))
    )
    assert plan.new_needed == 10 and plan.behind_by() == 5
    assert plan.introduced == 50
    assert plan.recall < 0.9  # half the scope is never studied: it counts as forgotten


def test_the_daily_maximum_holds_reviews_back_and_counts_toward_behind():
    cards = [PlanCard(f"c{n}", review_card(3.0)) for n in range(30)]
    plan = simulate(SETTINGS, cards, Limits(0, 10), Policy.FIXED, NOW, Deadline(in_days(3)))
    assert plan.days[0].held == 20  # 10 reviewed (and relearned when lapsed), 20 wait
    assert plan.behind_by() > 0


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    args = (SETTINGS, fresh_cards(60), Limits(), Policy.INTERVIEW, NOW, Deadline(in_days(14)))
    assert simulate(*args, seed=1) == simulate(*args, seed=1)
    assert simulate(*args, seed=1).days != simulate(*args, seed=2).days


def test_the_plan_counts_recall_when_the_interview_day_begins():
    memory = replace(review_card(400.0, days_ago=1), due=NOW + timedelta(days=300))
    strong = PlanCard("strong", memory)
    plan = simulate(
        SETTINGS, [strong, PlanCard("new")], Limits(0), Policy.FIXED, NOW, Deadline(in_days(5))
    )
    curve = forgetting_curve(WEIGHTS)
    assert abs(plan.recall - predicted_recall(curve, 400.0, 6) / 2) < 1e-9
    assert plan.reviews == 0 and plan.introduced == 1


def test_a_card_that_already_reaches_the_target_waits_until_the_interview():
    # stability 100: recall after 20 days is about 0.97
    assert deadline_days(WEIGHTS, 100.0, 5.0, 20, 0.9, 7, 36500) == 20
    assert deadline_days(WEIGHTS, 100.0, 5.0, 20, 0.9, 90, 36500) == 90
    assert deadline_days(WEIGHTS, 100.0, 5.0, 20, 0.9, 7, 10) == 10  # the maximum interval


def test_a_card_short_of_the_target_gets_one_review_that_reaches_it():
    days = deadline_days(WEIGHTS, 8.0, 5.0, 20, 0.9, 8, 36500)
    assert 1 <= days < 20
    assert expected_recall_after_review(WEIGHTS, 8.0, 5.0, days, 20) >= 0.9
    if days > 1:
        assert expected_recall_after_review(WEIGHTS, 8.0, 5.0, days - 1, 20) < 0.9


def test_a_weak_card_far_from_the_date_waits_until_recall_falls_to_the_floor():
    days = deadline_days(WEIGHTS, 2.3, 5.0, 40, 0.95, 2, 36500)
    curve = forgetting_curve(WEIGHTS)
    assert days > 2  # longer than retention 0.9's wait: lower retention early
    assert predicted_recall(curve, 2.3, days) >= 0.69


def test_after_the_interview_day_the_interval_is_the_normal_one():
    memory = review_card(10.0)
    plain = review(SETTINGS, memory, 3, NOW, "seed")
    for day in (study_day(NOW, "UTC", 4), in_days(-3)):
        aimed = replace(SETTINGS, deadline=Deadline(day, 0.95))
        assert review(aimed, memory, 3, NOW, "seed") == plain


def test_before_the_interview_the_interval_aims_at_the_day_and_previews_agree():
    memory = review_card(10.0)
    aimed = replace(SETTINGS, deadline=Deadline(in_days(30), 0.95))
    outcomes = preview(aimed, memory, NOW, "seed")
    plain = preview(SETTINGS, memory, NOW, "seed")
    assert outcomes[3].memory.due != plain[3].memory.due
    assert outcomes[3].memory.stability == plain[3].memory.stability  # the model is unchanged
    for rating, outcome in outcomes.items():
        assert review(aimed, memory, rating, NOW, "seed") == outcome
    assert outcomes[1] == plain[1]  # a lapse still relearns on its steps


def test_a_small_scope_is_simulated_several_times_and_averaged():
    assert runs_for(2) == 8 and runs_for(100) == 4 and runs_for(5000) == 1
    args = (SETTINGS, fresh_cards(3), Limits(), Policy.INTERVIEW, NOW, Deadline(in_days(14)))
    runs = [simulate(*args, seed=seed) for seed in range(4)]
    mean = mean_projection(runs)
    assert abs(mean.recall - sum(run.recall for run in runs) / 4) < 1e-12
    assert [day.day for day in mean.days] == [day.day for day in runs[0].days]
    first = [run.days[0].learning for run in runs]
    assert mean.days[0].learning == round(sum(first) / 4)
