"""The study settings' "default drill scope" part: the tracks and level a learner prepares
(chosen while onboarding), the scope they make, and the form that changes them."""

from __future__ import annotations

from typing import Any

from practice.accounts.onboarding import preparing_data
from practice.accounts.onboarding_forms import PreparingForm
from practice.domain.scope_names import scope_line
from practice.drill.scope_args import default_scope
from practice.models import User
from practice.scopes import scope_choices, scope_names


def preparing_form(user: User, posted: bool = False) -> PreparingForm:
    """The form with the user's choices, or with what was posted (`posted`)."""
    tracks = scope_choices()["track"]
    if posted:
        return PreparingForm(tracks)
    return PreparingForm(tracks, data=preparing_data(user), formdata=None)


def preparing_context(user: User, form: PreparingForm | None = None) -> dict[str, Any]:
    """What the settings page shows of the default scope: its form and the scope in words."""
    scope = default_scope(user)
    return {
        "preparing_form": form or preparing_form(user),
        "default_scope_line": scope_line(scope, scope_names(scope)),
    }
