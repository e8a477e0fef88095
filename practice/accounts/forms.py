from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired()])


class DisplayNameForm(FlaskForm):
    display_name = StringField(
        "Display name (what your mentors and trainers see)",
        filters=[lambda value: value.strip() if value else value],
        validators=[DataRequired(), Length(max=80)],
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        "New email",
        filters=[lambda value: value.strip() if value else value],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField("Current password", validators=[DataRequired()])


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Current password", validators=[DataRequired()])
    confirm = BooleanField(
        "I understand that my account, cards and review history will be deleted for good",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )
