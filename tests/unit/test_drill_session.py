"""What a drill session is (a run of ratings with no pause of 30 minutes or more) and what its
summary counts: cards, time, the ratings split and the cards that lapsed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from practice.domain.drill_session import SESSION_GAP, session_figures, session_run
from practice.domain.scheduling import CardStatus
from practice.domain.study_stats import Review

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def rated(minute: float, rating: int = 3, item: int = 1, before=CardStatus.REVIEW, ms=10_000):
    return Review(START + timedelta(minutes=minute), rating, before, ms, item)


def test_a_pause_of_thirty_minutes_starts_a_new_session():
    reviews = [rated(0), rated(10), rated(40), rated(45)]  # 30 minutes between 10 and 40
    assert session_run(reviews, START + timedelta(minutes=50)) == reviews[2:]


def test_a_pause_just_under_thirty_minutes_keeps_the_session_going():
    reviews = [rated(0), rated(29.99), rated(59.98)]
    assert session_run(reviews, START + timedelta(minutes=60)) == reviews


def test_no_session_is_running_thirty_minutes_after_the_last_rating():
    reviews = [rated(0), rated(5)]
    assert session_run(reviews, START + timedelta(minutes=5) + SESSION_GAP) == []
    assert session_run(reviews, START + timedelta(minutes=34, seconds=59)) == reviews
    assert session_run([], START) == []


def test_the_summary_counts_cards_once_and_every_rating():
    figures = session_figures([rated(0, 1, item=1), rated(1, 3, item=1), rated(2, 4, item=2)])
    assert (figures.reviews, figures.cards) == (3, 2)
    assert figures.ratings == {1: 1, 2: 0, 3: 1, 4: 1}


def test_only_learned_cards_rated_again_count_as_lapsed_each_once_in_order():
    reviews = [
        rated(0, 1, item=7),  # a review card forgotten: a lapse
        rated(1, 1, item=8, before=CardStatus.NEW),  # a new card: not a lapse
        rated(2, 1, item=9, before=CardStatus.LEARNING),  # still learning: not a lapse
        rated(3, 1, item=5),
        rated(4, 1, item=7, before=CardStatus.RELEARNING),  # 7 again, in relearning
        rated(5, 2, item=6),  # Hard is not a lapse
    ]
    assert session_figures(reviews).lapsed == (7, 5)


def test_time_is_the_answer_time_and_the_span_starts_when_the_first_card_was_shown():
    figures = session_figures([rated(1, ms=60_000), rated(10, ms=90_000), rated(20, ms=None)])
    assert figures.answer_ms == 150_000 and figures.minutes == 2  # 2.5 rounds to even
    assert figures.started == START and figures.ended == START + timedelta(minutes=20)
    assert figures.span_minutes == 20


def test_an_empty_session_counts_nothing():
    figures = session_figures([])
    assert (figures.reviews, figures.cards, figures.minutes, figures.span_minutes) == (0, 0, 0, 0)
    assert figures.lapsed == () and figures.started is None
