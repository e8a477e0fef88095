"""Back after a rating (without JavaScript) must not let the same recall count twice: the
reveal posted again shows the card as already rated, and a rating of a screen older than the
card's last review is refused whatever its token. Each layer is tested on its own."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import ReviewLog
from tests.helpers.drill import form_fields, rate, reveal


def _reviews(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ReviewLog.id)))


def test_the_reveal_posted_again_after_a_rating_offers_no_rating_buttons(app, learner):
    prompt = learner.get("/drill").get_data(as_text=True)
    reveal_fields = form_fields(prompt, "/drill/reveal")
    answered = reveal(learner, prompt)
    rate(learner, answered, 3)
    # Back: the browser posts the same reveal form again.
    again = learner.post("/drill/reveal", data=reveal_fields).get_data(as_text=True)
    assert "You already rated this card after this page was shown" in again
    assert 'action="/drill/rate"' not in again
    assert _reviews(app) == 1


def test_a_fresh_token_with_the_new_reps_but_an_old_screen_is_refused(app, learner):
    """The second layer alone: the form claims the card's current reps (as a page rebuilt
    after the rating would) and a new token, but its screen was shown before the rating."""
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    rate(learner, answered, 3)
    fields = form_fields(answered, "/drill/rate")
    fields |= {"rating": "3", "token": "a-brand-new-token", "reps": "1"}
    response = learner.post("/drill/rate", data=fields)
    assert response.status_code == 302
    assert _reviews(app) == 1
    page = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "already rated in another tab or from an older page" in page


def test_a_screen_shown_after_the_last_review_may_be_rated(app, learner):
    """The guard compares moments: the same card shown again later (a learning step that
    came due) is rated normally."""
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    card = re.search(r'data-item="([^"]+)"', answered).group(1)
    rate(learner, answered, 1)
    later = learner.get(f"/drill?item={card}").get_data(as_text=True)
    shown = reveal(learner, later)
    assert 'action="/drill/rate"' in shown
    rate(learner, shown, 3)
    assert _reviews(app) == 2


def test_an_out_of_range_shown_at_is_not_an_error(app, learner):
    answered = reveal(learner, learner.get("/drill").get_data(as_text=True))
    fields = form_fields(answered, "/drill/rate") | {"rating": "3", "shown_at": str(10**30)}
    response = learner.post("/drill/rate", data=fields)
    assert response.status_code == 302
    assert _reviews(app) == 1
