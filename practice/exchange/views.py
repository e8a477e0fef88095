"""Download a set, the bundled bank or my cards as an Anki package or a CSV file.

Downloads are GETs that change nothing. A set is exported to whoever may see it; "with my
history" adds the signed-in learner's own card states and reviews, never anyone else's.
"""

from __future__ import annotations

import os
import re
import tempfile

from flask import Response, abort, after_this_request, request, send_file
from flask_login import current_user, login_required

from practice.access import found, set_for
from practice.exchange import bp
from practice.exchange.apkg import History, write_package
from practice.exchange.csv_export import items_csv
from practice.exchange.queries import (
    bank_items,
    bank_sources,
    card_memories,
    export_item,
    reviews_of,
    set_items,
    studied_items,
)
from practice.extensions import limiter
from practice.models import Item

EXPORT_LIMIT = "20 per minute"


def _file_name(title: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60] or "practice"
    return f"{stem}.{suffix}"


def _with_history() -> bool:
    return request.args.get("history") in ("1", "yes", "on")


def _history(items: list[Item]) -> History | None:
    if not _with_history():
        return None
    by_id = {item.id: item.external_id for item in items}
    cards = card_memories(current_user, items)
    reviews = reviews_of(current_user, items)
    return History(
        cards={by_id[item_id]: memory for item_id, memory in cards.items()},
        reviews={by_id[item_id]: found_reviews for item_id, found_reviews in reviews.items()},
    )


def _package(title: str, items: list[Item]):
    handle, path = tempfile.mkstemp(suffix=".apkg")
    os.close(handle)
    write_package(path, title, [export_item(item) for item in items], _history(items))

    @after_this_request
    def remove(response: Response) -> Response:
        os.unlink(path)
        return response

    return send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=_file_name(title, "apkg"),
    )


def _csv(title: str, items: list[Item]) -> Response:
    body = items_csv([export_item(item) for item in items])
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{_file_name(title, "csv")}"',
        },
    )


@bp.get("/sets/<int:set_id>/export.apkg")
@login_required
@limiter.limit(EXPORT_LIMIT)
def set_apkg(set_id: int):
    question_set = found(set_for(current_user, set_id))
    return _package(question_set.title, set_items(question_set))


@bp.get("/sets/<int:set_id>/export.csv")
@login_required
@limiter.limit(EXPORT_LIMIT)
def set_csv(set_id: int):
    question_set = found(set_for(current_user, set_id))
    return _csv(question_set.title, set_items(question_set))


MY_CARDS = "My Practice cards"


@bp.get("/export/my-cards.apkg")
@login_required
@limiter.limit(EXPORT_LIMIT)
def my_cards_apkg():
    return _package(MY_CARDS, studied_items(current_user))


@bp.get("/export/my-cards.csv")
@login_required
@limiter.limit(EXPORT_LIMIT)
def my_cards_csv():
    return _csv(MY_CARDS, studied_items(current_user))


def _bank(source: str) -> list[Item]:
    """A bank's items, when there is a bank of that name (the bundled one is public)."""
    if source not in bank_sources():
        abort(404)
    return bank_items(source)


@bp.get("/export/bank/<source>.apkg")
@login_required
@limiter.limit(EXPORT_LIMIT)
def bank_apkg(source: str):
    return _package(f"Practice {source}", _bank(source))


@bp.get("/export/bank/<source>.csv")
@login_required
@limiter.limit(EXPORT_LIMIT)
def bank_csv(source: str):
    return _csv(f"Practice {source}", _bank(source))
