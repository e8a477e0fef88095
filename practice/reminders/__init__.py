"""Reminders: the daily digest (`flask reminders send`), emails to mentees when a mentor
assigns a set or comments, one-click unsubscribe, and the private calendar feed."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)

from practice.reminders import notify, views  # noqa: E402, F401
