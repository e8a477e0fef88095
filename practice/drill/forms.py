"""Forms of the drill. Scope fields travel as plain query/form values (see domain.scope)."""

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from practice.drill.reviews import MAX_TYPED_ANSWER

TIME_ZONES = sorted(available_timezones())
TOO_LONG = (
    f"Your typed answer is longer than {MAX_TYPED_ANSWER:,} characters (it has %(length)d). "
    "Shorten it, then reveal again."
)


class CardForm(FlaskForm):
    """Fields every card action carries."""

    item = HiddenField(validators=[DataRequired(), Length(max=64)])


class RevealForm(CardForm):
    stage = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=10)])
    # The card's reps when it was first shown: a reveal posted again after a rating (Back)
    # shows that the card was rated since, instead of fresh rating buttons.
    reps = IntegerField(validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
    answer = TextAreaField(
        "Your answer (optional)", validators=[Length(max=MAX_TYPED_ANSWER, message=TOO_LONG)]
    )
    shown_at = IntegerField(validators=[InputRequired()])


class RateForm(CardForm):
    rating = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=4)])
    token = HiddenField(validators=[DataRequired(), Length(min=8, max=64)])
    reps = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    answer = TextAreaField(validators=[Length(max=MAX_TYPED_ANSWER, message=TOO_LONG)])
    shown_at = IntegerField(validators=[InputRequired()])


class MoreNewForm(FlaskForm):
    count = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=200)])


def _parse_steps(text: str) -> list[int]:
    """'1m 10m 1h' -> minutes [1, 10, 60]; every step under one day."""
    minutes = []
    for token in text.replace(",", " ").split():
        unit = token[-1].lower()
        number = token[:-1] if unit in "mh" else token
        if not number.isdigit() or int(number) == 0:
            raise ValidationError(f"'{token}' is not a step like 1m, 10m or 2h.")
        value = int(number) * (60 if unit == "h" else 1)
        if value >= 24 * 60:
            raise ValidationError("Learning steps must each be shorter than one day.")
        minutes.append(value)
    if not minutes or len(minutes) > 10:
        raise ValidationError("Give one to ten learning steps, like: 1m 10m.")
    return minutes


class SettingsForm(FlaskForm):
    desired_retention = DecimalField(
        "Desired retention",
        places=2,
        validators=[InputRequired(), NumberRange(min=0.70, max=0.99)],
        description="How likely you want to be to remember a card when it comes due "
        "(0.70 to 0.99). Higher means more reviews.",
    )
    daily_new_limit = IntegerField(
        "New cards per day", validators=[InputRequired(), NumberRange(min=0, max=500)]
    )
    time_zone = SelectField("Time zone", choices=TIME_ZONES, validate_choice=True)
    day_start_hour = IntegerField(
        "A new study day starts at (hour, 0-23)",
        validators=[InputRequired(), NumberRange(min=0, max=23)],
    )
    streak_goal = IntegerField(
        "Reviews that make a day count toward your streak",
        validators=[Optional(), NumberRange(min=1, max=1000)],
        description="A day counts when you did every review that was due, or at least this "
        "many reviews.",
    )
    learning_steps = StringField(
        "Learning steps",
        validators=[DataRequired(), Length(max=100)],
        description="Waits between the first reviews of a new card, like: 1m 10m.",
    )

    def validate_learning_steps(self, field) -> None:
        self.steps_minutes = _parse_steps(field.data or "")
