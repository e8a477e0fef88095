"""The reminder settings form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField
from wtforms.validators import NumberRange

HOURS = [SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)]
BAD_HOUR = "Choose an hour between 00:00 and 23:00."


def _hour(value: object) -> int:
    """The posted hour as a number; anything else becomes -1, which the range refuses."""
    try:
        return int(str(value))
    except ValueError:
        return -1


class ReminderForm(FlaskForm):
    digest_enabled = BooleanField("Email me a daily digest of what is due")
    digest_hour = SelectField(
        "Send it at",
        choices=HOURS,
        coerce=_hour,
        validate_choice=False,
        validators=[NumberRange(min=0, max=23, message=BAD_HOUR)],
    )
    mentoring_emails = BooleanField(
        "Email me when a mentor assigns me a set or comments on my answer"
    )


class CalendarForm(FlaskForm):
    """Make, rotate or stop the calendar feed: `action` says which."""

    action = SelectField(choices=[SelectChoice("rotate", "rotate"), SelectChoice("stop", "stop")])
