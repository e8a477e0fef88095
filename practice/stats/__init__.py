"""Recall figures for one learner or a group: forgetting curves, progress on a set, per-topic
recall, overdue counts; and the learner's own statistics page (/stats)."""

from flask import Blueprint

bp = Blueprint("stats", __name__, url_prefix="/stats")

from practice.stats import views  # noqa: E402, F401
