"""`flask bank stats` prints the bank's coverage: items per kind, questions per track and
level, items per level and per topic."""

from __future__ import annotations

from tests.helpers.bank_factory import write_item

SMALL_BANK_STATS = """\
Items by kind:
  design         1
  error          1
  question       2
  security       1
  snippet        1
  path           1
  total          6

Questions by track and level             JR    MD    SR    AR   all   errors snippets other
  python                                  1     1     0     0     2        1        1     0
  go                                      0     0     0     0     0        0        0     0
  system-design                           0     0     0     0     0        0        0     1
  security                                0     0     0     0     0        0        0     1

Items by level:
  junior         1
  mid            3
  senior         2
  architect      0

Items by topic:
  databases                  5
  testing                    1
"""


def test_stats_of_the_small_bank(runner, small_bank):
    result = runner.invoke(args=["bank", "stats", str(small_bank)])
    assert result.exit_code == 0, result.output
    assert result.output == SMALL_BANK_STATS


def test_stats_count_each_question_under_its_track_level_and_topics(runner, small_bank):
    write_item(
        small_bank,
        "GO-AR-001",
        "When would a Go service shard its write-ahead log?",
        track="go",
        level="architect",
        topics="[caching, testing]",
    )
    lines = runner.invoke(args=["bank", "stats", str(small_bank)]).output.splitlines()
    assert "  question       3" in lines and "  total          7" in lines
    go = next(line for line in lines if line.startswith("  go "))
    assert go.split() == ["go", "0", "0", "0", "1", "1", "0", "0", "0"]
    assert "  architect      1" in lines
    assert lines[-3:] == [
        "  caching                    1",
        "  databases                  5",
        "  testing                    2",
    ]


def test_stats_count_every_question_of_a_track_and_level(runner, small_bank):
    write_item(small_bank, "PY-MD-002", "Why can a lambda not be pickled?")
    write_item(small_bank, "PY-MD-003", "When does a generator release its frame?")
    lines = runner.invoke(args=["bank", "stats", str(small_bank)]).output.splitlines()
    assert not lines[-1].startswith("(")  # no problems
    python = next(line for line in lines if line.startswith("  python "))
    assert python.split() == ["python", "1", "3", "0", "0", "4", "1", "1", "0"]
    assert "  mid            5" in lines


def test_stats_mention_the_problems_of_a_bank_that_does_not_check(runner, small_bank):
    path = small_bank / "questions" / "python" / "PY-MD-001.md"
    path.write_text(path.read_text().replace("level: mid", "level: wizard"))
    result = runner.invoke(args=["bank", "stats", str(small_bank)])
    assert result.output.splitlines()[-1] == "(1 problems: run `flask bank check`)"
    assert "  question       1" in result.output
