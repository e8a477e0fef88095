"""Forms of mentoring. Whom an action concerns comes from the URL and is checked there; no
form carries a user id."""

from datetime import datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from practice.domain.recall import end_of_day
from practice.sets.queries import own_sets

USES_MESSAGE = "Choose who may use the invite: one learner, or any number until it expires."


class InviteForm(FlaskForm):
    days = IntegerField(
        "Valid for (days)", default=7, validators=[InputRequired(), NumberRange(min=1, max=30)]
    )
    uses = RadioField(
        "Use",
        choices=[
            SelectChoice("single", "One learner"),
            SelectChoice("multi", "Any number of learners until it expires"),
        ],
        default="single",
        validate_choice=False,
        validators=[AnyOf(("single", "multi"), message=USES_MESSAGE)],
    )


MAX_DUE_DAYS = 2 * 366  # assignments are for study plans, not for the year 9999


class AssignmentForm(FlaskForm):
    """Assign a set with a due date and a recall goal (shared with cohorts)."""

    question_set = SelectField("Set", coerce=int, choices=[], validate_choice=True)
    due_date = DateField("Due date", validators=[InputRequired()])
    target = IntegerField(
        "Recall goal on the due date (%)",
        default=85,
        validators=[InputRequired(), NumberRange(min=50, max=99)],
    )

    def valid_due_at(self, time_zone: str, now: datetime) -> datetime | None:
        """The due moment (the end of the chosen day in the assigner's zone) of a valid
        submission, or None, with the reason on the field when the day is already over."""
        if not self.validate_on_submit():
            return None
        latest = now.date() + timedelta(days=MAX_DUE_DAYS)
        if self.due_date.data > latest:
            self.due_date.errors = [
                f"Choose a due date within two years (by {latest.isoformat()})."
            ]
            return None
        due_at = end_of_day(self.due_date.data, time_zone)
        if due_at <= now:
            self.due_date.errors = ["The due date must be today or later."]
            return None
        return due_at


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=2000)])


def assignment_form(user) -> AssignmentForm:
    """The assignment form offering the user's own sets."""
    form = AssignmentForm()
    form.question_set.choices = [SelectChoice(s.id, s.title) for s in own_sets(user)]
    return form
