"""Every coding problem's reference solution passes its own examples and, where it has one,
agrees with its brute force on generated cases; and the harness itself catches a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.domain.bank import read_bank
from practice.domain.bank_rules import layout
from practice.domain.coding import ProblemTestsError, parse_problem_tests, same_answer
from tests.helpers.coding import PYTHON_FENCE, run_problem

CONTENT = Path(__file__).resolve().parents[2] / "content"
GOOD_TESTS = """```yaml
function: best_sum
cases:
  - input: [[-2, 1, -3, 4, -1, 2, 1, -5, 4]]
    expected: 6
  - input: [[1]]
    expected: 1
  - input: [[-3, -1, -2]]
    expected: -1
random:
  reference: brute
  generator: case
  count: 50
```"""
SOLUTION = """
def best_sum(numbers):
    best = current = numbers[0]
    for value in numbers[1:]:
        current = max(value, current + value)
        best = max(best, current)
    return best

def brute(numbers):
    size = len(numbers)
    return max(sum(numbers[i:j]) for i in range(size) for j in range(i + 1, size + 1))

def case(rng):
    return [[rng.randint(-9, 9) for _ in range(rng.randint(1, 30))]]
"""


def coding_problems() -> list[tuple[str, str, str]]:
    found = []
    for item in read_bank(CONTENT).bank.items:
        if layout(item.kind, item.track) != "problem":
            continue
        sections = dict(item.sections)
        code = PYTHON_FENCE.search(sections.get("Code", ""))
        found.append((item.external_id, code.group(1) if code else "", sections.get("Tests", "")))
    return found


@pytest.mark.parametrize(("external_id", "code", "tests"), coding_problems(), ids=lambda v: v[:14])
def test_reference_solution_passes_its_tests(external_id, code, tests, tmp_path):
    assert code, f"{external_id} has no ```python block in ## Code"
    assert run_problem(code, parse_problem_tests(tests), tmp_path) == "", external_id


def test_the_harness_passes_a_right_solution(tmp_path):
    assert run_problem(SOLUTION, parse_problem_tests(GOOD_TESTS), tmp_path) == ""


def test_the_harness_catches_a_solution_wrong_on_an_example(tmp_path):
    wrong = SOLUTION.replace("best = current = numbers[0]", "best = current = 0")
    report = run_problem(wrong, parse_problem_tests(GOOD_TESTS), tmp_path)
    assert "case 3" in report  # all negative: the best is -1, not 0


def test_the_harness_catches_a_solution_only_the_brute_force_disagrees_with(tmp_path):
    # right on the three short examples, wrong once the best run ends past the tenth number
    wrong = SOLUTION.replace("numbers[1:]:", "numbers[1:10]:")
    report = run_problem(wrong, parse_problem_tests(GOOD_TESTS), tmp_path)
    assert "random case" in report


def test_the_harness_stops_a_solution_that_never_returns(tmp_path):
    looping = SOLUTION.replace(
        "    best = current", "    while True:\n        pass\n    best = current"
    )
    with pytest.raises(Exception, match="timed out"):
        run_problem(looping, parse_problem_tests(GOOD_TESTS), tmp_path, timeout=2)


@pytest.mark.parametrize(
    ("tests", "message"),
    [
        ("no yaml here", "needs a ```yaml block"),
        ("```yaml\nfunction: f\ncases: []\n```", "at least 3"),
        ("```yaml\nfunction: 1x\ncases: []\n```", "must name a function"),
        ("```yaml\nfunction: f\ncompare: fuzzy\ncases: []\n```", "compare must be one of"),
        (GOOD_TESTS.replace("count: 50", "count: 0"), "random count"),
        (GOOD_TESTS.replace("    expected: 6" + chr(10), "", 1), "exactly 'input' and 'expected'"),
    ],
)
def test_a_malformed_tests_section_is_refused_with_a_reason(tests, message):
    with pytest.raises(ProblemTestsError, match=message.replace("(", r"\(")):
        parse_problem_tests(tests)


def test_answers_compare_as_the_problem_says():
    assert same_answer("exact", (1, 2), [1, 2]) and not same_answer("exact", [2, 1], [1, 2])
    assert same_answer("unordered", [[2, 1], [0]], [[0], [1, 2]])  # order at every depth
    assert same_answer("unordered", [3, 1, 2], [1, 2, 3])
    assert not same_answer("unordered", [1, 2, 2], [1, 2])
    assert same_answer("float", [0.1 + 0.2], [0.3]) and not same_answer("float", 0.31, 0.3)
