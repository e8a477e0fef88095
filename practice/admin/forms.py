from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import AnyOf, DataRequired

from practice.domain.roles import ROLES


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(role, role.title()) for role in ROLES])


class ActiveForm(FlaskForm):
    active = HiddenField(validators=[DataRequired(), AnyOf(["0", "1"])])
