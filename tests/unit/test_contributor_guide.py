"""content/CONTRIBUTING.md says in words what bank_rules checks: the two must agree."""

from __future__ import annotations

import shutil
from pathlib import Path

from practice.domain import bank_rules as rules
from practice.domain.bank import read_bank
from tests.helpers.bank_factory import write_small_bank

GUIDE = Path(__file__).resolve().parents[2] / "content" / "CONTRIBUTING.md"


def table_rows(heading: str) -> list[list[str]]:
    """The body rows of the Markdown tables under a `## ` heading of the guide."""
    section = GUIDE.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return [row for row in rows if row[0] not in ("difficulty", "level", "kind")]


def span(low: int, high: int) -> str:
    return f"{low}–{high}"


def test_the_guide_states_the_rubric_of_the_check():
    rows = table_rows("Difficulty: one rubric for the whole bank")
    rubric = [[span(low, high), text] for low, high, text in rules.DIFFICULTY_RUBRIC]
    levels = [[level, span(*rules.LEVEL_BANDS[level])] for level in rules.LEVELS]
    assert rows == rubric + levels


def test_the_guide_states_the_section_sizes_of_the_check():
    expected = []
    for layout, kind_rules in rules.SECTION_RULES.items():
        kind = "coding problem" if layout == rules.PROBLEM else layout
        for rule in kind_rules:
            if rule.name == rules.FOLLOW_UPS:
                assert (rule.min_items, rule.max_items) == (3, 6)
                continue
            name = f"{rule.name} (optional)" if rule.optional else rule.name
            if rule.min_words:
                expected.append([kind, name, f"{rule.min_words} words"])
            elif rule.min_items:
                expected.append([kind, name, f"{span(rule.min_items, rule.max_items)} items"])
            elif rule.sentences:
                expected.append([kind, name, f"{span(*rule.sentences)} sentences"])
    expected.append(["every kind", "Follow-ups", "3–6 items"])
    assert table_rows("Sections and their sizes") == expected


def test_the_guide_states_the_thresholds_of_the_bank_wide_checks():
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert f"more than {rules.OPENING_SHARE:.0%} of either" in text
    assert rules.OPENING_WORDS == 2 and "first two words" in text
    assert rules.OPENING_MIN_ITEMS == 5 and "at least five of them" in text
    assert (
        f"titles reach a TF-IDF cosine of {rules.PROMPT_FLOOR}, whose texts reach "
        f"{rules.TEXT_FLOOR} and whose mean reaches {rules.DUPLICATE_THRESHOLD}"
    ) in text


def test_the_guide_in_a_bank_folder_is_not_an_item(tmp_path):
    bank = write_small_bank(tmp_path / "bank")
    before = read_bank(bank).bank.items
    shutil.copy(GUIDE, bank / "CONTRIBUTING.md")
    (bank / "README.md").write_text("# Our bank\n", encoding="utf-8")
    report = read_bank(bank)
    assert report.problems == []
    assert report.bank.items == before
