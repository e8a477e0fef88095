"""More of the FSRS wrapper: stored memory states read back whole."""

from __future__ import annotations

from datetime import UTC, datetime

from practice.domain.scheduling import Memory, SchedulerSettings, review

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
NO_FUZZ = SchedulerSettings(fuzz=False)


def lapsed_card() -> Memory:
    """A card that graduated, lapsed once and came back to review."""
    memory, now = Memory(), NOON
    for rating in (3, 3, 3, 1, 3):
        memory = review(NO_FUZZ, memory, rating, now, "lapsed").memory
        now = memory.due
    return memory


def test_a_lapsed_card_reads_back_with_its_reps_and_lapses():
    memory = lapsed_card()
    assert (memory.state, memory.reps, memory.lapses) == (2, 5, 1)
    assert Memory.from_dict(memory.as_dict()) == memory


def test_a_new_card_reads_back_new():
    assert Memory.from_dict(Memory().as_dict()) == Memory()


def test_a_state_stored_before_reps_and_lapses_were_kept_reads_as_zero():
    stored = lapsed_card().as_dict()
    del stored["reps"], stored["lapses"]
    memory = Memory.from_dict(stored)
    assert (memory.reps, memory.lapses) == (0, 0)
    assert memory.due == lapsed_card().due
