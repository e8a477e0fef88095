"""A learner's own leeches: the list, and clearing a card's leech mark once they have
reworked it (it becomes a leech again only at its next threshold)."""

from __future__ import annotations

from sqlalchemy import update

from practice.extensions import db, rows_changed
from practice.models import CardState, Item, User
from practice.stats.leeches import LeechFigures, leech_figures


def own_leeches(user: User) -> LeechFigures:
    return leech_figures([user.id])


def clear_leech(user: User, item: Item) -> bool:
    """Remove the leech mark of the user's card for the item; False if it had none."""
    changed = rows_changed(
        update(CardState)
        .where(CardState.user_id == user.id, CardState.item_id == item.id)
        .where(CardState.leeched_at.is_not(None))
        .values(leeched_at=None)
    )
    db.session.commit()
    return changed == 1
