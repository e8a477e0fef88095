"""Mutation testing of the domain, the rating code, the access code and the figures.

Run from the repo root: `python bench/mutate.py [--keep] [--max-children N]` (`make mutate`).
mutmut (configured in pyproject.toml, [tool.mutmut]) copies practice/ into mutants/, runs the
tests that reach each mutated function, and records whether they failed. This prints the
killed, timed-out and surviving mutants per module and overall, the survivors by name, and ends
with the RESULT line. The kill rate counts a timeout as a kill and a mutant no test reaches as a
survivor. mutants/ is removed afterwards unless --keep is given (then `mutmut show NAME` works).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
MUTMUT = Path(sys.executable).with_name("mutmut")

# mutmut's exit codes (mutmut/stats.py); anything else it calls suspicious.
STATUS_BY_EXIT_CODE = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    37: "type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    None: "not checked",
}
COLUMNS = ("killed", "timeout", "survived", "no tests", "other")


def status(exit_code: int | None) -> str:
    found = STATUS_BY_EXIT_CODE.get(exit_code, "other")
    return found if found in COLUMNS else "other"


def results() -> dict[str, dict[str, str]]:
    """Each mutated module's mutants by name, with their status (modules as configured now)."""
    from mutmut.utils.file_utils import walk_mutatable_files

    found = {}
    for path in sorted(walk_mutatable_files()):
        meta = MUTANTS / f"{path}.meta"
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        if codes:
            found[path.as_posix()] = {name: status(code) for name, code in codes.items()}
    return found


def kill_rate(counts: Counter[str]) -> tuple[int, int, int]:
    """Killed (timeouts included), survived (no tests included) and all that counted."""
    killed = counts["killed"] + counts["timeout"]
    survived = counts["survived"] + counts["no tests"]
    return killed, survived, killed + survived


def report(found: dict[str, dict[str, str]]) -> Counter[str]:
    width = max(len(module) for module in found)
    header = " ".join(f"{column:>8}" for column in COLUMNS)
    print(f"{'module':<{width}} {header}     rate")
    overall: Counter[str] = Counter()
    for module, mutants in found.items():
        counts = Counter(mutants.values())
        overall.update(counts)
        print(row(module, counts, width))
    print(row("overall", overall, width))
    return overall


def row(label: str, counts: Counter[str], width: int) -> str:
    killed, _, total = kill_rate(counts)
    rate = f"{killed / total:.3f}" if total else "-"
    cells = " ".join(f"{counts[column]:>8}" for column in COLUMNS)
    return f"{label:<{width}} {cells} {rate:>8}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="leave mutants/ for `mutmut show`")
    parser.add_argument("--max-children", type=int, default=2)
    options = parser.parse_args()
    os.chdir(ROOT)
    shutil.rmtree(MUTANTS, ignore_errors=True)  # a full run: no verdicts cached from before
    start = time.monotonic()
    try:
        run = subprocess.run(
            [str(MUTMUT), "run", "--max-children", str(options.max_children)], check=False
        )
        elapsed = time.monotonic() - start
        found = results() if MUTANTS.exists() else {}
        if run.returncode != 0 or not found:
            print(f"mutmut run failed (exit {run.returncode})", file=sys.stderr)
            return 1
        print()
        overall = report(found)
        survivors = [
            f"{name} ({state})"
            for mutants in found.values()
            for name, state in mutants.items()
            if state in ("survived", "no tests", "other")
        ]
        print(f"\n{len(survivors)} not killed:" if survivors else "\nno survivors")
        for survivor in survivors:
            print(f"  {survivor}")
        print(f"\nmutmut run took {elapsed:.0f} s with {options.max_children} children")
        killed, survived, total = kill_rate(overall)
        rate = killed / total
        print(f"RESULT kill_rate={rate:.2f} killed={killed} survived={survived} total={total}")
        return 0
    finally:
        if not options.keep:
            shutil.rmtree(MUTANTS, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
