"""The card browser's choices, pure: its columns and how each sorts, the bulk actions, and the
labels a row shows (due moment in the learner's zone, flags)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from practice.domain.card_status import CardStatus

# column key -> its heading; every column sorts
COLUMNS: dict[str, str] = {
    "item": "Card",
    "state": "State",
    "due": "Due",
    "stability": "Stability",
    "difficulty": "Difficulty",
    "retrievability": "Recall now",
    "lapses": "Lapses",
    "rating": "Last rating",
    "flags": "Flags",
}
DEFAULT_SORT = "due"
ORDERS = ("asc", "desc")
PER_PAGE = 50
MAX_SELECTED = 500  # ids in one bulk action (ten pages' worth)

# action key -> (button label, what it did, past tense); reset and forget are confirmed first
ACTIONS: dict[str, tuple[str, str]] = {
    "suspend": ("Suspend", "Suspended"),
    "unsuspend": ("Unsuspend", "Unsuspended"),
    "unbury": ("Unbury", "Unburied"),
    "add-to-set": ("Add to set", "Added"),
    "reset": ("Reset to new", "Reset"),
    "forget": ("Forget", "Forgot"),
}
CONFIRMED_ACTIONS = ("reset", "forget")


@dataclass(frozen=True)
class Sort:
    column: str = DEFAULT_SORT
    order: str = "asc"

    @property
    def descending(self) -> bool:
        return self.order == "desc"

    def toggled(self, column: str) -> Sort:
        """The sort a column heading links to: its column ascending, or flipped if current."""
        if column == self.column:
            return Sort(column, "asc" if self.descending else "desc")
        return Sort(column, "asc")


def parse_sort(column: str | None, order: str | None) -> Sort:
    """The requested sort; anything unknown falls back to the default (due date, soonest)."""
    return Sort(
        column if column in COLUMNS else DEFAULT_SORT,
        order if order in ORDERS else "asc",
    )


def parse_ids(values: list[str]) -> list[int] | None:
    """Card ids from a form, in order, once each; None when one is not a whole number or
    there are more than MAX_SELECTED."""
    ids: dict[int, None] = {}
    for value in values:
        if not value.isdigit() or len(value) > 12:
            return None
        ids[int(value)] = None
    return list(ids) if len(ids) <= MAX_SELECTED else None


def due_label(due: datetime, status: int, time_zone: str) -> str:
    """When the card is due, on the learner's clock: a date, with the time for a learning
    card (due within the day); a new card has no due date."""
    if status == CardStatus.NEW:
        return "new"
    local = due.astimezone(ZoneInfo(time_zone))
    if status in (CardStatus.LEARNING, CardStatus.RELEARNING):
        return local.strftime("%Y-%m-%d %H:%M")
    return local.date().isoformat()


def flags(suspended: bool, buried: bool, leech: bool, retired: bool) -> tuple[str, ...]:
    """The card's flags, as the Flags column names them."""
    named = (("suspended", suspended), ("buried", buried), ("leech", leech), ("retired", retired))
    return tuple(name for name, on in named if on)
