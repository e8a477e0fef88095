"""What one card looks like on the drill screen at a given stage: rendered sections, the next
reveal button, and each rating's interval."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from practice.domain.markdown import render_inline, render_markdown
from practice.domain.scheduling import RATING_NAMES, interval_label, preview
from practice.domain.stages import PROMPT_SECTIONS, STAGES, clamp_stage, layout_of, next_button
from practice.drill.day_load import day_load
from practice.drill.deadlines import card_settings
from practice.drill.queue import DrillCard
from practice.drill.reviews import fuzz_seed
from practice.mentoring.queries import comments_for
from practice.models import User

CODE_LAYOUTS = ("snippet", "problem")  # cards answered in code: snippets, coding problems


@dataclass(frozen=True)
class RatingButton:
    rating: int
    name: str
    interval: str


@dataclass(frozen=True)
class CardScreen:
    card: DrillCard
    stage: int
    prompt_html: list[tuple[str, str]]
    stages_html: list[list[tuple[str, str]]]
    next_label: str | None
    ratings: list[RatingButton]
    typed_answer: str
    shown_at: int
    shown_reps: int = 0  # the card's reps when this screen first showed it
    follow_ups: list[str] = field(default_factory=list)
    client_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    mentor_comments: list = field(default_factory=list)  # shown once the answer is revealed
    code_answer: bool = False  # the answer is code: a monospace box where Tab indents

    @property
    def item(self):
        return self.card.item

    @property
    def rated_since_shown(self) -> bool:
        return self.shown_reps != self.card.memory.reps

    @property
    def title_html(self) -> str:
        return render_inline(self.card.item.title)


def _sections(item, names) -> list[tuple[str, str]]:
    sections = dict(item.sections)
    return [(name, render_markdown(sections[name])) for name in names if sections.get(name)]


def card_screen(
    user: User,
    card: DrillCard,
    stage: int,
    now: datetime,
    fuzz: bool,
    typed_answer: str = "",
    shown_at: int | None = None,
    shown_reps: int | None = None,
) -> CardScreen:
    """The card at `stage` (0 = prompt only); rating buttons once the answer is shown, unless
    the card was rated since this screen first showed it (`shown_reps` differs)."""
    item = card.item
    layout = layout_of(item.kind, [name for name, _ in item.sections])
    stage = clamp_stage(layout, stage)
    shown = STAGES[layout][:stage]
    stages_html = [_sections(item, [n for n in names if n != "Follow-ups"]) for names in shown]
    wants_follow_ups = any("Follow-ups" in names for names in shown)
    ratings = []
    if stage >= 1:
        seed = fuzz_seed(user, item, card.memory.reps)
        settings = card_settings(user, item.id, now, fuzz, item.level)
        outcomes = preview(settings, card.memory, now, seed, day_load(user, now, fuzz, item.id))
        ratings = [
            RatingButton(r, RATING_NAMES[r], interval_label(o.interval))
            for r, o in outcomes.items()
        ]
    prompt = ([("", render_markdown(item.body))] if item.body else []) + _sections(
        item, PROMPT_SECTIONS[layout]
    )
    return CardScreen(
        card=card,
        stage=stage,
        prompt_html=prompt,
        stages_html=stages_html,
        next_label=next_button(layout, stage),
        ratings=ratings,
        typed_answer=typed_answer,
        shown_at=shown_at if shown_at is not None else int(now.timestamp() * 1000),
        shown_reps=card.memory.reps if shown_reps is None else shown_reps,
        follow_ups=[render_markdown(f) for f in item.follow_ups] if wants_follow_ups else [],
        mentor_comments=comments_for(user, item.id) if stage >= 1 else [],
        code_answer=layout in CODE_LAYOUTS,
    )
