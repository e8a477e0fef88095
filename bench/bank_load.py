"""Time checking and loading a synthetic 5,000-item bank: `flask bank check`, then a cold load,
an unchanged reload and a reload with one file changed.

Run from the repo root: `python bench/bank_load.py [--items N]`. Uses a temporary folder and
a temporary SQLite database (or DATABASE_URL if set), removed afterwards. The baseline is the
time to read and hash every file of the same bank, measured in the same run. The check's time
is the whole command (read, every per-file and bank-wide check, the report), with the CPU time
of this process beside it, since the machine may be busy with other work.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import logging  # noqa: E402

from flask_migrate import upgrade  # noqa: E402

from practice import create_app  # noqa: E402
from tests.helpers.bank_factory import write_synthetic_bank  # noqa: E402

TARGETS = {"check_s": 10.0, "cold_s": 10.0, "reload_s": 2.0}


def timed_load(runner, folder: Path) -> float:
    start = time.perf_counter()
    result = runner.invoke(args=["bank", "load", str(folder)])
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"load failed: {result.output}")
    return elapsed


def timed_check(runner, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `flask bank check` on a bank that must have no problems."""
    start, cpu = time.perf_counter(), time.process_time()
    result = runner.invoke(args=["bank", "check", str(folder)])
    elapsed, cpu_elapsed = time.perf_counter() - start, time.process_time() - cpu
    if result.exit_code != 0:
        raise SystemExit(f"check failed: {result.output[-2000:]}")
    return elapsed, cpu_elapsed


def read_and_hash(folder: Path) -> float:
    start = time.perf_counter()
    for path in folder.rglob("*.md"):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="practice-bench-"))
    try:
        bank = write_synthetic_bank(workdir / "bank", options.items)
        config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}"}
        app = create_app(config)
        logging.disable(logging.WARNING)  # keep Alembic's INFO lines off the report
        with app.app_context():
            upgrade()
        runner = app.test_cli_runner()
        baseline = read_and_hash(bank)
        check, check_cpu = timed_check(runner, bank)
        cold = timed_load(runner, bank)
        reload = timed_load(runner, bank)
        changed = next(bank.rglob("*.md"))
        changed.write_text(changed.read_text() + "\nOne more line.\n")
        one_changed = timed_load(runner, bank)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"items: {options.items}")
    print(f"baseline (read + hash every file): {baseline:.3f} s")
    print(
        f"bank check:         {check:.3f} s, {check_cpu:.3f} s of CPU "
        f"(target <= {TARGETS['check_s']} s)"
    )
    print(f"cold load:          {cold:.3f} s (target <= {TARGETS['cold_s']} s)")
    print(f"no-change reload:   {reload:.3f} s (target <= {TARGETS['reload_s']} s)")
    print(f"one file changed:   {one_changed:.3f} s")
    print(
        f"RESULT check_{options.items}_s={check:.3f} check_cpu_s={check_cpu:.3f} "
        f"cold_s={cold:.3f} reload_s={reload:.3f} one_changed_s={one_changed:.3f} "
        f"baseline_s={baseline:.3f} cold_ratio={cold / baseline:.1f} "
        f"reload_ratio={reload / baseline:.1f}"
    )


if __name__ == "__main__":
    main()
