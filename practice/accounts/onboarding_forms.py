"""The first-run form and the "what you are preparing" part of study settings."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, SelectMultipleField, widgets

from practice.domain.bank_rules import LEVELS

LEVEL_CHOICES = [SelectChoice("", "Not sure: every level")] + [
    SelectChoice(level, level.capitalize()) for level in LEVELS
]
TIME_ZONES = sorted(available_timezones())


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (a select with `multiple` is hard to use)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PreparingForm(FlaskForm):
    """The tracks a learner prepares and their level: together, the default drill scope."""

    tracks = CheckboxesField(
        "Tracks you are preparing",
        choices=[],
        validate_choice=True,
        description="Your drill draws from these tracks unless you choose another scope. "
        "Pick none to drill every track.",
    )
    level = RadioField(
        "Your level",
        choices=LEVEL_CHOICES,
        default="",
        validate_choice=True,
        description="Your drill holds the questions up to your level: a mid-level learner "
        "drills junior and mid questions.",
    )

    def __init__(self, track_choices: list[tuple[str, str]], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tracks.choices = [SelectChoice(slug, name) for slug, name in track_choices]


class OnboardingForm(PreparingForm):
    time_zone = SelectField(
        "Your time zone",
        choices=TIME_ZONES,
        default="UTC",
        validate_choice=True,
        description="Your study day, due dates and every time Practice shows follow it.",
    )
