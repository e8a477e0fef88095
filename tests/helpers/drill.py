"""Driving the drill over HTTP: the shown card, its forms, reveal, rate, the counters, and a
small bank for drill tests."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from practice.domain.scheduling import Memory
from practice.drill.memory import memory_columns
from practice.extensions import db
from practice.models import CardState, Item, User
from tests.helpers.bank_factory import write_catalog, write_item


def shown_card(page: str) -> str | None:
    match = re.search(r'data-item="([^"]+)"', page)
    return match.group(1) if match else None


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the first form posting to `action`."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def reveal(client, page: str, headers=None) -> str:
    fields = form_fields(page, "/drill/reveal")
    return client.post("/drill/reveal", data=fields, headers=headers or {}).get_data(True)


def rate(client, page: str, rating, **extra):
    fields = form_fields(page, "/drill/rate") | {"rating": str(rating)} | extra
    return client.post("/drill/rate", data=fields)


def counts(page: str) -> tuple[int, int, int]:
    found = re.search(
        r"<b>(\d+)</b> learning</span>\s*<span[^>]*><b>(\d+)</b> due</span>\s*<span[^>]*>"
        r"<b>(\d+)</b> new",
        page,
    )
    return tuple(int(n) for n in found.groups())


def write_drill_bank(root: Path) -> Path:
    """Three junior Python questions, a Go question and a Python error."""
    write_catalog(root)
    write_item(
        root,
        "PY-JR-001",
        "What does a Python list comprehension build?",
        level="junior",
        difficulty=1,
        topics="[databases]",
    )
    write_item(
        root,
        "PY-JR-002",
        "How do you read a file line by line in Python?",
        level="junior",
        difficulty=2,
        topics="[databases]",
    )
    write_item(
        root,
        "PY-JR-003",
        "Why does pytest discover test functions by name?",
        level="junior",
        difficulty=2,
        topics="[testing]",
    )
    write_item(root, "GO-MD-001", "When does a Go goroutine leak its stack?", track="go")
    write_item(root, "PY-ERR-001", "KeyError when reading the session", kind="error")
    return root


def put_card(app, external_id: str, state: int, due, last_review, stability: float = 5.0, **more):
    """Give the first user (or the one with `email=`) a card state for an item, due and last
    reviewed when given; other keywords set columns (`lapses=`, `leeched_at=`)."""
    email = more.pop("email", None)
    with app.app_context():
        chosen = select(User).where(User.email == email) if email else select(User)
        user = db.session.scalar(chosen.order_by(User.id))
        item = db.session.scalar(select(Item).where(Item.external_id == external_id))
        lapses = more.pop("lapses", 0)
        memory = Memory(
            state=state,
            step=None if state == 2 else 0,
            stability=stability,
            difficulty=5.0,
            due=due,
            last_review=last_review,
            reps=3 + lapses,
            lapses=lapses,
        )
        columns = memory_columns(memory, user) | more
        db.session.add(CardState(user_id=user.id, item_id=item.id, **columns))
        db.session.commit()


def set_user(app, **values) -> None:
    """Change the (only) user's settings."""
    with app.app_context():
        user = db.session.scalar(select(User).order_by(User.id))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()
