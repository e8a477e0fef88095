"""Bank-wide checks of the quality bar: near-duplicate items and stock story openings.

Pure: takes the items read from a bank, returns warnings; thresholds live in bank_rules.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from practice.domain import bank_rules as rules
from practice.domain.bank_types import REVIEW, WARNING, BankItem, Problem, Topic, Track
from practice.domain.similarity import (
    Terms,
    Vector,
    dot,
    idf_weights,
    light_stem,
    lower_words,
    near_duplicate_pairs,
    similar_pairs,
    tfidf_vector,
    tfidf_vectors,
)

BANK = "(bank)"
_OPENING_WORD = re.compile(r"[^\W_]+")  # "The team's" opens like "The team"
EXAMPLES = 3
OPENING_CHARACTERS = 200


def bank_problems(
    items: Sequence[BankItem], tracks: Iterable[Track], topics: Iterable[Topic]
) -> list[Problem]:
    """Every bank-wide warning: near-duplicate titles and items, over-used story openings."""
    title_pairs = near_duplicate_title_problems(items)
    flagged = {(earlier, later) for earlier, later, _ in title_pairs}
    problems = [problem for _, _, problem in title_pairs]
    ignored = platform_words(tracks, topics)
    for earlier, later, problem in near_duplicate_item_problems(items, ignored):
        if (earlier, later) not in flagged:
            problems.append(problem)
    return problems + opening_problems(items)


def near_duplicate_title_problems(items: Sequence[BankItem]) -> list[tuple[int, int, Problem]]:
    """Titles that say the same thing in nearly the same words, anywhere in the bank."""
    found = []
    for earlier, later, score in near_duplicate_pairs([item.title for item in items]):
        a, b = items[earlier], items[later]
        message = (
            f"title is a near-duplicate ({score:.0%}) of {a.external_id} ({a.source_path}): "
            f"'{a.title}'"
        )
        found.append((earlier, later, Problem(b.source_path, b.title_line, message, WARNING)))
    return found


def platform_words(tracks: Iterable[Track], topics: Iterable[Topic]) -> frozenset[str]:
    """Words that name a track's platform (Flask, React, VB.NET...) and no topic's subject.

    Two tracks asking the same question differ mostly in these words, so the near-duplicate
    check leaves them out.
    """
    named = [word for track in tracks for word in lower_words(f"{track.name} {track.code}")]
    named += [word for track in tracks for word in track.slug.split("-")]
    subjects = {word for topic in topics for word in lower_words(f"{topic.name} {topic.slug}")}
    subject_stems = {light_stem(word) for word in subjects}
    return frozenset(word for word in named if light_stem(word) not in subject_stems)


def near_duplicate_item_problems(
    items: Sequence[BankItem], ignored: frozenset[str] = frozenset()
) -> list[tuple[int, int, Problem]]:
    """Items of one family that ask the same thing in other words: prompt and text alike."""
    members: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        members[rules.DUPLICATE_FAMILIES[item.kind]].append(position)
    found = []
    for positions in members.values():
        family = [items[position] for position in positions]
        for earlier, later, prompt, text in similar_items(family, ignored):
            a, b = family[earlier], family[later]
            score = (prompt + text) / 2
            message = (
                f"near-duplicate of {a.external_id} ({a.source_path}): similarity {score:.2f} "
                f"(prompt {prompt:.2f}, text {text:.2f}; warned from "
                f"{rules.DUPLICATE_THRESHOLD:.2f})"
            )
            problem = Problem(b.source_path, b.title_line, message, REVIEW)
            found.append((positions[earlier], positions[later], problem))
    return found


def similar_items(
    items: Sequence[BankItem], ignored: frozenset[str] = frozenset()
) -> list[tuple[int, int, float, float]]:
    """Pairs (earlier, later, prompt cosine, text cosine) alike enough to be one question.

    The prompt is the title; the text is every section's prose (code left out). Each must
    reach its floor, so that neither a shared title nor a shared subject alone makes a
    duplicate ("What is a closure in Go?" and "... in Python?" answer differently), and
    their mean DUPLICATE_THRESHOLD. Candidates come from a similarity join on the prompts;
    only their texts are weighed.
    """
    terms = Terms(ignored)
    prompts = tfidf_vectors([terms(item.title) for item in items])
    candidates = similar_pairs(prompts, rules.PROMPT_FLOOR)
    counts = [terms("\n".join(rules.prose(text) for _, text in item.sections)) for item in items]
    idf = idf_weights(counts)
    vectors: dict[int, Vector] = {}

    def vector(position: int) -> Vector:
        if position not in vectors:
            vectors[position] = tfidf_vector(counts[position], idf)
        return vectors[position]

    found = []
    for earlier, later, prompt in candidates:
        text = dot(vector(earlier), vector(later))
        alike = text >= rules.TEXT_FLOOR and prompt + text >= 2 * rules.DUPLICATE_THRESHOLD
        if alike:
            found.append((earlier, later, prompt, text))
    return found


def opening(text: str) -> str:
    """The first OPENING_WORDS words of a text's prose, lower-cased ('' when it has fewer)."""
    found = _OPENING_WORD.findall(rules.prose(text[:OPENING_CHARACTERS]).lower())
    return " ".join(found[: rules.OPENING_WORDS]) if len(found) >= rules.OPENING_WORDS else ""


def opening_problems(items: Sequence[BankItem]) -> list[Problem]:
    """Story sections whose texts open with the same words too often across the bank."""
    stories = {rule.name for kind in rules.SECTION_RULES.values() for rule in kind if rule.story}
    openings: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in stories}
    for item in items:
        for name, text in item.sections:
            if name in stories:
                openings[name][opening(text)].append(item.source_path)
    problems = []
    for name in sorted(openings):
        total = sum(len(paths) for paths in openings[name].values())
        allowed = max(rules.OPENING_MIN_ITEMS - 1, math.floor(rules.OPENING_SHARE * total))
        for words, paths in sorted(
            openings[name].items(), key=lambda entry: (-len(entry[1]), entry[0])
        ):
            if words and len(paths) > allowed:
                message = _opening_message(name, words, paths, total)
                problems.append(Problem(BANK, None, message, WARNING))
    return problems


def _opening_message(section: str, words: str, paths: list[str], total: int) -> str:
    examples = ", ".join(sorted(paths)[:EXAMPLES])
    more = f" and {len(paths) - EXAMPLES} more" if len(paths) > EXAMPLES else ""
    return (
        f"'{words.capitalize()} ...' opens {len(paths)} of {total} '## {section}' sections "
        f"({len(paths) / total:.1%}; at most {rules.OPENING_SHARE:.0%} may share an opening): "
        f"{examples}{more}"
    )
