"""The path page's form: a target date for the path (an interview date for its items)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import InputRequired

from practice.domain.interview import day_problem


class TargetDay:
    """A form's `day` field checked against the user's today (practice.domain.interview):
    shared by the path's target date and the plan's interview date."""

    day: DateField

    def valid_day(self, today: date) -> bool:
        """The day is after today (the user's study day) and within two years; else the
        reason goes next to the field."""
        if self.day.errors:  # not a date at all: WTForms has said so
            return False
        problem = day_problem(self.day.data, today)
        if problem:
            self.day.errors = [problem]
        return problem is None


class TargetDateForm(TargetDay, FlaskForm):
    day = DateField("Target date", validators=[InputRequired()])
