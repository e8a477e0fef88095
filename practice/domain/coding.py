"""Coding problems' tests: the `## Tests` section's YAML, checked by the bank linter and run
against the reference solution by the test suite.

```yaml
function: two_sum          # the function in ## Code that solves the task
compare: unordered         # exact (default) | unordered (lists at any depth as multisets) | float
cases:                     # at least three worked examples: arguments and the answer
  - input: [[2, 7, 11, 15], 9]
    expected: [0, 1]
random:                    # optional: generated cases checked against a brute force
  reference: two_sum_brute # a simple, obviously right function in ## Code
  generator: random_case   # def random_case(rng: random.Random) -> list of arguments
  count: 200
```
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

COMPARISONS = ("exact", "unordered", "float")
MIN_CASES = 3
MAX_RANDOM = 2000
_YAML_FENCE = re.compile(r"```ya?ml\n(.*?)\n```", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ProblemTestsError(ValueError):
    """The Tests section cannot be used, with a message for the author."""


@dataclass(frozen=True)
class ProblemTests:
    function: str
    cases: tuple[tuple[tuple[Any, ...], Any], ...]  # (arguments, expected)
    compare: str = "exact"
    reference: str | None = None
    generator: str | None = None
    random_cases: int = 0


def parse_problem_tests(section: str) -> ProblemTests:
    """The tests a `## Tests` section describes; ProblemTestsError says what is wrong."""
    match = _YAML_FENCE.search(section)
    if match is None:
        raise ProblemTestsError("'## Tests' needs a ```yaml block")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ProblemTestsError(f"'## Tests' YAML does not parse: {exc}") from None
    if not isinstance(data, dict):
        raise ProblemTestsError("'## Tests' YAML must be a mapping with function and cases")
    function = _name(data.get("function"), "function")
    compare = data.get("compare", "exact")
    if compare not in COMPARISONS:
        raise ProblemTestsError(f"compare must be one of: {', '.join(COMPARISONS)}")
    cases = _cases(data.get("cases"))
    reference, generator, count = _random_part(data.get("random"))
    return ProblemTests(function, cases, compare, reference, generator, count)


def _name(value: object, key: str) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ProblemTestsError(f"'{key}' must name a function in ## Code")
    return value


def _cases(raw: object) -> tuple[tuple[tuple[Any, ...], Any], ...]:
    if not isinstance(raw, list) or len(raw) < MIN_CASES:
        raise ProblemTestsError(f"'cases' must list at least {MIN_CASES} examples")
    cases = []
    for number, case in enumerate(raw, start=1):
        if not isinstance(case, dict) or set(case) != {"input", "expected"}:
            raise ProblemTestsError(f"case {number} needs exactly 'input' and 'expected'")
        if not isinstance(case["input"], list):
            raise ProblemTestsError(f"case {number}: 'input' is the list of arguments")
        cases.append((tuple(case["input"]), case["expected"]))
    return tuple(cases)


def _random_part(raw: object) -> tuple[str | None, str | None, int]:
    if raw is None:
        return None, None, 0
    if not isinstance(raw, dict) or set(raw) != {"reference", "generator", "count"}:
        raise ProblemTestsError("'random' needs exactly reference, generator and count")
    count = raw["count"]
    if not isinstance(count, int) or not 1 <= count <= MAX_RANDOM:
        raise ProblemTestsError(f"random count must be a whole number from 1 to {MAX_RANDOM}")
    return _name(raw["reference"], "reference"), _name(raw["generator"], "generator"), count


def same_answer(compare: str, got: object, expected: object) -> bool:
    """Whether a solution's result matches the expected one under the problem's comparison."""
    if compare == "unordered":
        return _normalised(got) == _normalised(expected)
    if compare == "float":
        return _close(got, expected)
    return _tupled(got) == _tupled(expected)


def _tupled(value: object) -> object:
    """Lists and tuples compare alike (YAML has no tuples)."""
    if isinstance(value, list | tuple):
        return [_tupled(v) for v in value]
    return value


def _normalised(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return sorted((_normalised(v) for v in value), key=repr)
    return value


def _close(got: object, expected: object) -> bool:
    if isinstance(got, list | tuple) and isinstance(expected, list | tuple):
        return len(got) == len(expected) and all(
            _close(g, e) for g, e in zip(got, expected, strict=True)
        )
    if isinstance(got, int | float) and isinstance(expected, int | float):
        return math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-9)
    return got == expected
