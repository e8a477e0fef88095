"""The first-run form and the "what you are preparing" part of study settings."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from practice.domain.bank_rules import LEVELS

LEVEL_CHOICES = [SelectChoice("", "Not sure: every level")] + [
    SelectChoice(level, level.capitalize()) for level in LEVELS
]
TIME_ZONES = sorted(available_timezones())
TIME_ZONE_SET = frozenset(TIME_ZONES)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (a select with `multiple` is hard to use)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        known = {choice.value for choice in self.choices or []}
        unknown = [value for value in self.data or [] if value not in known]
        if unknown:
            raise ValidationError(
                f"The bank has no track '{unknown[0][:64]}': tick tracks from the list."
            )


class ChoiceField(RadioField):
    """Radio buttons that name the refused value and say what to do."""

    def __init__(self, *args, refused: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused

    def pre_validate(self, form) -> None:
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError(self.refused.format(str(self.data)[:64]))


class ZoneField(SelectField):
    def pre_validate(self, form) -> None:
        if self.data not in TIME_ZONE_SET:
            raise ValidationError(
                f"'{str(self.data)[:64]}' is not a time zone: choose one from the list."
            )


class PreparingForm(FlaskForm):
    """The tracks a learner prepares and their level: together, the default drill scope."""

    tracks = CheckboxesField(
        "Tracks you are preparing",
        choices=[],
        validate_choice=True,
        description="Your drill draws from these tracks unless you choose another scope. "
        "Pick none to drill every track.",
    )
    level = ChoiceField(
        "Your level",
        choices=LEVEL_CHOICES,
        default="",
        refused="There is no level '{}': choose one of the levels listed.",
        description="Your drill holds the questions up to your level: a mid-level learner "
        "drills junior and mid questions.",
    )

    def __init__(self, track_choices: list[tuple[str, str]], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tracks.choices = [SelectChoice(slug, name) for slug, name in track_choices]


class OnboardingForm(PreparingForm):
    time_zone = ZoneField(
        "Your time zone",
        choices=TIME_ZONES,
        default="UTC",
        description="Your study day, due dates and every time Practice shows follow it.",
    )
