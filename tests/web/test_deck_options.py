"""Anki's deck options in study settings and the drill: the load balancer and easy days,
retention per level (a change reschedules the cards it applies to), the order of due reviews
and new cards mixed into them. Bad values come back beside their field and change nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from practice.domain.study_days import study_day_number
from practice.domain.study_options import shuffle_key
from practice.extensions import db
from practice.models import CardState, Item, User
from tests.helpers.accounts import csrf_token
from tests.helpers.bank_factory import write_item
from tests.helpers.drill import (
    put_card,
    rate,
    reveal,
    set_user,
    shown_card,
    write_drill_bank,
)

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # a Monday; the study day starts at 04:00
REVIEW = 2
FILLERS = [f"PY-SR-{n:03d}" for n in range(1, 13)]
GOOD = {
    "desired_retention": "0.9",
    "daily_new_limit": "20",
    "maximum_reviews": "200",
    "time_zone": "UTC",
    "day_start_hour": "4",
    "learning_steps": "1m 10m",
    "learn_ahead_minutes": "20",
    "leech_threshold": "8",
    "leech_action": "tag",
    "review_order": "retrievability",
    "new_card_place": "after",
    "load_balancer": "y",
}


@pytest.fixture
def bank(tmp_path):
    """The drill bank and twelve senior questions to fill the coming days with."""
    root = write_drill_bank(tmp_path / "bank")
    for n, external_id in enumerate(FILLERS):
        write_item(root, external_id, f"Senior question number {n} on caching", level="senior")
    return root


@pytest.fixture
def clock(monkeypatch):
    moments = [NOON]
    monkeypatch.setattr("practice.drill.views.utcnow", lambda: moments[-1])
    return moments


@pytest.fixture
def fuzz(monkeypatch):
    """The drill with fuzz on, as in production (the tests' default is off)."""
    monkeypatch.setattr("practice.drill.views._fuzz", lambda: True)


def page(client, path: str = "/drill") -> str:
    return client.get(path).get_data(as_text=True)


def post_settings(client, **changes):
    data = GOOD | changes | {"csrf_token": csrf_token(client, "/drill/settings")}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post("/drill/settings", data=data)


def user_options(app) -> tuple:
    with app.app_context():
        user = db.session.scalar(select(User))
        return (
            user.load_balancer,
            user.easy_days,
            user.retention_by_level,
            user.review_order,
            user.new_card_place,
            user.desired_retention,
        )


def error_beside(page_text: str, field: str) -> str:
    block = page_text.split(f'<label for="{field}"', 1)[1].split("</div>", 1)[0]
    return re.search(rf'<p id="{field}-error" class="field-error">([^<]+)</p>', block).group(1)


def day(offset: int) -> datetime:
    """When the study day `offset` days from NOON's begins."""
    return datetime(2026, 11, 2, 4, tzinfo=UTC) + timedelta(days=offset)


def due_of(app, external_id: str) -> datetime:
    with app.app_context():
        return db.session.scalar(
            select(CardState.due)
            .join(Item, Item.id == CardState.item_id)
            .where(Item.external_id == external_id)
        )


def good_label(page_text: str) -> str:
    return re.search(r"Good</span>\s*<span class=\"rate-interval\">([^<]+)<", page_text).group(1)


# -- the settings form ---------------------------------------------------------------------


def test_new_settings_show_anki_defaults_for_the_deck_options(learner):
    shown = page(learner, "/drill/settings")
    assert '<input checked id="load_balancer"' in shown
    assert '<option selected value="retrievability">' in shown
    assert '<option selected value="after">After the reviews</option>' in shown
    assert re.search(r'id="easy_sunday"[^>]*value="100"', shown)
    assert re.search(r'id="retention_architect"[^>]*value=""', shown)


def test_deck_options_are_saved_and_shown_back(app, learner):
    response = post_settings(
        learner,
        load_balancer=None,  # an unticked box is not sent
        easy_saturday="50",
        easy_sunday="0",
        retention_architect="0.95",
        retention_junior="",
        review_order="overdueness",
        new_card_place="mixed",
    )
    assert response.status_code == 302
    assert user_options(app) == (
        False,
        [100, 100, 100, 100, 100, 50, 0],
        {"architect": 0.95},
        "overdueness",
        "mixed",
        0.9,
    )
    shown = page(learner, "/drill/settings")
    assert re.search(r'id="easy_sunday"[^>]*value="0"', shown)
    assert re.search(r'id="retention_architect"[^>]*value="0.95"', shown)
    [box] = re.findall(r'<input[^>]*id="load_balancer"[^>]*>', shown)
    assert "checked" not in box
    assert '<option selected value="mixed">' in shown


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("easy_sunday", "150", "Give a percentage from 0 to 100."),
        ("easy_monday", "-1", "Give a percentage from 0 to 100."),
        ("easy_friday", "half", "Not a valid integer value."),
        ("retention_senior", "0.5", "Give a retention from 0.70 to 0.99, or leave it blank."),
        ("retention_mid", "1.2", "Give a retention from 0.70 to 0.99, or leave it blank."),
        ("retention_junior", "lots", "Not a valid decimal value."),
        ("review_order", "alphabetical", "Not a valid choice."),
        ("new_card_place", "sometimes", "Not a valid choice."),
    ],
)
def test_bad_deck_options_are_refused_beside_the_field_and_change_nothing(
    app, learner, field, value, message
):
    before = user_options(app)
    response = post_settings(learner, **({"review_order": "due"} | {field: value}))
    assert response.status_code == 400
    assert error_beside(response.get_data(as_text=True), field) == message
    assert user_options(app) == before


def test_the_settings_post_needs_its_csrf_token(app, learner):
    before = user_options(app)
    response = learner.post("/drill/settings", data=GOOD | {"review_order": "due"})
    assert response.status_code == 400
    assert user_options(app) == before


# -- retention per level -------------------------------------------------------------------


def learned(app, learner, clock, *external_ids: str) -> None:
    """The day's new cards (these items) learned with Easy a month ago."""
    clock.append(NOON - timedelta(days=30))
    for _ in external_ids:
        rate(learner, reveal(learner, page(learner)), 4)
    clock.append(NOON)


def test_a_level_retention_reschedules_that_levels_cards_and_replay_agrees(
    app, learner, clock, runner
):
    set_user(app, daily_new_limit=4)
    learned(app, learner, clock, "PY-JR-001", "PY-JR-002", "PY-JR-003", "GO-MD-001")
    junior, mid = due_of(app, "PY-JR-001"), due_of(app, "GO-MD-001")
    assert junior is not None and mid is not None
    response = post_settings(learner, retention_junior="0.97")
    assert response.status_code == 302
    assert "3 cards rescheduled for the new retention." in page(learner, "/drill/settings")
    assert due_of(app, "PY-JR-001") < junior  # asked to remember more: sooner
    assert due_of(app, "GO-MD-001") == mid  # another level: untouched
    check = runner.invoke(args=["fsrs", "check"])
    assert check.exit_code == 0, check.output
    post_settings(learner, retention_junior="", desired_retention="0.9")
    assert due_of(app, "PY-JR-001") == junior  # back to the overall retention


def test_the_buttons_use_the_cards_level_retention(app, learner, clock):
    set_user(app, daily_new_limit=0, retention_by_level={"junior": 0.97})
    for external_id in ("PY-JR-001", "GO-MD-001"):
        put_card(app, external_id, REVIEW, day(0), day(-4), stability=4.0)
    junior = good_label(reveal(learner, page(learner, "/drill?level=junior")))
    mid = good_label(reveal(learner, page(learner, "/drill?level=mid")))
    assert int(junior.rstrip("d")) < int(mid.rstrip("d"))


def test_changing_the_overall_retention_reschedules_levels_without_their_own(app, learner, clock):
    set_user(app, daily_new_limit=4)
    learned(app, learner, clock, "PY-JR-001", "PY-JR-002", "PY-JR-003", "GO-MD-001")
    post_settings(learner, retention_mid="0.9")
    mid, junior = due_of(app, "GO-MD-001"), due_of(app, "PY-JR-001")
    assert mid is not None and junior is not None
    post_settings(learner, desired_retention="0.8", retention_mid="0.9")
    assert due_of(app, "PY-JR-001") > junior  # less asked of it: later
    assert due_of(app, "GO-MD-001") == mid  # its own retention did not change


def test_a_bad_retention_reschedules_nothing(app, learner, clock):
    set_user(app, daily_new_limit=1)
    learned(app, learner, clock, "PY-JR-001")
    before = due_of(app, "PY-JR-001")
    assert post_settings(learner, retention_junior="0.99", maximum_reviews="-1").status_code == 400
    assert due_of(app, "PY-JR-001") == before


# -- the load balancer and easy days -------------------------------------------------------


def balanced_setup(app) -> None:
    """One due review card, no new cards."""
    set_user(app, daily_new_limit=0)
    put_card(app, "PY-JR-001", REVIEW, day(0), day(-3), stability=3.0)


def fill(app, offsets: list[int]) -> None:
    """One filler card due on each of these days."""
    for external_id, offset in zip(FILLERS, offsets, strict=False):
        put_card(app, external_id, REVIEW, day(offset), day(offset - 10), stability=10.0)


def test_the_balancer_picks_an_empty_day_and_the_button_shows_it(app, learner, clock, fuzz):
    balanced_setup(app)
    set_user(app, load_balancer=False)
    plain = int(good_label(reveal(learner, page(learner))).rstrip("d"))
    around = [plain + step for step in range(-5, 6) if step not in (-1, 1)]
    fill(app, around)
    set_user(app, load_balancer=True)
    shown = reveal(learner, page(learner))
    balanced = int(good_label(shown).rstrip("d"))
    assert balanced in (plain - 1, plain + 1)  # the empty days beside the plain one
    rate(learner, shown, 3)
    assert due_of(app, "PY-JR-001") == day(balanced)  # the preview was the outcome


def test_with_the_balancer_off_the_days_due_do_not_matter(app, learner, clock, fuzz):
    balanced_setup(app)
    set_user(app, load_balancer=False)
    plain = good_label(reveal(learner, page(learner)))
    fill(app, [int(plain.rstrip("d")) + step for step in range(-3, 4)])
    assert good_label(reveal(learner, page(learner))) == plain


def test_an_easy_day_at_zero_gets_no_card(app, learner, clock, fuzz):
    balanced_setup(app)
    set_user(app, load_balancer=False)
    plain = int(good_label(reveal(learner, page(learner))).rstrip("d"))
    weekday = (NOON + timedelta(days=plain)).weekday()
    easy = [100] * 7
    easy[weekday] = 0
    set_user(app, easy_days=easy)
    moved = int(good_label(reveal(learner, page(learner))).rstrip("d"))
    assert moved != plain


# -- review order and new cards among reviews ----------------------------------------------


def three_due_reviews(app) -> None:
    """A: lowest retrievability; B: due longest; C: most overdue for its interval."""
    set_user(app, daily_new_limit=0)
    put_card(app, "PY-JR-001", REVIEW, day(-1), day(-11), stability=2.0)  # 11/2, 11/10
    put_card(app, "PY-JR-002", REVIEW, day(-5), day(-105), stability=200.0)  # 105/200, 105/100
    put_card(app, "PY-JR-003", REVIEW, day(-2), day(-4), stability=4.0)  # 4/4, 4/2


@pytest.mark.parametrize(
    ("order", "first"),
    [("retrievability", "PY-JR-001"), ("due", "PY-JR-002"), ("overdueness", "PY-JR-003")],
)
def test_each_review_order_picks_its_card_first(app, learner, clock, order, first):
    three_due_reviews(app)
    set_user(app, review_order=order)
    assert shown_card(page(learner)) == first


def test_the_random_order_is_the_days_shuffle(app, learner, clock):
    three_due_reviews(app)
    set_user(app, review_order="random")
    with app.app_context():
        today = study_day_number(NOON, "UTC", 4)
        cards = db.session.execute(
            select(CardState.id, Item.external_id).join(Item, Item.id == CardState.item_id)
        ).all()
        by_key = sorted(cards, key=lambda card: shuffle_key(card[0], today))
    assert shown_card(page(learner)) == by_key[0][1]
    assert shown_card(page(learner)) == by_key[0][1]  # the same all day
    tomorrow = sorted(cards, key=lambda card: shuffle_key(card[0], today + 1))
    clock.append(NOON + timedelta(days=1))
    assert shown_card(page(learner)) == tomorrow[0][1]


def kinds_of_the_day(app, learner, reviews: set[str]) -> str:
    """The day's cards as N (new) and R (review), each new card rated Easy (it leaves for
    days) and each review Good."""
    order = ""
    while (card := shown_card(shown := page(learner))) is not None:
        order += "R" if card in reviews else "N"
        rate(learner, reveal(learner, shown), 3 if card in reviews else 4)
    return order


@pytest.mark.parametrize(
    ("place", "expected"), [("after", "RRRNN"), ("mixed", "NRRNR"), ("before", "NNRRR")]
)
def test_new_cards_come_after_mixed_into_or_before_the_reviews(
    app, learner, clock, place, expected
):
    reviews = {"PY-JR-001", "PY-JR-002", "PY-JR-003"}
    three_due_reviews(app)
    set_user(app, daily_new_limit=2, new_card_place=place)
    assert kinds_of_the_day(app, learner, reviews) == expected
