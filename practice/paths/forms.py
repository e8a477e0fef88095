"""The path page's form: a target date for the path (an interview date for its items)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import InputRequired

from practice.domain.interview import day_problem


class TargetDateForm(FlaskForm):
    day = DateField("Target date", validators=[InputRequired()])

    def valid_day(self, today: date) -> bool:
        if self.day.errors:  # not a date at all: WTForms has said so
            return False
        problem = day_problem(self.day.data, today)
        if problem:
            self.day.errors = [problem]
        return problem is None
