"""The conformance check against the reference: Anki's own scheduler (the `anki` package, its
Rust backend) and Practice's, driven through the same generated history by
bench/anki_conformance.py, must agree on every wait and memory state with fuzz off, and Anki's
fuzzed waits must lie inside Practice's fuzz ranges with fuzz on.

Needs the `anki` package (a dev dependency) and libfaketime (Debian's `faketime`, installed by
.ci/run); without them it is skipped, unless PRACTICE_REQUIRE_ANKI=1 (CI) fails it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "anki_conformance.py"
sys.path.insert(0, str(BENCH.parent.parent))

pytestmark = pytest.mark.anki


def missing() -> str | None:
    from bench.anki_conformance import faketime_library

    if importlib.util.find_spec("anki") is None:
        return "the anki package is not installed"
    if faketime_library() is None:
        return "libfaketime is not installed (apt-get install faketime)"
    return None


def test_practice_schedules_exactly_as_anki_through_200_cards():
    reason = missing()
    if reason:
        if os.environ.get("PRACTICE_REQUIRE_ANKI") == "1":
            pytest.fail(f"PRACTICE_REQUIRE_ANKI=1 but {reason}")
        pytest.skip(reason)
    command = [sys.executable, str(BENCH), "--cards", "200", "--days", "90", "--seed", "3"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = dict(re.findall(r"(\w+)=([\d.]+)", done.stdout.splitlines()[-1]))
    assert float(result["interval_exact"]) == 1.0, done.stdout
    assert float(result["stability_max_rel"]) <= 0.005, done.stdout
    assert float(result["difficulty_max_rel"]) <= 0.005, done.stdout
    assert float(result["fuzz_in_range"]) == 1.0, done.stdout
    assert int(result["reviews"]) > 1500 and int(result["fuzz_reviews"]) > 1500
    # the history reached the cases that used to differ
    for case in ("review early", "review overdue", "relearning"):
        assert re.search(rf"{case}: +\d+ reviews, 1\.0000 agree", done.stdout), case
    assert re.search(r"[1-9]\d* reviews same study day", done.stdout)
