"""Bank-wide warnings: near-duplicate items and over-used story openings.

Each check fires on a crafted bank and stays silent on a clean one. The clean banks are
synthetic questions whose prose draws made-up words with Zipf's law (bank_factory), so that
the checks meet the vocabulary of real writing rather than one repeated sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.domain.bank import read_bank
from practice.domain.bank_lint import platform_words
from practice.domain.bank_types import Topic, Track
from tests.helpers.bank_factory import ZipfWriter, write_item, write_synthetic_bank

LEAK = "How do you find and fix a memory leak in a long-running {} service?"


def warnings_of(folder: Path) -> list[str]:
    return [str(problem) for problem in read_bank(folder).problems]


def near_duplicates(folder: Path) -> list[str]:
    return [problem for problem in warnings_of(folder) if "near-duplicate of" in problem]


def openings(folder: Path) -> list[str]:
    return [problem for problem in warnings_of(folder) if "' opens " in problem]


@pytest.fixture(scope="module")
def clean_bank(tmp_path_factory) -> Path:
    return write_synthetic_bank(tmp_path_factory.mktemp("clean") / "bank", 40)


@pytest.fixture
def bank(tmp_path, clean_bank) -> Path:
    """A fresh copy of the 40-question clean bank, to break one thing in."""
    import shutil

    return Path(shutil.copytree(clean_bank, tmp_path / "bank"))


def test_synthetic_bank_is_clean(clean_bank):
    assert warnings_of(clean_bank) == []


def test_same_question_in_two_tracks_is_flagged_naming_both_files(bank):
    sections = ZipfWriter(seed=90).question_sections()
    write_item(bank, "PY-SR-901", LEAK.format("Python"), level="senior", sections=sections)
    retold = sections | {"Production scenario": ZipfWriter(seed=91).story(70)}
    write_item(bank, "GO-SR-901", LEAK.format("Go"), track="go", level="senior", sections=retold)
    found = near_duplicates(bank)
    assert len(found) == 1
    assert found[0].startswith(
        "questions/python/PY-SR-901.md:8: review: near-duplicate of GO-SR-901 "
        "(questions/go/GO-SR-901.md): similarity "
    )
    assert "(prompt 1.00, text 0." in found[0] and "warned from 0.45)" in found[0]


def test_same_prompt_with_its_own_answer_is_not_a_duplicate(bank):
    """What a closure is in Go and in Python: one prompt, two different answers."""
    for code, track, seed in (("PY", "python", 92), ("GO", "go", 93)):
        sections = ZipfWriter(seed=seed).question_sections()
        title = LEAK.format(track.capitalize())
        write_item(bank, f"{code}-SR-902", title, track=track, level="senior", sections=sections)
    assert near_duplicates(bank) == []


def test_a_question_and_a_snippet_on_one_subject_are_not_compared(bank):
    sections = ZipfWriter(seed=94).question_sections()
    write_item(bank, "PY-SR-903", LEAK.format("Python"), level="senior", sections=sections)
    write_item(
        bank,
        "GO-SNP-903",
        "Find a memory leak in a long-running Go service with pprof",
        kind="snippet",
        track="go",
        sections={"How it works": sections["Deep dive"]},
    )
    assert near_duplicates(bank) == []


def test_near_duplicate_titles_get_one_warning_not_two(bank):
    sections = ZipfWriter(seed=95).question_sections()
    write_item(bank, "PY-SR-904", LEAK.format("Python"), level="senior", sections=sections)
    write_item(bank, "PY-SR-905", LEAK.format("Python"), level="senior", sections=sections)
    found = warnings_of(bank)
    assert len(found) == 1 and "title is a near-duplicate (100%) of PY-SR-904" in found[0]
    assert "(questions/python/PY-SR-904.md)" in found[0]


def test_platform_words_are_the_tracks_names_but_no_topics_subject():
    tracks = [Track("python-flask", "Python · Flask", "FLSK"), Track("security", "Security", "SEC")]
    topics = [Topic("security", "Security"), Topic("web-vulnerabilities", "Web vulnerabilities")]
    assert platform_words(tracks, topics) == {"python", "flask", "flsk", "sec"}


def restory(path: Path, section: str, opening: str) -> None:
    """Give one story section of an item file a new opening."""
    head, rest = path.read_text().split(f"## {section}\n", 1)
    path.write_text(f"{head}## {section}\n{opening} {rest}")


def question_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("questions/*/*.md"))


def test_an_opening_in_more_than_five_percent_of_stories_is_named_with_its_share(bank):
    files = question_files(bank)
    spellings = ["The team", "the team", "**The team**", "The team's", "The Team,", "The team"]
    for path, opening in zip(files, spellings, strict=False):
        restory(path, "Production scenario", f"{opening} saw it first.")
    found = openings(bank)
    examples = ", ".join(str(path.relative_to(bank)) for path in files[:3])
    assert found == [
        "(bank): warning: 'The team ...' opens 6 of 40 '## Production scenario' sections "
        f"(15.0%; at most 5% may share an opening): {examples} and 3 more"
    ]


def test_a_few_shared_openings_are_fine(bank):
    for path in question_files(bank)[:4]:  # 10%, but too few to be a stock phrase
        restory(path, "Real world", "The team")
        restory(path, "Production scenario", "After a release")
    assert openings(bank) == []


def test_the_share_is_counted_per_story_section(tmp_path):
    folder = write_synthetic_bank(tmp_path / "bank", 120)  # 5% of 120 is 6
    files = question_files(folder)
    for path in files[:6]:
        restory(path, "Real world", "After a release")
    assert openings(folder) == []
    restory(files[6], "Production scenario", "After a release")
    assert openings(folder) == []
    restory(files[7], "Real world", "After a release")
    found = openings(folder)
    assert len(found) == 1 and "'After a ...' opens 7 of 120 '## Real world' sections" in found[0]
