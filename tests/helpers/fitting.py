"""Simulated review histories for fitting tests."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

from practice.domain.fitting import PastReview
from practice.domain.scheduling import Memory, SchedulerSettings, retrievability, review

START = datetime(2025, 1, 6, 9, tzinfo=UTC)


def simulate(cards: int, recall_scale: float, start: datetime, seed: int, first_card: int = 0):
    """Reviews of a learner whose recall is the model's retrievability times `recall_scale`."""
    rng = random.Random(seed)
    model = SchedulerSettings(fuzz=False)
    reviews = []
    for card in range(first_card, first_card + cards):
        memory, now = Memory(), start + timedelta(days=(card - first_card) // 25)
        for _ in range(10):
            recall = 0.6 if memory.is_new else retrievability(model, memory, now) * recall_scale
            rating = 3 if rng.random() < recall else 1
            reviews.append(PastReview(card, now, rating))
            memory = review(model, memory, rating, now, f"{card}:{memory.reps}").memory
            now = memory.due + timedelta(hours=rng.randint(0, 20))
    return reviews


def history_of(item) -> list[tuple[int, int]]:
    """An FSRSItem's (rating, delta_t) pairs (fsrs-rs-python exposes them only in its repr)."""
    pairs = re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item))
    return [(int(rating), int(gap)) for rating, gap in pairs]
