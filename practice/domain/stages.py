"""How each kind of item is revealed in the drill: what the prompt shows, then each stage."""

from __future__ import annotations

PROMPT_SECTIONS = {
    "question": (),
    "error": ("Error",),
    "snippet": ("Task",),
    "design": ("Problem",),
    "security": ("Problem",),
    "problem": ("Task",),
}
STAGES = {
    "question": (
        ("Answer",),
        ("Deep dive",),
        ("Real world", "Common mistakes", "Production scenario"),
        ("Follow-ups",),
    ),
    "error": (("Root cause",), ("Fix",), ("Prevention",), ("Follow-ups",)),
    "snippet": (("Code",), ("How it works",), ("Pitfalls",), ("Follow-ups",)),
    "design": (("Approach",), ("Deep dive",), ("Trade-offs", "Common mistakes"), ("Follow-ups",)),
    "security": (("Approach",), ("Deep dive",), ("Defence", "Common mistakes"), ("Follow-ups",)),
    "problem": (("Answer",), ("Code", "Deep dive"), ("Common mistakes",), ("Follow-ups",)),
}
# Each label names every section its stage reveals (a learner knows what the click shows).
STAGE_BUTTONS = {
    "question": (
        "Show answer",
        "Deep dive",
        "Real world, mistakes and production scenario",
        "Follow-ups",
    ),
    "error": ("Root cause", "Fix", "Prevention", "Follow-ups"),
    "snippet": ("Show code", "How it works", "Pitfalls", "Follow-ups"),
    "design": ("Approach", "Deep dive", "Trade-offs and mistakes", "Follow-ups"),
    "security": ("Approach", "Deep dive", "Defence and mistakes", "Follow-ups"),
    "problem": ("Show approach", "Code and deep dive", "Common mistakes", "Follow-ups"),
}


def layout_of(kind: str, section_names: tuple[str, ...] | list[str]) -> str:
    """How an item is revealed: a question with a Task is a coding problem."""
    return "problem" if kind == "question" and "Task" in section_names else kind


def stage_count(kind: str) -> int:
    return len(STAGES[kind])


def clamp_stage(kind: str, stage: int) -> int:
    """Stage 0 is the prompt alone; stage N shows the first N stages."""
    return max(0, min(stage, stage_count(kind)))


def next_button(kind: str, stage: int) -> str | None:
    """The label of the button that reveals the next stage, or None when all are shown."""
    return STAGE_BUTTONS[kind][stage] if stage < stage_count(kind) else None
