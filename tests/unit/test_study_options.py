"""Deck options as rules: where new cards go among reviews, the day's random order, retention
per level and which levels a change touches, easy days as stored."""

from __future__ import annotations

from practice.domain.load_balance import NORMAL_DAYS
from practice.domain.study_options import (
    easy_days_of,
    new_card_next,
    relative_overdueness,
    retention_changes,
    retention_for,
    shuffle_key,
)


def day_of(place: str, new: int, reviews: int) -> str:
    """The order a day's cards come in: N for new, R for review."""
    order, new_done, reviews_done = "", 0, 0
    while new_done < new or reviews_done < reviews:
        new_left, left = new - new_done, reviews - reviews_done
        if left == 0 or (new_left and new_card_next(place, new_done, new_left, reviews_done, left)):
            order, new_done = order + "N", new_done + 1
        else:
            order, reviews_done = order + "R", reviews_done + 1
    return order


def test_new_cards_after_before_or_mixed_evenly_into_reviews():
    assert day_of("after", 2, 4) == "RRRRNN"
    assert day_of("before", 2, 4) == "NNRRRR"
    assert day_of("mixed", 2, 4) == "NRRNRR"
    assert day_of("mixed", 3, 9) == "NRRRNRRRNRRR"
    assert day_of("mixed", 4, 2) == "NRNNRN"


def test_mixing_counts_what_was_done_earlier_today():
    # 10 reviews and no new card done yet, 2 new and 10 reviews left: a new card is due
    assert new_card_next("mixed", 0, 2, 10, 10)
    # one new card came after 5 reviews; 1 new and 10 reviews left: reviews come next
    assert not new_card_next("mixed", 1, 1, 5, 10)


def test_the_random_order_holds_all_day_and_changes_the_next():
    cards = range(1, 2001)
    today = sorted(cards, key=lambda card: shuffle_key(card, 20400))
    assert today == sorted(cards, key=lambda card: shuffle_key(card, 20400))
    tomorrow = sorted(cards, key=lambda card: shuffle_key(card, 20401))
    assert today != tomorrow and today[:10] != tomorrow[:10]
    assert today[:20] != sorted(today[:20])  # not the cards' own order
    assert len({shuffle_key(card, 20400) for card in cards}) == len(cards)


def test_relative_overdueness_is_elapsed_time_over_the_interval():
    assert relative_overdueness(10, 10) == 1.0
    assert relative_overdueness(15, 10) > relative_overdueness(40, 30)
    assert relative_overdueness(3, 0) == 3.0  # never divides by zero


def test_retention_per_level_falls_back_to_the_overall_one():
    by_level = {"architect": 0.95}
    assert retention_for("architect", 0.9, by_level) == 0.95
    assert retention_for("junior", 0.9, by_level) == 0.9
    assert retention_for(None, 0.85, None) == 0.85


def test_a_retention_change_names_exactly_the_levels_it_touches():
    assert retention_changes((0.9, None), (0.9, {"senior": 0.9})) == ()
    assert retention_changes((0.9, None), (0.9, {"senior": 0.93})) == ("senior",)
    # the overall retention moves every level without one of its own
    assert retention_changes((0.9, {"architect": 0.95}), (0.85, {"architect": 0.95})) == (
        "junior",
        "mid",
        "senior",
    )


def test_easy_days_as_stored():
    assert easy_days_of(None) == NORMAL_DAYS
    assert easy_days_of([100, 100]) == NORMAL_DAYS  # not seven days: ignored
    assert easy_days_of([100, 100, 100, 100, 100, 50, 0]) == (100, 100, 100, 100, 100, 50, 0)
    assert easy_days_of([150, -5, 100, 100, 100, 100, 100])[:2] == (100, 0)
