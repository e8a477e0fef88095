"""An item as an Anki note, a card state as Anki's scheduling columns, a review as a revlog row.

Pure: the exporter (practice/exchange/apkg.py) gives plain values and writes what this returns.
One note type serves every kind of item: its prompt, then its four stages, each with the label
of the button that reveals it in our drill, so Anki's back side reveals them in the same order.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from practice.domain.stages import PROMPT_SECTIONS, STAGE_BUTTONS, STAGES, layout_of

FIELDS = (
    "Id",
    "Prompt",
    "Stage 1",
    "Stage 2 label",
    "Stage 2",
    "Stage 3 label",
    "Stage 3",
    "Stage 4 label",
    "Stage 4",
    "Facts",
)
# Anki's card types and queues (the collection schema's `cards.type` and `cards.queue`).
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
SUSPENDED_QUEUE = -1
REVLOG_TYPE = {NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}  # learn, review, relearn
MAX_REVLOG_TIME_MS = 60_000  # Anki caps an answer's recorded time at a minute


@dataclass(frozen=True)
class ExportItem:
    external_id: str
    kind: str
    title: str
    body: str
    sections: Sequence[Sequence[str]]
    follow_ups: Sequence[str]
    track: str
    topics: Sequence[str]
    level: str
    difficulty: int


@dataclass(frozen=True)
class Note:
    guid_source: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def stable_id(name: str) -> int:
    """A positive 53-bit id from a name, the same on every export (Anki ids are 64-bit)."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:13], 16)


def tag(kind: str, value: str) -> str:
    """`track::python-flask`: Anki tags have no spaces; `::` makes a tag tree."""
    return kind + "::" + re.sub(r"\s+", "-", value.strip())


def note_for(
    item: ExportItem, render: Callable[[str], str], render_inline: Callable[[str], str]
) -> Note:
    """The note's fields (HTML rendered by our sanitising renderer) and tags."""
    layout = layout_of(item.kind, [name for name, _ in item.sections])
    sections = {name: text for name, text in item.sections}

    def html(names: Sequence[str]) -> str:
        parts: list[str] = []
        for name in names:
            if name == "Follow-ups" and item.follow_ups:
                listed = "".join(f"<li>{render_inline(text)}</li>" for text in item.follow_ups)
                parts.append(f"<h3>Follow-ups</h3><ul>{listed}</ul>")
            elif sections.get(name):
                parts.append(f"<h3>{name}</h3>{render(sections[name])}")
        return "".join(parts)

    prompt = f"<h2>{render_inline(item.title)}</h2>"
    prompt += render(item.body) if item.body else ""
    prompt += html(PROMPT_SECTIONS[layout])
    stages = [html(names) for names in STAGES[layout]]
    labels = STAGE_BUTTONS[layout]
    facts = f"{item.kind} · {item.track} · {item.level} · difficulty {item.difficulty}"
    fields = (
        item.external_id,
        prompt,
        stages[0],
        labels[1],
        stages[1],
        labels[2],
        stages[2],
        labels[3],
        stages[3],
        facts,
    )
    tags = (
        tag("track", item.track),
        tag("level", item.level),
        tag("kind", item.kind),
        *(tag("topic", topic) for topic in item.topics),
    )
    return Note(item.external_id, fields, tags)


@dataclass(frozen=True)
class CardMemory:
    """What Practice knows of one card, in plain values (times in UTC)."""

    state: int  # Practice's CardStatus: 0 new, 1 learning, 2 review, 3 relearning
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    desired_retention: float


@dataclass(frozen=True)
class AnkiSchedule:
    type: int
    queue: int
    due: int
    ivl: int
    reps: int
    lapses: int
    data: str


def schedule_for(card: CardMemory, collection_day0: datetime, position: int) -> AnkiSchedule:
    """Anki's columns for a card: a review card's due is a day number counted from the
    collection's creation day, a learning card's is a Unix time, a new card's its position."""
    if card.state == NEW or card.stability is None or card.difficulty is None:
        queue = SUSPENDED_QUEUE if card.suspended else NEW
        return AnkiSchedule(NEW, queue, position, 0, 0, 0, "")
    memory = {
        "s": round(card.stability, 4),
        "d": round(card.difficulty, 4),
        "dr": round(card.desired_retention, 2),
    }
    data = json.dumps(memory, separators=(",", ":"))
    if card.state == REVIEW:
        due = (card.due.date() - collection_day0.date()).days
        last = card.last_review or card.due
        ivl = max(1, (card.due.date() - last.date()).days)
        queue = REVIEW
    else:
        due, ivl, queue = int(card.due.timestamp()), 0, LEARNING
    queue = SUSPENDED_QUEUE if card.suspended else queue
    return AnkiSchedule(card.state, queue, due, ivl, card.reps, card.lapses, data)


@dataclass(frozen=True)
class ExportReview:
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    state_before: int  # Practice's CardStatus before the review (0 for a new card)
    interval_days: int  # the interval the review gave, 0 when it stayed in learning


@dataclass(frozen=True)
class RevlogRow:
    id: int
    ease: int
    ivl: int
    last_ivl: int
    time: int
    type: int


def revlog_rows(reviews: Sequence[ExportReview], taken: set[int]) -> list[RevlogRow]:
    """One revlog row per review, oldest first. Anki keys a revlog row by its time in
    milliseconds, so a time already `taken` (by another card's review) moves on by 1 ms."""
    rows = []
    last_ivl = 0
    for review in sorted(reviews, key=lambda r: r.reviewed_at):
        row_id = int(review.reviewed_at.timestamp() * 1000)
        while row_id in taken:
            row_id += 1
        taken.add(row_id)
        time = min(max(review.duration_ms or 0, 0), MAX_REVLOG_TIME_MS)
        revlog_type = REVLOG_TYPE.get(review.state_before, 0)
        rows.append(
            RevlogRow(row_id, review.rating, review.interval_days, last_ivl, time, revlog_type)
        )
        last_ivl = review.interval_days or last_ivl
    return rows
