"""Undo reverses the last action of this drill session (rating, suspend or bury), once, within
ten minutes; it marks a review undone and never deletes it, so nobody's comment on it is lost,
and review ids are never given out twice."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, insert, select

from practice.drill import reviews
from practice.drill.fsrs import user_history
from practice.extensions import db
from practice.models import AnswerComment, CardState, Item, ReviewLog, User, counted
from practice.types import utcnow
from tests.helpers.accounts import create_user, csrf_token
from tests.helpers.drill import counts, rate, reveal, shown_card


def _undo(client):
    return client.post("/drill/undo", data={"csrf_token": csrf_token(client, "/drill")})


def _counted_reviews(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ReviewLog.id)).where(counted()))


def _rate_first(client, rating=3) -> str:
    page = reveal(client, client.get("/drill").get_data(as_text=True))
    rate(client, page, rating)
    return shown_card(page)


def test_undo_marks_the_review_undone_and_a_comment_on_it_survives(app, learner):
    _rate_first(learner)
    with app.app_context():
        review = db.session.scalar(select(ReviewLog))
        mentor = create_user(app, "mentor@example.com", role="mentor", name="Mona")
        db.session.add(
            AnswerComment(
                review_log_id=review.id, author_id=mentor, body="Say why.", created_at=utcnow()
            )
        )
        db.session.commit()
    _undo(learner)
    with app.app_context():
        review = db.session.scalar(select(ReviewLog))
        assert review is not None and review.undone_at is not None
        assert db.session.scalar(select(AnswerComment.body)) == "Say why."
    assert _counted_reviews(app) == 0


def test_undo_reverses_only_the_last_action_and_only_once(app, learner):
    first = _rate_first(learner)
    second = _rate_first(learner)
    assert first != second
    assert "Undid your rating of" in learner.get(_undo(learner).headers["Location"]).get_data(True)
    again = learner.get(_undo(learner).headers["Location"]).get_data(as_text=True)
    assert "There is nothing to undo" in again
    assert _counted_reviews(app) == 1  # the first rating stands
    with app.app_context():
        kept = db.session.scalar(select(Item.external_id).join(CardState))
    assert kept == first


def test_undo_reverses_a_suspend_not_an_older_rating(app, learner):
    _rate_first(learner)
    page = learner.get("/drill").get_data(as_text=True)
    suspended = shown_card(page)
    fields = {"csrf_token": csrf_token(learner, "/drill"), "item": suspended}
    learner.post("/drill/suspend", data=fields)
    _undo(learner)
    with app.app_context():
        card = db.session.scalar(select(CardState).join(Item).where(Item.external_id == suspended))
        assert card is None  # made by the suspend, gone with its undo
    assert _counted_reviews(app) == 1  # the rating before it stands


def test_undo_reverses_a_bury(app, learner):
    _rate_first(learner, rating=3)
    with app.app_context():  # the rated card is due again
        card = db.session.scalar(select(CardState))
        card.due = utcnow() - timedelta(minutes=1)
        db.session.commit()
        buried = db.session.scalar(select(Item.external_id).where(Item.id == card.item_id))
    learner.post("/drill/bury", data={"csrf_token": csrf_token(learner, "/drill"), "item": buried})
    assert counts(learner.get("/drill").get_data(as_text=True))[0] == 0
    _undo(learner)
    with app.app_context():
        assert db.session.scalar(select(CardState.buried_until)) is None
    assert counts(learner.get("/drill").get_data(as_text=True))[0] == 1


def test_undo_is_refused_after_ten_minutes(app, learner, monkeypatch):
    _rate_first(learner)
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: later)
    page = learner.get(_undo(learner).headers["Location"]).get_data(as_text=True)
    assert "There is nothing to undo" in page
    assert _counted_reviews(app) == 1


def test_concurrent_undos_of_one_action_reverse_it_once(app, learner):
    _rate_first(learner)
    _rate_first(learner)
    with app.app_context():
        user = db.session.scalar(select(User))
        last = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()))
        action = reviews.LastAction("rating", last.item_id, utcnow(), review_id=last.id)
        user_id = user.id
    results, barrier = [], threading.Barrier(4)

    def press_undo():
        with app.app_context():
            barrier.wait()
            results.append(reviews.undo(db.session.get(User, user_id), action, utcnow()))

    threads = [threading.Thread(target=press_undo) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(item is not None for item in results) == 1
    assert _counted_reviews(app) == 1


def test_a_forged_or_stale_session_action_undoes_nothing(app, learner):
    _rate_first(learner)
    with learner.session_transaction() as session:
        session["drill_last_action"] = {"kind": "rating", "item": "x", "at": "soon"}
    _undo(learner)
    with learner.session_transaction() as session:
        session["drill_last_action"] = {"kind": "delete-everything", "item": 1, "at": 0}
    _undo(learner)
    assert _counted_reviews(app) == 1


def test_undone_reviews_are_left_out_of_fitting_and_replay(app, learner, runner):
    _rate_first(learner)
    _rate_first(learner)
    _undo(learner)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert sum(len(entries) for entries in user_history(user).values()) == 1
    result = runner.invoke(args=["fsrs", "check"])
    assert result.exit_code == 0, result.output


def test_review_ids_are_never_given_out_again(app, learner):
    _rate_first(learner)
    _rate_first(learner)
    with app.app_context():
        newest = db.session.scalar(select(ReviewLog).order_by(ReviewLog.id.desc()))
        newest_id, row = (
            newest.id,
            {
                "user_id": newest.user_id,
                "item_id": newest.item_id,
                "rating": 3,
                "reviewed_at": newest.reviewed_at,
                "state_after": newest.state_after,
                "client_token": "later",
                "was_new": False,
            },
        )
        db.session.delete(newest)  # as deleting the account that owned it would
        db.session.commit()
        db.session.execute(insert(ReviewLog), [row])
        db.session.commit()
        assert db.session.scalar(select(func.max(ReviewLog.id))) > newest_id
