"""The end of a drill session: its summary when nothing is left in the scope or when the learner
ends it (cards, time, ratings split, lapsed cards with links, streak, next due in their zone).
A session is the run of ratings with no pause of 30 minutes or more, after the last one ended."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from practice.domain.countdown import clock_label
from practice.domain.scheduling import CardStatus
from practice.extensions import db
from practice.models import CardState, Item, User
from practice.types import utcnow
from tests.helpers.accounts import create_user, csrf_token, post_form
from tests.helpers.drill import put_card, rate, reveal, set_user, shown_card
from tests.helpers.stats import add_review

GO = "/drill?track=go"


def drill_one(client, url: str, rating: int) -> str:
    """Reveal the card `url` shows and rate it without JavaScript; the page after it."""
    page = client.get(url).get_data(as_text=True)
    assert shown_card(page), "no card to rate"
    response = rate(client, reveal(client, page), rating)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def summary_of(page: str) -> str:
    assert 'class="session-summary"' in page, "no session summary"
    return page.split('class="session-summary"', 1)[1].split("</section>", 1)[0]


def fact(summary: str, name: str) -> str:
    return " ".join(summary.split(f'class="{name}">', 1)[1].split("</dd>", 1)[0].split())


def ratings_row(summary: str) -> list[str]:
    return [summary.split(f'class="rated-{n}">', 1)[1].split("<", 1)[0] for n in (1, 2, 3, 4)]


def user_id_of(app, email="ada@example.com") -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_finishing_the_scope_shows_the_summary_with_the_next_due_in_the_users_zone(app, learner):
    set_user(app, time_zone="Asia/Tokyo")
    page = drill_one(learner, GO, 4)  # Easy: the only Go card graduates, nothing is left
    summary = summary_of(page)
    assert "Nothing is due in this scope." in page and ">This session</h2>" in summary
    assert fact(summary, "summary-cards") == "1 card"
    assert ratings_row(summary) == ["0", "0", "0", "1"]
    assert fact(summary, "summary-time").startswith("1 min on the cards")
    with app.app_context():
        due = db.session.scalar(select(CardState.due))
    label = clock_label(due, utcnow(), "Asia/Tokyo")
    assert fact(summary, "summary-next") == f'{label} <span class="hint">(Asia/Tokyo)</span>'
    assert "UTC</time>" not in page  # the done screen's own line is in the zone too
    assert f">{label}</time>" in page


def test_cards_that_lapsed_are_listed_with_links(app, learner):
    set_user(app, daily_new_limit=0)
    now = utcnow()
    put_card(app, "PY-JR-001", CardStatus.REVIEW, now - timedelta(days=1), now - timedelta(days=6))
    scope = "/drill?track=python"
    page = drill_one(learner, scope, 1)  # forgotten: a lapse, and back in relearning
    assert shown_card(page) == "PY-JR-001"
    page = drill_one(learner, scope, 3)  # remembered on the relearning step
    summary = summary_of(page)
    assert fact(summary, "summary-cards") == "1 card (2 ratings)"
    assert ratings_row(summary) == ["1", "0", "1", "0"]
    assert (
        '<li><a href="/library/PY-JR-001">PY-JR-001</a>: '
        "What does a Python list comprehension build?</li>" in summary
    )


def test_no_lapse_is_said_plainly(learner):
    summary = summary_of(drill_one(learner, GO, 4))
    assert "You forgot none of the cards you had learned." in summary
    assert "summary-lapsed" not in summary


def test_ratings_before_a_half_hour_pause_belong_to_an_earlier_session(app, learner):
    user_id, now = user_id_of(app), utcnow()
    with app.app_context():
        add_review(user_id, "PY-JR-002", now - timedelta(minutes=60), rating=1)
        add_review(user_id, "PY-ERR-001", now - timedelta(minutes=29), rating=2)  # 31 min on
    summary = summary_of(drill_one(learner, GO, 4))  # 29 minutes after the error
    assert fact(summary, "summary-cards") == "2 cards"  # the error and Go
    assert ratings_row(summary) == ["0", "1", "0", "1"]


def test_undone_ratings_are_not_counted(app, learner):
    with app.app_context():
        add_review(user_id_of(app), "PY-JR-002", utcnow() - timedelta(minutes=5), undone=True)
    summary = summary_of(drill_one(learner, GO, 4))
    assert fact(summary, "summary-cards") == "1 card"


def test_another_learners_ratings_never_show(app, learner):
    other = create_user(app, "bob@example.com", name="Bob")
    with app.app_context():
        add_review(other, "PY-JR-002", utcnow() - timedelta(minutes=1), rating=1)
    page = drill_one(learner, GO, 4)
    summary = summary_of(page)
    assert fact(summary, "summary-cards") == "1 card" and "PY-JR-002" not in summary
    post_form(learner, "/drill/end", {"track": "go"})
    ended = summary_of(learner.get("/drill/summary").get_data(as_text=True))
    assert fact(ended, "summary-cards") == "1 card" and "PY-JR-002" not in ended


def test_no_summary_when_no_session_is_running(app, learner):
    with app.app_context():
        add_review(user_id_of(app), "PY-JR-002", utcnow() - timedelta(minutes=31))
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == "GO-MD-001"))
        item.retired = True  # the Go scope is empty: nothing to do, nothing rated just now
        db.session.commit()
    page = learner.get(GO).get_data(as_text=True)
    assert "Nothing is due in this scope." in page and "session-summary" not in page


def test_ending_the_session_shows_its_summary_then_the_next_starts_afresh(app, learner):
    drill_one(learner, "/drill", 3)  # a new card to its learning step; cards are left
    response = post_form(learner, "/drill/end", {})
    assert response.status_code == 303 and response.headers["Location"] == "/drill/summary"
    page = learner.get("/drill/summary").get_data(as_text=True)
    summary = summary_of(page)
    assert ">Session summary</h2>" in summary and fact(summary, "summary-cards") == "1 card"
    assert fact(summary, "summary-next") == "now: 5 cards are still waiting today"
    assert '<a class="button" href="/drill">Start a new session</a>' in summary
    again = summary_of(learner.get("/drill/summary").get_data(as_text=True))
    assert fact(again, "summary-cards") == "1 card"  # showing it changes nothing
    page = drill_one(learner, GO, 4)  # the next session: only this rating
    assert fact(summary_of(page), "summary-cards") == "1 card"
    post_form(learner, "/drill/end", {"track": "go"})
    ended = summary_of(learner.get("/drill/summary?track=go").get_data(as_text=True))
    assert fact(ended, "summary-cards") == "1 card"
    assert ratings_row(ended) == ["0", "0", "0", "1"]


def test_ending_with_nothing_rated_says_so_and_never_shows_an_older_session(app, learner):
    drill_one(learner, GO, 4)
    post_form(learner, "/drill/end", {"track": "go"})
    post_form(learner, "/drill/end", {"track": "go"})  # nothing rated since
    summary = summary_of(learner.get("/drill/summary").get_data(as_text=True))
    assert "You did not rate any cards in this session." in summary
    assert "summary-cards" not in summary


def test_ending_with_htmx_swaps_in_the_summary(learner):
    drill_one(learner, GO, 4)
    response = learner.post(
        "/drill/end",
        data={"csrf_token": csrf_token(learner, GO), "track": "go"},
        headers={"HX-Request": "true", "HX-Target": "drill-card"},
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<section class="session-summary"')
    assert '<a class="button" href="/drill?track=go">Start a new session</a>' in fragment


def test_the_drill_page_offers_end_session_with_its_scope(learner):
    page = learner.get(GO).get_data(as_text=True)
    form = page.split('action="/drill/end"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="track" value="go">' in form
    assert 'hx-post="/drill/end"' in form and ">End session</button>" in form


def test_ending_needs_the_csrf_token_and_a_signed_in_user(app, client, learner):
    drill_one(learner, GO, 4)
    assert learner.post("/drill/end", data={}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.ended_session_until)) is None
    anonymous = app.test_client()
    assert anonymous.get("/drill/summary").status_code == 302
    assert anonymous.post("/drill/end").status_code in (302, 400)


def test_today_counts_toward_the_streak_once_nothing_is_left_due(learner):
    summary = summary_of(drill_one(learner, GO, 4))  # no review is left due today
    assert fact(summary, "summary-streak") == "1 day · today counts toward it"


def test_a_goal_not_reached_with_cards_still_due_is_said(learner):
    drill_one(learner, "/drill", 3)  # a card left on its learning step: today is unfinished
    post_form(learner, "/drill/end", {})
    ended = summary_of(learner.get("/drill/summary").get_data(as_text=True))
    assert fact(ended, "summary-streak") == (
        "0 days · today counts once you do every review that is due or 9 more ratings"
    )


def test_reaching_the_streak_goal_counts_today_even_with_cards_due(app, learner):
    set_user(app, streak_goal=1)
    drill_one(learner, "/drill", 3)
    post_form(learner, "/drill/end", {})
    ended = summary_of(learner.get("/drill/summary").get_data(as_text=True))
    assert fact(ended, "summary-streak") == "1 day · today counts toward it"


def test_a_set_the_learner_may_not_see_is_a_404_and_ends_nothing(app, learner):
    from practice.sets import queries as question_sets

    other = create_user(app, "bob@example.com", name="Bob")
    with app.app_context():
        set_id = question_sets.create_set(db.session.get(User, other), "Bob's", "", None).id
    drill_one(learner, GO, 4)
    assert post_form(learner, "/drill/end", {"set": str(set_id)}).status_code == 404
    assert learner.get(f"/drill/summary?set={set_id}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(User.ended_session_until).where(User.id == 1)) is None
