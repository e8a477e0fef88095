"""What resetting or forgetting cards does, in the words the confirm page uses."""

from __future__ import annotations

from practice.confirm import Confirmation, counted
from practice.models import CardState

KEPT = "Your past reviews stay in your history and statistics."


def action_confirmation(action: str, cards: list[CardState], back: str) -> Confirmation:
    number = counted(len(cards), "card")
    fields = tuple(("card", str(card.id)) for card in cards) + (("next", back),)
    if action == "reset":
        return Confirmation(
            title=f"Reset {number} to new?",
            consequences=(
                "They become new cards again, first among your new cards: their schedule, "
                "stability, difficulty, review and lapse counts and leech marks are cleared.",
                KEPT + " They no longer shape these cards' schedules.",
                "This cannot be undone.",
            ),
            button=f"Reset {number}",
            cancel=back,
            fields=fields,
        )
    return Confirmation(
        title=f"Forget {number}?",
        consequences=(
            "They leave My cards, as if you had never studied them: they come back as "
            "ordinary new cards in study order, unsuspended.",
            KEPT + " They no longer shape these cards' schedules.",
            "This cannot be undone.",
        ),
        button=f"Forget {number}",
        cancel=back,
        fields=fields,
    )
