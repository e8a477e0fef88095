"""A learner's study settings: what the settings form shows and what saving it changes."""

from __future__ import annotations

from typing import Any

from practice.domain.bank_rules import LEVELS
from practice.domain.steps import format_steps
from practice.domain.study_options import WEEKDAYS, easy_days_of, retention_changes
from practice.drill.fsrs import reschedule
from practice.extensions import db
from practice.models import User

DEFAULT_STEPS = [1, 10]  # minutes, as the scheduler's default learning steps


def study_settings_data(user: User) -> dict[str, Any]:
    """The form's values for a user's current settings."""
    by_level = user.retention_by_level or {}
    easy_days = easy_days_of(user.easy_days)
    return {
        "desired_retention": user.desired_retention,
        "daily_new_limit": user.daily_new_limit,
        "maximum_reviews": user.maximum_reviews,
        "time_zone": user.time_zone,
        "day_start_hour": user.day_start_hour,
        "learning_steps": format_steps(user.learning_steps or DEFAULT_STEPS),
        "learn_ahead_minutes": user.learn_ahead_minutes,
        "leech_threshold": user.leech_threshold,
        "leech_action": user.leech_action,
        "streak_goal": user.streak_goal,
        "single_key_shortcuts": user.single_key_shortcuts,
        "review_order": user.review_order,
        "new_card_place": user.new_card_place,
        "load_balancer": user.load_balancer,
        **{f"retention_{level}": by_level.get(level) for level in LEVELS},
        **{f"easy_{day}": percent for day, percent in zip(WEEKDAYS, easy_days, strict=True)},
    }


def save_study_settings(user: User, form, fuzz: bool) -> int:
    """Store a validated settings form on the user and, when a desired retention changed,
    reschedule the cards it applies to, all in one transaction; how many cards moved."""
    before = (user.desired_retention, dict(user.retention_by_level or {}))
    user.desired_retention = float(form.desired_retention.data)
    user.daily_new_limit = form.daily_new_limit.data
    user.maximum_reviews = form.maximum_reviews.data
    user.time_zone = form.time_zone.data
    user.day_start_hour = form.day_start_hour.data
    user.learning_steps = form.steps_minutes
    user.learn_ahead_minutes = form.learn_ahead_minutes.data
    user.leech_threshold = form.leech_threshold.data
    user.leech_action = form.leech_action.data
    user.single_key_shortcuts = form.single_key_shortcuts.data  # unticked: not sent, so off
    if form.streak_goal.data is not None:  # left out of the form: kept as it was
        user.streak_goal = form.streak_goal.data
    user.review_order = form.review_order.data
    user.new_card_place = form.new_card_place.data
    user.load_balancer = bool(form.load_balancer.data)
    user.retention_by_level = form.retention_by_level() or None
    user.easy_days = form.easy_days()
    changed = retention_changes(before, (user.desired_retention, user.retention_by_level))
    moved = reschedule(user, fuzz, changed) if changed else 0
    db.session.commit()
    return moved
