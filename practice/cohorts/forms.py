"""Forms of cohorts. Whom an action concerns comes from the URL and is checked there."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[DataRequired(), Length(max=120)])


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[DataRequired(), Length(max=64)])


class CodeForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["rotate", "close"])])
