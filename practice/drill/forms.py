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

from practice.domain.bank_rules import LEVELS
from practice.domain.steps import StepsError, parse_steps
from practice.domain.study_options import WEEKDAYS, NewCardPlace, ReviewOrder
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


REVIEW_ORDERS = [
    SelectChoice(ReviewOrder.RETRIEVABILITY.value, "Most likely forgotten first"),
    SelectChoice(ReviewOrder.DUE.value, "Due longest first (due date)"),
    SelectChoice(ReviewOrder.RANDOM.value, "Random (a new order each day)"),
    SelectChoice(ReviewOrder.OVERDUENESS.value, "Most overdue for its interval first"),
]
NEW_CARD_PLACES = [
    SelectChoice(NewCardPlace.AFTER.value, "After the reviews"),
    SelectChoice(NewCardPlace.MIXED.value, "Mixed in with the reviews"),
    SelectChoice(NewCardPlace.BEFORE.value, "Before the reviews"),
]
RETENTION_RANGE = NumberRange(
    min=0.70, max=0.99, message="Give a retention from 0.70 to 0.99, or leave it blank."
)
PERCENT_RANGE = NumberRange(min=0, max=100, message="Give a percentage from 0 to 100.")


def _retention_field(level: str) -> DecimalField:
    return DecimalField(
        f"{level.capitalize()} questions",
        places=2,
        validators=[Optional(), RETENTION_RANGE],
        description="Blank: the desired retention above.",
    )


def _easy_day_field(day: str) -> IntegerField:
    return IntegerField(f"{day.capitalize()} (%)", validators=[Optional(), PERCENT_RANGE])


class DeckOptionsFields:
    """The deck options Anki has beyond the limits, added to SettingsForm below."""

    review_order = SelectField("Order of due reviews", choices=REVIEW_ORDERS)
    new_card_place = SelectField("New cards come", choices=NEW_CARD_PLACES)
    load_balancer = BooleanField(
        "Balance the load",
        description="Within the small spread Practice gives intervals anyway, pick the day "
        "with fewer reviews already due, so the days even out.",
    )


for _level in LEVELS:
    setattr(DeckOptionsFields, f"retention_{_level}", _retention_field(_level))
for _day in WEEKDAYS:
    setattr(DeckOptionsFields, f"easy_{_day}", _easy_day_field(_day))


class StudySettingsForm(SettingsForm, DeckOptionsFields):
    """The study settings page's form: the limits and the deck options."""

    def retention_by_level(self) -> dict[str, float]:
        """The levels given a retention of their own."""
        fields = {level: getattr(self, f"retention_{level}").data for level in LEVELS}
        return {level: float(value) for level, value in fields.items() if value is not None}

    def easy_days(self) -> list[int] | None:
        """The weekday percentages, Monday first (blank: 100); None when all are 100."""
        values = [getattr(self, f"easy_{day}").data for day in WEEKDAYS]
        percents = [100 if value is None else value for value in values]
        return None if all(percent == 100 for percent in percents) else percents
