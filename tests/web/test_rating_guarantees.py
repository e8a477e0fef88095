"""Each layer that keeps a rating counted exactly once, tested on its own, and the promises the
rating buttons make: their order, their intervals (fuzz included) and the user's retention."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from practice.domain.scheduling import CardStatus, interval_label, study_day_start
from practice.domain.study_days import study_days_between
from practice.drill import reviews
from practice.drill.queue import extra_new_today
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User
from practice.types import utcnow
from tests.helpers.accounts import create_user
from tests.helpers.drill import form_fields, rate, reveal

ORDER = [("1", "Again"), ("2", "Hard"), ("3", "Good"), ("4", "Easy")]


def _review_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ReviewLog.id)))


def test_a_repeated_post_is_recognised_as_the_same_rating_not_another_tab(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    rate(learner, answered, 3)
    again = rate(learner, answered, 3)
    page = learner.get(again.headers["Location"]).get_data(as_text=True)
    assert "already rated in another tab" not in page
    assert _review_count(app) == 1


def test_the_database_refuses_a_second_review_with_the_same_client_token(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    rate(learner, answered, 3)
    with app.app_context():
        first = db.session.scalar(select(ReviewLog))
        copy = ReviewLog(
            user_id=first.user_id,
            item_id=first.item_id,
            rating=1,
            reviewed_at=first.reviewed_at,
            client_token=first.client_token,
            state_after=first.state_after,
            was_new=False,
        )
        db.session.add(copy)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        # Another user may use the same token: the constraint is per user.
        other = create_user(app, "grace@example.com", name="Grace")
        db.session.add(
            ReviewLog(
                user_id=other,
                item_id=first.item_id,
                rating=3,
                reviewed_at=first.reviewed_at,
                client_token=first.client_token,
                state_after=first.state_after,
                was_new=True,
            )
        )
        db.session.commit()


def test_a_rating_against_a_card_that_moved_on_meanwhile_is_refused_by_the_update(app, learner):
    """The card passed in was read before another rating committed (a race): the early reps
    check passes on the stale copy, and only the compare-and-set on reps can refuse it."""
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    rate(learner, answered, 3)
    with app.app_context():
        user = db.session.scalar(select(User))
        stale = db.session.scalar(select(CardState))
        item = db.session.get(Item, stale.item_id)
        db.session.expunge(stale)  # a copy read before the other request committed
        other = reviews.Rating(item, 3, "other-request", stale.reps)
        assert reviews.record_rating(user, other, utcnow(), False) == reviews.RECORDED
        late = reviews.Rating(item, 4, "late-request", stale.reps)
        outcome = reviews.record_rating(user, late, utcnow(), False, card=stale)
        assert outcome == reviews.CONFLICT
        assert db.session.scalar(select(func.count(ReviewLog.id))) == 2
        assert db.session.scalar(select(CardState.reps)) == stale.reps + 1


def _buttons(page: str) -> list[tuple[str, str]]:
    return re.findall(r'name="rating" value="(\d)"[^>]*aria-label="(\w+), next in', page)


def label_days(label: str) -> float:
    """A button's interval label (10m, 3h, 8d, 4.2mo, 1.1y) in days."""
    number, unit = re.fullmatch(r"([\d.]+)(m|h|d|mo|y)", label).groups()
    return float(number) * {"m": 1 / 1440, "h": 1 / 24, "d": 1, "mo": 30, "y": 365}[unit]


def test_rating_buttons_come_in_anki_order_with_growing_intervals(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    assert _buttons(answered) == ORDER
    labels = re.findall(r'aria-label="\w+, next in ([^ ]+) \(key', answered)
    days = [label_days(label) for label in labels]
    assert days == sorted(days) and len(set(days)) == 4, labels  # Again < Hard < Good < Easy
    assert labels[0] == "1m" and labels[2] == "10m"  # the learning steps 1m 10m


def _make_review_cards(app, user_id: int, stability: float, count: int) -> list[str]:
    """Turn the user's first `count` items into review cards due now."""
    now = utcnow()
    with app.app_context():
        items = db.session.scalars(select(Item).order_by(Item.id).limit(count)).all()
        for item in items:
            db.session.add(
                CardState(
                    user_id=user_id,
                    item_id=item.id,
                    state=CardStatus.REVIEW,
                    step=None,
                    stability=stability,
                    difficulty=5.0,
                    due=now - timedelta(hours=1),
                    last_review=now - timedelta(days=round(stability)),
                    last_review_day=0,
                    reps=3,
                    lapses=0,
                )
            )
        db.session.commit()
        return [item.external_id for item in items]


def _label_of(page: str, name: str) -> str:
    return re.search(rf'aria-label="{name}, next in ([^ ]+) \(key', page).group(1)


@pytest.fixture
def fuzzed(app, learner, user_id):
    """The signed-in learner's app with interval fuzz on (the views read it per request)."""
    app.config["FSRS_FUZZ"] = True
    return app, learner, user_id


def test_with_fuzz_each_button_shows_the_interval_its_rating_then_gives(fuzzed):
    app, client, user_id = fuzzed
    shown = _make_review_cards(app, user_id, stability=12.0, count=5)
    seen = []
    for _ in shown:
        page = reveal(client, client.get("/drill").get_data(as_text=True))
        item = form_fields(page, "/drill/rate")["item"]
        promised = _label_of(page, "Good")
        rate(client, page, 3)
        with app.app_context():
            card = db.session.scalar(select(CardState).join(Item).where(Item.external_id == item))
            owner = db.session.get(User, user_id)
            zone, hour = owner.time_zone, owner.day_start_hour
            # due when the study day the button named begins
            assert card.due == study_day_start(card.due, zone, hour)
            given = interval_label(
                timedelta(days=study_days_between(card.last_review, card.due, zone, hour))
            )
        seen.append((item, promised, given))
    assert all(promised == given for _, promised, given in seen), seen
    assert len({given for _, _, given in seen}) > 1, "fuzz spread the intervals"


def test_the_users_desired_retention_sets_the_intervals(app, learner):
    with app.app_context():
        user_id = db.session.scalar(select(User.id))
    _make_review_cards(app, user_id, stability=12.0, count=1)
    labels = {}
    for retention in (0.8, 0.95):
        with app.app_context():
            db.session.execute(update(User).values(desired_retention=retention))
            db.session.commit()
        page = reveal(learner, learner.get("/drill").get_data(as_text=True))
        labels[retention] = label_days(_label_of(page, "Good"))
    assert labels[0.8] > 2 * labels[0.95]  # lower retention, much longer intervals


def test_learn_more_today_counts_from_the_start_of_the_users_own_day():
    """Kiritimati is UTC+14: at 12:00 UTC it is 02:00 the next day there, so with days that
    start at 04:00 the user's study day began at 14:00 UTC the day before."""
    user = User(time_zone="Pacific/Kiritimati", day_start_hour=4, extra_new_count=10)
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    user.extra_new_from = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # after their day began
    assert extra_new_today(user, now) == 10
    user.extra_new_from = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # the day before theirs
    assert extra_new_today(user, now) == 0
