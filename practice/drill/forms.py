"""Forms of the drill. Scope fields travel as plain query/form values (see domain.scope)."""

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectChoice,
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

from practice.domain.steps import StepsError, parse_steps
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


LEECH_ACTIONS = [
    SelectChoice("tag", "Mark it as a leech only"),
    SelectChoice("suspend", "Mark it and suspend it"),
]


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
    maximum_reviews = IntegerField(
        "Maximum reviews per day",
        validators=[
            InputRequired(),
            NumberRange(min=0, max=9999, message="Give a number of reviews from 0 to 9,999."),
        ],
        description="New cards count toward it too: once it is reached, the reviews left "
        "and new cards wait for tomorrow (Review ahead still shows them).",
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
        description="Waits between the first reviews of a new card, in minutes, hours or "
        "days, like: 1m 10m or 1h 1d. A wait that ends on a later study day is due when "
        "that day starts.",
    )
    learn_ahead_minutes = IntegerField(
        "Learn ahead limit (minutes)",
        validators=[
            InputRequired(),
            NumberRange(min=0, max=1440, message="Give a number of minutes from 0 to 1,440."),
        ],
        description="When nothing else is left today, learning cards due within this many "
        "minutes are shown early.",
    )
    leech_threshold = IntegerField(
        "Leech threshold (lapses)",
        validators=[
            InputRequired(),
            NumberRange(min=1, max=99, message="Give a number of lapses from 1 to 99."),
        ],
        description="A card you have forgotten this many times is a leech (and again every "
        "half as many lapses after that).",
    )
    leech_action = SelectField("When a card becomes a leech", choices=LEECH_ACTIONS)
    single_key_shortcuts = BooleanField(
        "Single-key shortcuts in the drill",
        description="Space or Enter reveals, 1 to 4 rate, U undoes and ? lists the keys. Turn "
        "them off if you use speech input or a switch, or if stray key presses rate cards; "
        "the buttons work either way.",
    )

    def validate_learning_steps(self, field) -> None:
        try:
            self.steps_minutes = parse_steps(field.data or "")
        except StepsError as error:
            raise ValidationError(str(error)) from error
