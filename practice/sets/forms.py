"""Forms of question sets. Only declared fields are read: an owner id posted along is ignored."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from practice.domain.bank_rules import KINDS, LEVELS


class SetForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description (Markdown)", validators=[Length(max=5000)])
    source = RadioField(
        "Items",
        choices=[
            SelectChoice("list", "Items I pick one by one, in my order"),
            SelectChoice("filter", "A saved filter: every matching item, new bank items included"),
        ],
        default="list",
    )
    tracks = SelectMultipleField("Tracks", choices=[])
    topics = SelectMultipleField("Topics", choices=[])
    levels = SelectMultipleField("Levels", choices=[SelectChoice(v, v) for v in LEVELS])
    kinds = SelectMultipleField("Kinds", choices=[SelectChoice(v, v) for v in KINDS])
    min_difficulty = IntegerField(
        "Difficulty from", validators=[Optional(), NumberRange(min=1, max=10)]
    )
    max_difficulty = IntegerField("to", validators=[Optional(), NumberRange(min=1, max=10)])

    def filters(self) -> dict[str, list[str]] | None:
        """The saved filter in the form a set stores it (None for a hand-picked set)."""
        if self.source.data != "filter":
            return None
        filters = {
            "track": self.tracks.data or [],
            "topic": self.topics.data or [],
            "level": self.levels.data or [],
            "kind": self.kinds.data or [],
            "min_difficulty": [str(self.min_difficulty.data)] if self.min_difficulty.data else [],
            "max_difficulty": [str(self.max_difficulty.data)] if self.max_difficulty.data else [],
        }
        return {name: values for name, values in filters.items() if values}


class AddItemForm(FlaskForm):
    set = IntegerField(validators=[InputRequired()])
    item = IntegerField(validators=[InputRequired()])


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class ShareForm(FlaskForm):
    shared = HiddenField(validators=[AnyOf(["0", "1"])])


class CopyForm(FlaskForm):
    code = HiddenField(validators=[Length(max=64)])
