"""A topic's standing: never strong on recall alone (recall is ~100% right after any review)."""

from __future__ import annotations

from practice.domain.recall import standing


def test_a_topic_just_rated_again_is_weak_whatever_its_recall():
    assert standing(0.99, 40.0, last_rating=1) == "weak"


def test_high_recall_on_young_memories_is_still_learning():
    assert standing(0.99, 2.0, last_rating=3) == "learning"  # reviewed minutes ago


def test_strong_takes_both_stability_and_recall():
    assert standing(0.9, 21.0, last_rating=3) == "strong"
    assert standing(0.84, 60.0, last_rating=4) == "learning"


def test_low_recall_is_weak():
    assert standing(0.69, 90.0, last_rating=3) == "weak"
    assert standing(0.7, 2.0, last_rating=None) == "learning"
