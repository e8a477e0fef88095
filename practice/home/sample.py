"""The landing page's sample card: one bank question revealed stage by stage, as the drill
reveals it, for visitors who have not signed up yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from practice.domain.markdown import render_markdown
from practice.domain.stages import PROMPT_SECTIONS, STAGES, clamp_stage, layout_of, next_button
from practice.extensions import db
from practice.models import Item


@dataclass(frozen=True)
class SampleCard:
    item: Item
    stage: int  # 0: the prompt alone; N: the first N stages shown
    prompt_html: list[tuple[str, str]]
    stages_html: list[list[tuple[str, str]]]
    follow_ups: list[str]
    next_label: str | None


def sample_item() -> Item | None:
    """The first live question in study order (the easiest junior one): a card anyone can read."""
    return db.session.scalar(
        select(Item)
        .where(Item.retired.is_(False), Item.kind == "question")
        .order_by(Item.study_rank, Item.id)
        .limit(1)
    )


def sample_card(stage: int) -> SampleCard | None:
    """The sample card at `stage` (clamped to the stages it has); None with no bank loaded."""
    item = sample_item()
    if item is None:
        return None
    sections = dict(item.sections)
    layout = layout_of(item.kind, list(sections))
    stage = clamp_stage(layout, stage)

    def rendered(names) -> list[tuple[str, str]]:
        return [(name, render_markdown(sections[name])) for name in names if sections.get(name)]

    shown = STAGES[layout][:stage]
    prompt = [("", render_markdown(item.body))] if item.body else []
    return SampleCard(
        item=item,
        stage=stage,
        prompt_html=prompt + rendered(PROMPT_SECTIONS[layout]),
        stages_html=[rendered([n for n in names if n != "Follow-ups"]) for names in shown],
        follow_ups=[render_markdown(f) for f in item.follow_ups]
        if any("Follow-ups" in names for names in shown)
        else [],
        next_label=next_button(layout, stage),
    )
