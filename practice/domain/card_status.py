"""A card's status, on its own so that every domain module can name it without importing the
scheduler (which imports the recall figures)."""

from __future__ import annotations

from enum import IntEnum


class CardStatus(IntEnum):
    """Where a card stands: FSRS's three states, and NEW for a card that exists (added,
    suspended, buried) but was never reviewed. Stored as its number."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()
