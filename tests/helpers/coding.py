"""Running a coding problem's reference solution against its tests, in a child process (a
solution that loops forever fails its test instead of hanging the suite)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from practice.domain.coding import ProblemTests

PYTHON_FENCE = re.compile(r"```python\n(.*?)\n```", re.DOTALL)

RUNNER = """
import copy, json, random, sys
from practice.domain.coding import same_answer

spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
space = {"__name__": "solution"}
exec(compile(open("solution.py", encoding="utf-8").read(), "solution.py", "exec"), space)
solve = space[spec["function"]]
failures = []
for number, (args, expected) in enumerate(spec["cases"], start=1):
    got = solve(*copy.deepcopy(args))
    if not same_answer(spec["compare"], got, expected):
        failures.append(f"case {number}: {args!r} gave {got!r}, expected {expected!r}")
if spec["reference"]:
    rng = random.Random(20261202)
    reference, generate = space[spec["reference"]], space[spec["generator"]]
    for number in range(spec["random_cases"]):
        args = generate(rng)
        want = reference(*copy.deepcopy(args))
        got = solve(*copy.deepcopy(args))
        if not same_answer(spec["compare"], got, want):
            failures.append(f"random case {number}: {args!r} gave {got!r}, brute force {want!r}")
            break
print("\\n".join(failures[:5]))
sys.exit(1 if failures else 0)
"""


def run_problem(code: str, tests: ProblemTests, folder: Path, timeout: int = 60) -> str:
    """'' when the solution passes every case; otherwise what failed."""
    (folder / "solution.py").write_text(code, encoding="utf-8")
    (folder / "run.py").write_text(RUNNER, encoding="utf-8")
    spec = {
        "function": tests.function,
        "compare": tests.compare,
        "cases": [[list(args), expected] for args, expected in tests.cases],
        "reference": tests.reference,
        "generator": tests.generator,
        "random_cases": tests.random_cases,
    }
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "run.py", "spec.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode == 0:
        return ""
    return (result.stdout + result.stderr)[-3000:] or f"exit code {result.returncode}"
