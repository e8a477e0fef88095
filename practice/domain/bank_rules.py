"""The measurable part of the bank's quality bar: the difficulty rubric, sections per kind and
their minimums, and the thresholds of the bank-wide checks (content/CONTRIBUTING.md in words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("junior", "mid", "senior", "architect")
LEVEL_CODES = {"junior": "JR", "mid": "MD", "senior": "SR", "architect": "AR"}
# The difficulty rubric: what each band of difficulties asks of a candidate...
DIFFICULTY_RUBRIC = (
    (1, 2, "a definition"),
    (3, 4, "applying one concept"),
    (5, 6, "trade-offs between two or three approaches"),
    (7, 8, "designing under constraints or debugging across layers"),
    (9, 10, "rare depth that few seniors have (internals, novel design)"),
)
# ...and the difficulties that fit each level: a level spans two bands of the rubric.
LEVEL_BANDS = {"junior": (1, 4), "mid": (3, 6), "senior": (5, 8), "architect": (7, 10)}
KIND_FOLDERS = {
    "questions": "question",
    "errors": "error",
    "snippets": "snippet",
    "design": "design",
    "security": "security",
}
KINDS = tuple(KIND_FOLDERS.values())
FOLLOW_UPS = "Follow-ups"
# A question of this track is a coding problem: a task, a reference solution and its tests.
CODING_TRACK = "algorithms"
PROBLEM = "problem"


@dataclass(frozen=True)
class SectionRule:
    """What one `##` section of a kind must hold."""

    name: str
    min_words: int = 0
    min_items: int = 0
    max_items: int | None = None
    sentences: tuple[int, int] | None = None
    needs_fence: bool = False
    needs_language: bool = False
    optional: bool = False
    story: bool = False


def _rules(*rules: SectionRule) -> tuple[SectionRule, ...]:
    return rules + (SectionRule(FOLLOW_UPS, min_items=3, max_items=6),)


SECTION_RULES: dict[str, tuple[SectionRule, ...]] = {
    "question": _rules(
        SectionRule("Answer", sentences=(2, 5)),
        SectionRule("Deep dive", min_words=120),
        SectionRule("Real world", min_words=60, story=True),
        SectionRule("Common mistakes", min_items=2, max_items=5),
        SectionRule("Production scenario", min_words=60, story=True),
    ),
    "error": _rules(
        SectionRule("Error", needs_fence=True),
        SectionRule("Root cause", min_words=40),
        SectionRule("Fix", min_words=40),
        SectionRule("Prevention", min_words=20, optional=True),
    ),
    "snippet": _rules(
        SectionRule("Task", min_words=15),
        SectionRule("Code", needs_fence=True, needs_language=True),
        SectionRule("How it works", min_words=60),
        SectionRule("Pitfalls", min_items=2, max_items=5),
    ),
    PROBLEM: _rules(
        SectionRule("Task", min_words=30),
        SectionRule("Answer", sentences=(2, 5)),
        SectionRule("Code", needs_fence=True, needs_language=True),
        SectionRule("Deep dive", min_words=120),
        SectionRule("Common mistakes", min_items=2, max_items=5),
        SectionRule("Tests", needs_fence=True, needs_language=True),
    ),
    "design": _rules(
        SectionRule("Problem", min_words=40),
        SectionRule("Approach", min_words=60),
        SectionRule("Deep dive", min_words=120),
        SectionRule("Trade-offs", min_words=60),
        SectionRule("Common mistakes", min_items=2, max_items=5),
    ),
    "security": _rules(
        SectionRule("Problem", min_words=40),
        SectionRule("Approach", min_words=60),
        SectionRule("Deep dive", min_words=120),
        SectionRule("Defence", min_words=60),
        SectionRule("Common mistakes", min_items=2, max_items=5),
    ),
}

# Bank-wide checks. Near-duplicates: two items of one family (a question, an error and a
# snippet on one subject are meant to coexist) whose prompts (titles) reach PROMPT_FLOOR,
# whose texts (every section's prose) reach TEXT_FLOOR, and whose mean reaches
# DUPLICATE_THRESHOLD, in TF-IDF cosine with the words that name a track's platform left out.
# The text's floor is the higher: one subject asked on two platforms ("strings are immutable
# in Java / in VB.NET") has near-identical prompts but answers of its own.
DUPLICATE_FAMILIES = {
    "question": "question",
    "design": "question",
    "security": "question",
    "error": "error",
    "snippet": "snippet",
}
DUPLICATE_THRESHOLD = 0.45
PROMPT_FLOOR = 0.2
TEXT_FLOOR = 0.3
# Story openings: no OPENING_WORDS-word opening may start more than OPENING_SHARE of a story
# section's texts (once it starts at least OPENING_MIN_ITEMS of them).
OPENING_WORDS = 2
OPENING_SHARE = 0.05
OPENING_MIN_ITEMS = 5

_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})\s*([\w+#.-]*)")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+(.*)")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx|Mr|Ms|Dr)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:[\"')\]`*_]*)(?:\s+|$)")
_INLINE_CODE = re.compile(r"`[^`]*`")


def word_count(text: str) -> int:
    """Words of prose in a section (whitespace-separated runs), fenced code left out."""
    return len(prose(text).split())


def difficulty_band(difficulty: int) -> str:
    """What the rubric says a difficulty asks of a candidate."""
    return next(text for low, high, text in DIFFICULTY_RUBRIC if low <= difficulty <= high)


def difficulty_problem(level: str, difficulty: int) -> str | None:
    """Why a difficulty does not fit its level on the rubric (None when it does)."""
    low, high = LEVEL_BANDS[level]
    if low <= difficulty <= high:
        return None
    return (
        f"difficulty {difficulty} does not fit level {level} ({low}..{high}): {difficulty} is "
        f"{difficulty_band(difficulty)}, while {level} items run from "
        f"{difficulty_band(low)} to {difficulty_band(high)}; re-rate it on the rubric "
        "(content/CONTRIBUTING.md) or change its level"
    )


def sentence_count(text: str) -> int:
    """Sentences in prose, ignoring inline code and common abbreviations."""
    prose = _ABBREVIATIONS.sub("abbr", _INLINE_CODE.sub("code", text))
    prose = re.sub(r"\d\.\d", "0", prose)
    return len([part for part in _SENTENCE_END.split(prose.strip()) if part.strip()])


def list_items(text: str) -> list[str]:
    """Top-level bullet or numbered items, continuation lines joined."""
    items: list[str] = []
    for line in text.splitlines():
        match = _LIST_ITEM.match(line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.strip():
            items[-1] = f"{items[-1]} {line.strip()}"
    return items


def fences(text: str) -> list[str]:
    """The language tag of each fenced code block ('' when it has none)."""
    return _split_code(text)[1]


def prose(text: str) -> str:
    """A section's text without its fenced code blocks (fence lines included)."""
    return "\n".join(_split_code(text)[0])


def _split_code(text: str) -> tuple[list[str], list[str]]:
    """The lines outside fenced code, and the language tag of each fence."""
    lines: list[str] = []
    languages: list[str] = []
    closing: str | None = None
    for line in text.splitlines():
        if closing is None:
            match = _FENCE_OPEN.match(line)
            if match:
                closing = match.group(1)
                languages.append(match.group(2))
            else:
                lines.append(line)
        elif line.strip().startswith(closing[0] * len(closing)) and not line.strip().strip(
            closing[0]
        ):
            closing = None
    return lines, languages


def section_problems(rule: SectionRule, text: str) -> list[str]:
    """Why a section falls short of its rule (empty when it passes)."""
    problems = []
    words = word_count(text) if rule.min_words else 0
    if rule.min_words and words < rule.min_words:
        problems.append(
            f"'{rule.name}' has {words} words of prose (code blocks not counted); "
            f"at least {rule.min_words} expected"
        )
    if rule.min_items or rule.max_items:
        count = len(list_items(text))
        if count < rule.min_items:
            problems.append(
                f"'{rule.name}' has {count} list items; at least {rule.min_items} expected"
            )
        elif rule.max_items is not None and count > rule.max_items:
            problems.append(
                f"'{rule.name}' has {count} list items; at most {rule.max_items} expected "
                "(keep the ones that matter most)"
            )
    if rule.sentences:
        low, high = rule.sentences
        count = sentence_count(text)
        if not low <= count <= high:
            problems.append(f"'{rule.name}' has {count} sentences; {low} to {high} expected")
    languages = fences(text) if rule.needs_fence else []
    if rule.needs_fence and not languages:
        problems.append(f"'{rule.name}' needs a fenced code block")
    elif rule.needs_language and not all(languages):
        problems.append(f"'{rule.name}' code block needs a language tag (```python, ...)")
    return problems


def layout(kind: str, track: str) -> str:
    """Which sections an item has: its kind's, or a coding problem's for questions of the
    coding track."""
    return PROBLEM if kind == "question" and track == CODING_TRACK else kind
