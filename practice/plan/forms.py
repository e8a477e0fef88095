"""The interview date form. Whose date it is comes from the login, never from a field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from practice.domain.bank_rules import LEVELS
from practice.paths.forms import TargetDay

SCOPE_KINDS = ("filter", "set")


class InterviewDateForm(TargetDay, FlaskForm):
    title = StringField("What is the interview?", validators=[DataRequired(), Length(max=200)])
    day = DateField("Interview day", validators=[InputRequired()])
    target = IntegerField(
        "Recall wanted on the day (%)",
        default=90,
        validators=[InputRequired(), NumberRange(min=50, max=99)],
    )
    scope_kind = RadioField(
        "Cards",
        choices=[
            SelectChoice("filter", "Tracks, topics and levels (none chosen: every card)"),
            SelectChoice("set", "A question set"),
        ],
        default="filter",
    )
    tracks = SelectMultipleField("Tracks", choices=[])
    topics = SelectMultipleField("Topics", choices=[])
    levels = SelectMultipleField("Levels", choices=[SelectChoice(v, v) for v in LEVELS])
    question_set = SelectField("Question set", coerce=int, choices=[], validate_choice=False)

    def valid_set(self, set_ids: set[int]) -> bool:
        """A set scope names one of the sets offered (the user's own or assigned to them)."""
        if self.scope_kind.data != "set":
            return True
        if self.question_set.data not in set_ids:
            self.question_set.errors = ["Choose one of your question sets."]
            return False
        return True

    def filters(self) -> dict[str, list[str]]:
        filters = {
            "track": self.tracks.data or [],
            "topic": self.topics.data or [],
            "level": self.levels.data or [],
        }
        return {name: values for name, values in filters.items() if values}
