"""The plan: interview dates (add, edit, delete, bad input), the projection page, the scheduler
aiming a scope's cards at the day, and a learning path's target date (issues 13 and 15)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from practice.domain.interview import Deadline
from practice.domain.scheduling import review, study_day
from practice.drill.deadlines import deadline_for
from practice.drill.memory import memory_of
from practice.drill.queue import user_settings
from practice.drill.reviews import fuzz_seed
from practice.extensions import db
from practice.models import CardState, InterviewDate, Item, User
from practice.types import utcnow
from tests.helpers.accounts import create_user, log_in, post_form
from tests.helpers.db import database_snapshot
from tests.helpers.drill import put_card, rate, reveal, set_user
from tests.helpers.library import load, text, write_library_bank


def today():
    return study_day(utcnow(), "UTC", 4)


def day_in(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


def date_form(**changes) -> dict:
    return (
        {"title": "Backend interview at Acme", "day": day_in(21), "target": "90"}
        | {"scope_kind": "filter"}
        | changes
    )


def rows(app) -> list[InterviewDate]:
    with app.app_context():
        found = list(db.session.scalars(select(InterviewDate).order_by(InterviewDate.id)))
        db.session.expunge_all()
        return found


def add_date(client, **changes) -> int:
    response = post_form(client, "/plan/new", date_form(**changes))
    assert response.status_code == 302, response.get_data(True)[:800]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_learner_adds_an_interview_date_and_sees_it_on_the_plan(app, learner):
    assert "No interview dates yet" in text(learner, "/plan")
    date_id = add_date(learner, tracks=["python"], levels=["junior"])
    (row,) = rows(app)
    assert (row.title, row.day.isoformat(), row.target_recall) == (
        "Backend interview at Acme",
        day_in(21),
        0.9,
    )
    assert row.scope_kind == "filter" and row.filters == {"track": ["python"], "level": ["junior"]}
    listing = text(learner, "/plan")
    assert "Backend interview at Acme" in listing and day_in(21) in listing
    assert "Python · junior" in listing
    page = text(learner, f"/plan/{date_id}")
    assert "Projected recall on the day" in page and "Retention 0.90" in page


def test_editing_changes_the_date_and_its_scope(app, learner):
    date_id = add_date(learner)
    assert 'value="Backend interview at Acme"' in text(learner, f"/plan/{date_id}/edit")
    response = post_form(
        learner,
        f"/plan/{date_id}/edit",
        date_form(title="Final round", day=day_in(30), target="95", topics=["testing"]),
    )
    assert response.status_code == 302
    (row,) = rows(app)
    assert (row.title, row.day.isoformat(), row.target_recall) == ("Final round", day_in(30), 0.95)
    assert row.filters == {"topic": ["testing"]}


def test_deleting_goes_through_a_confirm_page(app, learner):
    date_id = add_date(learner)
    before = database_snapshot(app)
    page = text(learner, f"/plan/{date_id}/delete")
    assert "Delete the interview date Backend interview at Acme" in page
    assert "normal schedule" in page
    assert post_form(learner, f"/plan/{date_id}/delete", {}).status_code == 400
    assert database_snapshot(app) == before
    done = post_form(learner, f"/plan/{date_id}/delete", {"confirm": "yes"})
    assert done.status_code == 302 and rows(app) == []
    text(learner, f"/plan/{date_id}", status=404)


BAD = [
    ({"title": ""}, "title", "This field is required."),
    ({"title": "x" * 201}, "title", "Field cannot be longer than 200 characters."),
    ({"day": ""}, "day", "This field is required."),
    ({"day": "2026-02-30"}, "day", "Not a valid date value."),
    ({"day": "__TODAY__"}, "day", "Choose a day after today"),
    ({"day": "__PAST__"}, "day", "Choose a day after today"),
    ({"day": "__FAR__"}, "day", "Choose a day within two years"),
    ({"target": "49"}, "target", "Number must be between 50 and 99."),
    ({"target": "100"}, "target", "Number must be between 50 and 99."),
    ({"target": "ninety"}, "target", "Not a valid integer value."),
    (
        {"scope_kind": "set", "question_set": "999"},
        "question_set",
        "Choose one of your question sets.",
    ),
    ({"scope_kind": "everything"}, "scope_kind", "Not a valid choice."),
    ({"tracks": ["no-such-track"]}, "tracks", "is not a valid choice"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD)
def test_bad_input_is_named_next_to_its_field_and_changes_nothing(
    app, learner, changes, field, message
):
    days = {"__TODAY__": day_in(0), "__PAST__": day_in(-3), "__FAR__": day_in(800)}
    changes = {k: days.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    before = database_snapshot(app)
    response = post_form(learner, "/plan/new", date_form(**changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    error = re.search(rf'id="{field}-error" class="field-error">([^<]*)<', html) or re.search(
        r'class="field-error">([^<]*)<', html
    )
    assert error and message.split(".")[0][:20] in error.group(1)
    assert database_snapshot(app) == before


def test_a_set_scope_takes_only_a_set_the_learner_may_see(app, learner):
    other = create_user(app, "other@example.com")
    from practice.sets.queries import create_set

    with app.app_context():
        theirs = create_set(db.session.get(User, other), "Not yours", "", {"level": ["junior"]})
        mine = create_set(db.session.scalar(select(User).order_by(User.id)), "Mine", "", None)
        theirs_id, mine_id = theirs.id, mine.id
    response = post_form(
        learner, "/plan/new", date_form(scope_kind="set", question_set=str(theirs_id))
    )
    assert response.status_code == 400 and rows(app) == []
    add_date(learner, scope_kind="set", question_set=str(mine_id))
    (row,) = rows(app)
    assert row.scope_kind == "set" and row.set_id == mine_id and row.filters is None
    assert "the set Mine" in text(learner, "/plan")


def test_the_plan_page_shows_both_simulations_a_chart_and_a_table(app, learner):
    date_id = add_date(learner, day=day_in(10))
    page = text(learner, f"/plan/{date_id}")
    assert "<svg" in page and 'data-figure="plan-days"' in page
    days = re.findall(r'<tr><th scope="row"><time datetime="([^"]+)">', page)
    assert days == [day_in(n) for n in range(10)]
    assert re.search(r'class="recall-plan">\d+\.\d%', page)
    assert re.search(r'class="recall-plain">\d+\.\d%', page)
    assert "On track." in page  # five cards, twenty new a day, ten days


def test_a_plan_short_of_new_cards_says_by_how_many_a_day(app, learner):
    set_user(app, daily_new_limit=1)
    date_id = add_date(learner, day=day_in(2))
    page = text(learner, f"/plan/{date_id}")
    # five new cards in two days need three a day: two more than the limit of one
    assert "Behind by 2 cards a day." in page
    assert "need 3 a day" in page and "your limit is 1" in page


def test_the_plan_page_of_a_date_whose_day_has_come_says_so(app, learner):
    date_id = add_date(learner)
    with app.app_context():
        db.session.execute(update(InterviewDate).values(day=today()))
        db.session.commit()
    assert "The day has come" in text(learner, f"/plan/{date_id}")


def test_interview_dates_are_private_to_their_user(app, learner):
    date_id = add_date(learner)
    create_user(app, "other@example.com")
    other = app.test_client()
    log_in(other, "other@example.com")
    before = database_snapshot(app)
    for path in (f"/plan/{date_id}", f"/plan/{date_id}/edit", f"/plan/{date_id}/delete"):
        assert other.get(path).status_code == 404
    assert post_form(other, f"/plan/{date_id}/edit", date_form(title="Mine")).status_code == 404
    assert post_form(other, f"/plan/{date_id}/delete", {"confirm": "yes"}).status_code == 404
    assert "Backend interview" not in text(other, "/plan")
    assert database_snapshot(app) == before


def due_review_card(app, external_id: str) -> None:
    now = utcnow()
    put_card(app, external_id, 2, now - timedelta(hours=1), now - timedelta(days=10), 10.0)


def rate_good(client, external_id: str) -> tuple[str, str]:
    """Rate a card Good through the drill: the label its Good button showed."""
    page = reveal(client, text(client, f"/drill?item={external_id}"))
    label = re.search(r'aria-label="Good, next in ([^ ]+) ', page)
    assert rate(client, page, 3).status_code == 302
    return label.group(1) if label else ""


def stored(app, external_id: str):
    with app.app_context():
        card = db.session.scalar(
            select(CardState).join(Item).where(Item.external_id == external_id)
        )
        return memory_of(card)


def expected(app, external_id: str, before, deadline: Deadline | None):
    with app.app_context():
        user = db.session.scalar(select(User).order_by(User.id))
        item = db.session.scalar(select(Item).where(Item.external_id == external_id))
        settings = replace(user_settings(user, app.config["FSRS_FUZZ"]), deadline=deadline)
        return review(settings, before, 3, utcnow(), fuzz_seed(user, item, before.reps))


def test_cards_in_scope_are_aimed_at_the_day_and_others_are_not(app, learner):
    for external_id in ("PY-JR-001", "GO-MD-001"):
        due_review_card(app, external_id)
    add_date(learner, tracks=["python"], target="95", day=day_in(30))
    deadline = Deadline(today() + timedelta(days=30), 0.95)
    for external_id, aimed in (("PY-JR-001", True), ("GO-MD-001", False)):
        before = stored(app, external_id)
        rate_good(learner, external_id)
        after = stored(app, external_id)
        plain = expected(app, external_id, before, None)
        toward = expected(app, external_id, before, deadline)
        assert toward.memory.due != plain.memory.due  # the date changes this card's interval
        assert after.due == (toward if aimed else plain).memory.due, external_id
        assert after.stability == plain.memory.stability  # the model is the same


def test_the_good_button_shows_the_interval_the_rating_then_gives(app, learner):
    due_review_card(app, "PY-JR-001")
    add_date(learner, target="95", day=day_in(30))
    label = rate_good(learner, "PY-JR-001")
    after = stored(app, "PY-JR-001")
    days = (study_day(after.due, "UTC", 4) - today()).days
    assert label == f"{days}d"


def test_after_the_day_scheduling_is_normal_again(app, learner):
    due_review_card(app, "PY-JR-001")
    add_date(learner, target="95", day=day_in(30))
    with app.app_context():
        db.session.execute(update(InterviewDate).values(day=today()))
        db.session.commit()
    before = stored(app, "PY-JR-001")
    rate_good(learner, "PY-JR-001")
    assert stored(app, "PY-JR-001").due == expected(app, "PY-JR-001", before, None).memory.due


@pytest.fixture
def path_learner(app, client, runner, tmp_path, user_id):
    load(runner, write_library_bank(tmp_path / "bank"))
    log_in(client)
    return client


def test_a_path_target_date_becomes_an_interview_date_for_its_items(app, path_learner):
    client = path_learner
    assert "Set a target date" in text(client, "/paths/data-basics")
    response = post_form(client, "/paths/data-basics/target-date", {"day": day_in(14)})
    assert response.status_code == 302
    (row,) = rows(app)
    assert (row.scope_kind, row.path_slug, row.title) == ("path", "data-basics", "Data basics")
    assert row.day.isoformat() == day_in(14) and row.target_recall == 0.9
    page = text(client, "/paths/data-basics")
    assert f'datetime="{day_in(14)}"' in page and "Move the target date" in page
    assert "the learning path Data basics" in text(client, "/plan")
    with app.app_context():
        user = db.session.scalar(select(User))
        ids = dict(db.session.execute(select(Item.external_id, Item.id)).all())
        now = utcnow()
        day = today() + timedelta(days=14)
        for external_id in ("PY-MD-001", "GO-MD-001", "SD-CASE-001"):  # the path's items
            assert deadline_for(user, ids[external_id], now) == Deadline(day, 0.9)
        for external_id in ("PY-SR-001", "GO-JR-001"):
            assert deadline_for(user, ids[external_id], now) is None


def test_moving_a_path_target_date_keeps_one_interview_date(app, path_learner):
    post_form(path_learner, "/paths/data-basics/target-date", {"day": day_in(14)})
    post_form(path_learner, "/paths/data-basics/target-date", {"day": day_in(20)})
    (row,) = rows(app)
    assert row.day.isoformat() == day_in(20)
    page = text(path_learner, f"/plan/{row.id}/edit")
    assert "every item of the learning path" in page and 'name="tracks"' not in page
    fields = {"title": "Data basics", "day": day_in(20), "target": "80", "scope_kind": "filter"}
    edit = post_form(path_learner, f"/plan/{row.id}/edit", fields)
    assert edit.status_code == 302
    (row,) = rows(app)
    assert row.scope_kind == "path" and row.target_recall == 0.8  # its scope stays the path


@pytest.mark.parametrize("day", ["", "yesterday", "__PAST__", "__FAR__"])
def test_a_bad_path_target_date_is_refused_with_a_message(app, path_learner, day):
    day = {"__PAST__": day_in(-1), "__FAR__": day_in(800)}.get(day, day)
    response = post_form(path_learner, "/paths/data-basics/target-date", {"day": day})
    assert response.status_code == 400
    assert 'class="field-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(InterviewDate.id))) == 0


def test_a_path_target_date_needs_a_login(app, client, runner, tmp_path):
    load(runner, write_library_bank(tmp_path / "bank"))
    response = client.post("/paths/data-basics/target-date", data={"day": day_in(3)})
    assert response.status_code in (302, 400)
    assert rows(app) == []


def test_replay_gives_the_due_dates_reviews_aimed_at_an_interview_got(app, learner, runner):
    add_date(learner, target="95", day=day_in(30))
    for external_id in ("PY-JR-001", "PY-JR-002"):
        page = reveal(learner, text(learner, f"/drill?item={external_id}"))
        assert rate(learner, page, 4).status_code == 302  # Easy: into review, aimed at the day
    rate_good(learner, "PY-JR-001")
    result = runner.invoke(args=["fsrs", "check"])
    assert "2 cards replayed, 0 disagree" in result.output, result.output
    with app.app_context():
        db.session.execute(update(InterviewDate).values(day=today()))  # dates do not matter now
        db.session.commit()
    assert "0 disagree" in runner.invoke(args=["fsrs", "check"]).output


def test_deleting_the_account_takes_its_interview_dates(app, learner):
    from tests.helpers.accounts import STRONG_PASSWORD

    add_date(learner)
    done = post_form(learner, "/account/delete", {"password": STRONG_PASSWORD, "confirm": "y"})
    assert done.status_code == 302
    assert rows(app) == []
