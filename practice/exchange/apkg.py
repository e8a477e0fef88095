"""Anki packages written with genanki, one note per item (practice/domain/anki_notes.py).

genanki writes notes, cards and decks but knows nothing of scheduling, so a package that carries
the learner's history is finished here: after genanki's `write_to_db` fills the collection, each
studied card gets Anki's scheduling columns and FSRS memory state (`cards.data`), and each
review a `revlog` row. Anki then schedules those cards from where Practice left them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import genanki

from practice.domain.anki_notes import (
    FIELDS,
    CardMemory,
    ExportItem,
    ExportReview,
    note_for,
    revlog_rows,
    schedule_for,
    stable_id,
)
from practice.domain.markdown import render_inline, render_markdown

MODEL_NAME = "Practice item"
FRONT = '<div class="prompt">{{Prompt}}</div>'
BACK = """{{FrontSide}}
<hr id="answer">
<div class="stage">{{Stage 1}}</div>
{{#Stage 2}}<details><summary>{{Stage 2 label}}</summary>{{Stage 2}}</details>{{/Stage 2}}
{{#Stage 3}}<details><summary>{{Stage 3 label}}</summary>{{Stage 3}}</details>{{/Stage 3}}
{{#Stage 4}}<details><summary>{{Stage 4 label}}</summary>{{Stage 4}}</details>{{/Stage 4}}
<p class="facts">{{Facts}} · {{Id}}</p>"""
CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left;
  max-width: 46em; margin: 0 auto; line-height: 1.5; }
details { margin: 0.8em 0; } summary { cursor: pointer; font-weight: 600; }
pre { overflow-x: auto; padding: 0.6em; background: rgba(127,127,127,0.12); }
.facts { color: #666; font-size: 0.8em; }"""


def note_model() -> genanki.Model:
    return genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Recall", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


@dataclass
class History:
    """The learner's card states and reviews by item external id (empty: notes only)."""

    cards: Mapping[str, CardMemory] = field(default_factory=dict)
    reviews: Mapping[str, Sequence[ExportReview]] = field(default_factory=dict)


def write_package(
    path: str, deck_name: str, items: Sequence[ExportItem], history: History | None = None
) -> None:
    """Write an .apkg of `items` (one deck named `deck_name`) to `path`."""
    model = note_model()
    deck = genanki.Deck(stable_id(f"deck:{deck_name}"), deck_name)
    for item in items:
        note = note_for(item, render_markdown, render_inline)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=list(note.fields),
                tags=list(note.tags),
                guid=genanki.guid_for(note.guid_source),
            )
        )
    handle, database = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        with sqlite3.connect(database) as connection:
            cursor = connection.cursor()
            now = datetime.now(UTC).timestamp()
            package = genanki.Package(deck)
            package.write_to_db(cursor, now, _ids(now))
            _mark_v2_scheduler(cursor)
            if history and history.cards:
                _write_history(cursor, history)
        connection.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", json.dumps({}))
    finally:
        os.unlink(database)


def _ids(now: float):
    counter = int(now * 1000)
    while True:
        yield counter
        counter += 1


def _mark_v2_scheduler(cursor: sqlite3.Cursor) -> None:
    """genanki's collection says nothing of its scheduler, which Anki reads as the old v1, whose
    learning cards had three buttons: importing, Anki would turn our Good (3) on a learning card
    into Easy (4). Our ratings are four-button ones, as in v2 and later."""
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    cursor.execute("UPDATE col SET conf = ?", (json.dumps(json.loads(conf) | {"schedVer": 2}),))


def _write_history(cursor: sqlite3.Cursor, history: History) -> None:
    (crt,) = cursor.execute("SELECT crt FROM col").fetchone()
    day0 = datetime.fromtimestamp(crt, UTC)
    card_ids = dict(
        cursor.execute("SELECT notes.guid, cards.id FROM cards JOIN notes ON notes.id = cards.nid")
    )
    taken: set[int] = set()
    for position, (external_id, memory) in enumerate(history.cards.items()):
        card_id = card_ids.get(genanki.guid_for(external_id))
        if card_id is None:
            continue
        plan = schedule_for(memory, day0, position)
        cursor.execute(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, "
            "data = ? WHERE id = ?",
            (plan.type, plan.queue, plan.due, plan.ivl, plan.reps, plan.lapses, plan.data, card_id),
        )
        rows = revlog_rows(history.reviews.get(external_id, ()), taken)
        cursor.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, ?, 0, ?, ?)",
            [(r.id, card_id, r.ease, r.ivl, r.last_ivl, r.time, r.type) for r in rows],
        )
