"""What deactivating an account does, in the words of its confirm page."""

from __future__ import annotations

from flask import url_for

from practice.confirm import Confirmation
from practice.models import User


def deactivate_confirmation(user: User, acting: User, query: str) -> Confirmation:
    name = user.display_name
    problem = None
    if user.id == acting.id:
        problem = "You cannot deactivate your own account."
    elif not user.active:
        problem = f"{name} is already deactivated."
    return Confirmation(
        title=f"Deactivate {name} ({user.email})?",
        consequences=(
            f"{name} is signed out on every device at once and cannot sign in until an admin "
            "reactivates the account.",
            "Nothing is deleted: their cards, reviews, sets, mentorships and cohorts are kept "
            "and are theirs again when the account is reactivated.",
        ),
        button=f"Deactivate {name}",
        cancel=url_for("admin.users", q=query),
        problem=problem,
        fields=(("active", "0"),),
    )
