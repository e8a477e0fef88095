"""The bank parser reads every kind and reports every problem with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.domain.bank import BankUnreadable, read_bank
from tests.helpers.bank_factory import LEVEL_CODE, item_text, prose, write_item, write_small_bank


def problems_of(folder: Path) -> list[str]:
    return [str(problem) for problem in read_bank(folder).problems]


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.fixture
def bank(tmp_path) -> Path:
    return write_small_bank(tmp_path / "bank")


def question(bank: Path) -> Path:
    return bank / "questions" / "python" / "PY-MD-001.md"


def test_small_bank_reads_every_kind_without_problems(bank):
    report = read_bank(bank)
    assert report.problems == []
    kinds = sorted(item.kind for item in report.bank.items)
    assert kinds == ["design", "error", "question", "question", "security", "snippet"]
    item = next(i for i in report.bank.items if i.external_id == "PY-MD-001")
    assert item.title == "How does a read-through cache decide what to keep?"
    assert [name for name, _ in item.sections] == [
        "Answer",
        "Deep dive",
        "Real world",
        "Common mistakes",
        "Production scenario",
    ]
    assert item.follow_ups == (
        "Point number 1 worth asking?",
        "Point number 2 worth asking?",
        "Point number 3 worth asking?",
    )
    assert item.topics == ("databases",) and item.level == "mid" and item.difficulty == 4
    assert len(item.content_hash) == 64
    path = report.bank.paths[0]
    assert path.slug == "python-basics" and path.modules[0].items == ("PY-JR-001",)


def test_sections_of_other_kinds_are_staged_in_their_order(bank):
    items = {item.external_id: item for item in read_bank(bank).bank.items}
    assert [n for n, _ in items["PY-ERR-001"].sections] == [
        "Error",
        "Root cause",
        "Fix",
        "Prevention",
    ]
    assert [n for n, _ in items["PY-SNP-001"].sections][:2] == ["Task", "Code"]
    assert [n for n, _ in items["SEC-TOPIC-001"].sections][3] == "Defence"


def test_missing_heading_is_named_with_file_and_title_line(bank):
    path = question(bank)
    text = path.read_text()
    start = text.index("## Real world")
    end = text.index("## Common mistakes")
    path.write_text(text[:start] + text[end:])
    line = line_of(path, "# How does")
    assert f"questions/python/PY-MD-001.md:{line}: error: missing section '## Real world'" in (
        problems_of(bank)
    )


def test_unknown_heading_is_reported_at_its_line(bank):
    path = question(bank)
    rewrite(path, "## Deep dive", "## Deeper dive")
    line = line_of(path, "## Deeper dive")
    found = problems_of(bank)
    assert (
        f"questions/python/PY-MD-001.md:{line}: error: unknown heading '## Deeper dive' "
        "for a question" in found
    )


def test_heading_inside_a_code_fence_is_not_a_section(bank):
    path = question(bank)
    rewrite(path, "## Deep dive\n", "## Deep dive\n```markdown\n## Not a heading\n```\n")
    assert problems_of(bank) == []


def test_bad_front_matter_is_reported(bank):
    path = question(bank)
    rewrite(path, "level: mid", "level: [mid")
    found = problems_of(bank)
    assert len(found) == 1 and "PY-MD-001.md:" in found[0] and "invalid YAML" in found[0]


def test_missing_front_matter_and_unknown_keys(bank):
    path = question(bank)
    path.write_text(path.read_text().split("---\n", 2)[2])
    rewrite(bank / "errors/python/PY-ERR-001.md", "kind: error", "kind: error\nauthor: me")
    found = problems_of(bank)
    assert "questions/python/PY-MD-001.md:1: error: file must start with '---' front matter" in (
        found
    )
    assert "errors/python/PY-ERR-001.md:4: error: unknown front-matter key 'author'" in found


def test_unknown_track_and_topic_are_reported_at_their_lines(bank):
    path = question(bank)
    rewrite(path, "track: python", "track: cobol")
    rewrite(path, "topics: [databases]", "topics: [databases, astrology]")
    found = problems_of(bank)
    assert "questions/python/PY-MD-001.md:3: error: unknown track 'cobol' (not in tracks.yaml)" in (
        found
    )
    assert (
        "questions/python/PY-MD-001.md:4: error: unknown topic 'astrology' (not in topics.yaml)"
        in found
    )


def test_duplicate_id_names_both_files(bank):
    write_item(bank, "PY-MD-001", "Why does an index slow down bulk inserts?", track="go")
    (bank / "questions/go/PY-MD-001.md").rename(bank / "questions/go/PY-MD-001.md")
    found = [p for p in problems_of(bank) if "duplicate id" in p]
    assert found == [
        "questions/python/PY-MD-001.md:2: error: duplicate id 'PY-MD-001' "
        "(also questions/go/PY-MD-001.md)"
    ]


@pytest.mark.parametrize("value", ["0", "11", "seven", "4.5"])
def test_difficulty_out_of_range_or_not_a_number(bank, value):
    rewrite(question(bank), "difficulty: 4", f"difficulty: {value}")
    found = problems_of(bank)
    assert len(found) == 1
    assert found[0].startswith("questions/python/PY-MD-001.md:6: error: difficulty")


def test_level_and_difficulty_must_agree(bank):
    rewrite(question(bank), "difficulty: 4", "difficulty: 9")
    assert problems_of(bank) == [
        "questions/python/PY-MD-001.md:6: warning: difficulty 9 does not fit level mid (3..6): "
        "9 is rare depth that few seniors have (internals, novel design), while mid items run "
        "from applying one concept to trade-offs between two or three approaches; re-rate it "
        "on the rubric (content/CONTRIBUTING.md) or change its level"
    ]


@pytest.mark.parametrize(
    ("level", "fits", "does_not_fit"),
    [("junior", (1, 4), (5,)), ("mid", (3, 6), (2, 7)), ("architect", (7, 10), (6,))],
)
def test_each_level_takes_two_bands_of_the_rubric(bank, level, fits, does_not_fit):
    item_id = f"PY-{LEVEL_CODE[level]}-077"
    for difficulty in (*fits, *does_not_fit):
        write_item(bank, item_id, "Why is a B-tree shallow?", level=level, difficulty=difficulty)
        found = [p for p in problems_of(bank) if item_id in p]
        if difficulty in fits:
            assert found == [], difficulty
        else:
            assert len(found) == 1 and f"does not fit level {level}" in found[0], difficulty


def test_short_sections_and_too_few_list_items(bank):
    path = question(bank)
    text = path.read_text()
    deep = text.split("## Deep dive\n")[1].split("\n\n##")[0]
    text = text.replace(deep, "Too short to teach anything.")
    text = text.replace("- Point number 2 worth knowing.\n", "")
    text = text.replace("- Point number 3 worth asking?\n", "")
    path.write_text(text)
    found = problems_of(bank)
    assert (
        f"questions/python/PY-MD-001.md:{line_of(path, '## Deep dive')}: warning: "
        "'Deep dive' has 5 words of prose (code blocks not counted); at least 120 expected" in found
    )
    assert any("'Common mistakes' has 1 list items; at least 2 expected" in p for p in found)
    assert any("'Follow-ups' has 2 list items; at least 3 expected" in p for p in found)


CODE_OF_50_WORDS = (
    "```python\n" + "\n".join(["total = add(first, second)  # a b c d"] * 5) + "\n```"
)


def test_word_minimums_count_prose_and_not_code(bank):
    folder = bank
    path = write_item(
        folder,
        "PY-ERR-002",
        "TypeError: unsupported operand type(s) for +",
        kind="error",
        sections={"Fix": f"{prose(30)}\n\n{CODE_OF_50_WORDS}"},
    )
    line = path.read_text().splitlines().index("## Fix") + 1
    assert problems_of(folder) == [
        f"errors/python/PY-ERR-002.md:{line}: warning: 'Fix' has 30 words of prose "
        "(code blocks not counted); at least 40 expected"
    ]
    write_item(
        folder,
        "PY-ERR-002",
        "TypeError: unsupported operand type(s) for +",
        kind="error",
        sections={"Fix": f"{prose(40)}\n\n{CODE_OF_50_WORDS}"},
    )
    assert problems_of(folder) == []


def test_too_many_mistakes_and_follow_ups(bank):
    folder = bank
    many = "\n".join(f"- Mistake {n} and why it hurts." for n in range(6))
    questions = "\n".join(f"- Follow-up {n}?" for n in range(7))
    write_item(
        folder,
        "PY-MD-002",
        "Why does an index slow down bulk inserts?",
        sections={"Common mistakes": many, "Follow-ups": questions},
    )
    found = problems_of(folder)
    assert len(found) == 2
    assert "'Common mistakes' has 6 list items; at most 5 expected" in found[0]
    assert "'Follow-ups' has 7 list items; at most 6 expected" in found[1]


def test_answer_sentence_count(bank):
    rewrite(question(bank), "It trades freshness for speed.", "")
    found = problems_of(bank)
    assert len(found) == 1 and "'Answer' has 1 sentences; 2 to 5 expected" in found[0]


def test_snippet_code_needs_a_language(bank):
    rewrite(bank / "snippets/python/PY-SNP-001.md", "```python", "```")
    found = problems_of(bank)
    assert len(found) == 1 and "'Code' code block needs a language tag" in found[0]


def test_near_duplicate_titles_are_flagged(bank):
    write_item(bank, "PY-MD-002", "How does a read-through cache decide what it keeps?")
    found = problems_of(bank)
    assert len(found) == 1
    assert "PY-MD-002.md:8: warning: title is a near-duplicate (100%) of PY-MD-001" in found[0]


def test_every_problem_is_reported_at_once(bank):
    rewrite(question(bank), "track: python", "track: cobol")
    rewrite(bank / "errors/python/PY-ERR-001.md", "## Fix", "## Fixes")
    rewrite(bank / "design/SD-CASE-001.md", "difficulty: 6", "difficulty: 12")
    found = problems_of(bank)
    assert len(found) == 4  # the renamed heading is unknown, and '## Fix' is then missing
    assert {p.split(":")[0] for p in found} == {
        "questions/python/PY-MD-001.md",
        "errors/python/PY-ERR-001.md",
        "design/SD-CASE-001.md",
    }


def test_id_must_match_file_name_and_track_code(bank):
    write_item(bank, "GO-MD-001", "What does a Go channel close signal to receivers?")
    found = problems_of(bank)
    assert found == [
        "questions/python/GO-MD-001.md:2: warning: question id should start with 'PY-MD-'"
    ]


def test_path_with_unknown_item_and_topic(bank):
    path = bank / "paths" / "python-basics.yaml"
    rewrite(path, "items: [PY-JR-001]", "items: [PY-JR-001, PY-XX-404]")
    rewrite(path, "topics: [testing]", "topics: [testing, knitting]")
    found = problems_of(bank)
    assert "paths/python-basics.yaml:8: error: unknown topic 'knitting'" in found
    assert "paths/python-basics.yaml:8: error: unknown item 'PY-XX-404'" in found


def test_non_utf8_file_gets_one_clear_line(bank):
    question(bank).write_bytes(b"---\nid: PY-MD-001\n\xff\xfe broken\n")
    assert problems_of(bank) == [
        "questions/python/PY-MD-001.md: error: not UTF-8 text (byte 0xff at offset 18)"
    ]


def test_yaml_bomb_is_refused_without_expanding(bank):
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 9):
        previous = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        levels.append(f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}]")
    (bank / "paths" / "python-basics.yaml").write_text("\n".join(levels) + "\n")
    found = problems_of(bank)
    assert found == [
        "paths/python-basics.yaml:1: error: YAML anchors and aliases (&name, *name) are not allowed"
    ]


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(BankUnreadable, match="does not exist"):
        read_bank(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BankUnreadable, match="holds no bank"):
        read_bank(tmp_path / "empty")


def test_item_text_of_factory_is_what_files_hold(tmp_path):
    path = write_item(tmp_path, "PY-MD-009", "What is a WAL checkpoint?")
    assert path.read_text() == item_text("PY-MD-009", "What is a WAL checkpoint?")
