"""The add-to-set fragment's choices, for any page that includes it (a context processor,
registered by create_app)."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from practice.sets import queries as sets


def add_to_set_helpers():
    """`add_to_set_choices()` for the add-to-set fragment, wherever it is included."""

    def add_to_set_choices():
        if not current_user.is_authenticated:
            return []
        if "add_to_set_choices" not in g:
            g.add_to_set_choices = sets.own_list_sets(current_user)
        return g.add_to_set_choices

    return {"add_to_set_choices": add_to_set_choices}
