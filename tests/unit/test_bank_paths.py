"""Learning paths in the bank: they name their tracks and hours, their modules stay a size a
learner can finish and inside those tracks, and every item belongs to some path."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.domain.bank import read_bank
from tests.helpers.bank_factory import write_item, write_small_bank


@pytest.fixture
def bank(tmp_path) -> Path:
    return write_small_bank(tmp_path / "bank")


def path_file(bank: Path) -> Path:
    return bank / "paths" / "python-basics.yaml"


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def reported(bank: Path, severity: str) -> list[str]:
    return [str(p) for p in read_bank(bank).problems if p.severity == severity]


def test_the_small_bank_path_is_clean_and_covers_every_item(bank):
    report = read_bank(bank)
    assert report.problems == []
    path = report.bank.paths[0]
    assert path.tracks == ("python", "go", "system-design", "security")
    assert path.hours == 2.0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tracks: [python, go, system-design, security]\n", "", "missing key 'tracks'"),
        ("hours: 2\n", "", "missing key 'hours'"),
        ("tracks: [python, go, system-design, security]", "tracks: []", "non-empty list"),
        (
            "tracks: [python, go, system-design, security]",
            "tracks: [cobol]",
            "unknown track 'cobol'",
        ),
        ("hours: 2", "hours: lots", "hours must be a number"),
        ("hours: 2", "hours: 0", "hours must be a number"),
        ("hours: 2", "hours: true", "hours must be a number"),
        ("hours: 2", "hours: 9000", "at most 500"),
    ],
)
def test_tracks_and_hours_are_required_and_checked(bank, old, new, message):
    rewrite(path_file(bank), old, new)
    errors = reported(bank, "error")
    assert len(errors) == 1 and message in errors[0]
    assert errors[0].startswith("paths/python-basics.yaml:")


def test_an_item_from_a_track_the_path_does_not_name_is_a_warning(bank):
    rewrite(path_file(bank), "tracks: [python, go, system-design, security]", "tracks: [go]")
    warnings = reported(bank, "warning")
    assert any("names items from tracks the path does not list: PY-JR-001" in w for w in warnings)
    assert warnings[0].startswith("paths/python-basics.yaml:8:")  # the module's line


def test_topic_matches_outside_the_path_tracks_leave_items_uncovered(bank):
    rewrite(path_file(bank), "tracks: [python, go, system-design, security]", "tracks: [python]")
    left_out = [r for r in reported(bank, "warning") if "belongs to no learning path" in r]
    assert left_out and all(not r.startswith("questions/python/") for r in left_out)
    assert any(r.startswith("security/") for r in left_out)


def test_a_module_over_forty_items_is_a_warning_naming_its_size(bank):
    for n in range(2, 42):
        write_item(bank, f"PY-MD-{n:03d}", f"Question number {n} about a distinct subject {n}?")
    warnings = reported(bank, "warning")
    assert any("module 'The rest' holds" in w and "at most 40 expected" in w for w in warnings)


def test_a_bank_without_paths_asks_for_none(bank):
    path_file(bank).unlink()
    assert not [r for r in reported(bank, "warning") if "learning path" in r]
