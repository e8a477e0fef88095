"""The fitting panel of the study settings: the last fit's time on the user's clock, the
reviews it used, both log losses as computed on the held-out reviews, whether the fitted
parameters were adopted and why, and the reviews left before the next fit is worth running."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS
from sqlalchemy import select

from practice.domain.fitting import HOLDOUT_SHARE, PastReview, training_items
from practice.extensions import db
from practice.models import ReviewLog, User
from tests.helpers.accounts import create_user, csrf_token, log_in
from tests.helpers.fit_history import store_history
from tests.helpers.fitting import simulate

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)
ZONE = "Asia/Tokyo"


def forgetful(app) -> None:
    """800 reviews of a learner the default parameters describe badly (fitting adopts)."""
    store_history(app, simulate(80, 0.7, NOW - timedelta(days=400), seed=5))


def changed(app) -> None:
    """1,400 reviews: a forgetful year, then a recent stretch the defaults describe well
    (the fitted parameters predict the held-out, recent reviews worse: they are kept)."""
    old = simulate(100, 0.55, NOW - timedelta(days=800), seed=3)
    recent = simulate(40, 1.0, NOW - timedelta(days=400), seed=4, first_card=1000)
    store_history(app, old + recent)


def set_zone(app, zone: str = ZONE) -> None:
    with app.app_context():
        db.session.scalar(select(User).order_by(User.id)).time_zone = zone
        db.session.commit()


def stored(app) -> tuple[dict | None, list[float] | None]:
    with app.app_context():
        user = db.session.scalar(select(User).order_by(User.id))
        return user.fsrs_fit, user.fsrs_parameters


def held_out_losses(app, fitted: list[float]) -> tuple[float, float]:
    """Both parameter sets' log loss on the newest fifth of the user's review items,
    computed here from the review log."""
    with app.app_context():
        rows = db.session.execute(
            select(ReviewLog.item_id, ReviewLog.reviewed_at, ReviewLog.rating)
        )
        reviews = [PastReview(item, when, rating) for item, when, rating in rows]
    items = [entry.item for entry in training_items(reviews, ZONE, 4)]
    held_out = items[int(len(items) * (1 - HOLDOUT_SHARE)) :]
    current = FSRS(list(DEFAULT_PARAMETERS)).evaluate(held_out).log_loss
    return current, FSRS(fitted).evaluate(held_out).log_loss


def optimize(client, **headers):
    token = csrf_token(client, "/drill/settings")
    return client.post("/drill/settings/optimize", data={"csrf_token": token}, headers=headers)


def panel(client) -> str:
    page = client.get("/drill/settings").get_data(as_text=True)
    return re.search(r'<section id="fitting".*?</section>', page, re.S).group(0)


def squash(markup: str) -> str:
    """The text of some HTML, as read: tags gone, spaces single, none before punctuation."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))
    return html.unescape(re.sub(r" ([,.)])", r"\1", text))


def test_before_any_fit_the_panel_says_how_many_reviews_are_needed(app, client, user_id):
    store_history(app, simulate(3, 1.0, NOW, seed=1))
    log_in(client)
    text = squash(panel(client))
    assert "You have not fitted your parameters yet (30 reviews so far)" in text
    assert "371 more reviews before the next fit is worth running." in text
    assert "Last fit" not in text


def test_an_adopted_fit_shows_its_time_reviews_losses_outcome_and_the_next_fit(
    app, client, user_id
):
    forgetful(app)
    set_zone(app)
    log_in(client)
    done = optimize(client)
    assert done.status_code == 302 and done.headers["Location"].endswith("/drill/settings#fitting")
    record, parameters = stored(app)
    assert record["outcome"] == "adopted" and parameters == record["fitted"]
    current, fitted = held_out_losses(app, record["fitted"])
    assert (record["current_loss"], record["fitted_loss"]) == (current, fitted)
    at = datetime.fromisoformat(record["fitted_at"]).astimezone(ZoneInfo(ZONE))
    text = squash(panel(client))
    assert f"Last fit {at:%Y-%m-%d %H:%M} JST" in text
    assert f"Reviews used 800 ({record['held_out']} held out to compare on)" in text
    assert f"Log loss, current parameters {current:.4f} " in text
    assert f"Log loss, fitted parameters {fitted:.4f} " in text
    assert (
        f"Adopted the fitted parameters: on your {record['held_out']} held-out reviews their log "
        f"loss is {fitted:.4f}, no worse than your current parameters' {current:.4f}." in text
    )
    assert "200 more reviews before the next fit is worth running." in text  # 800 / 0.8 = 1000
    assert "Your schedule already uses fitted parameters." in text


def test_a_fit_that_predicts_worse_is_kept_out_and_says_why(app, client, user_id):
    changed(app)
    set_zone(app)
    log_in(client)
    assert optimize(client).status_code == 302
    record, parameters = stored(app)
    assert record["outcome"] == "kept" and parameters is None
    current, fitted = held_out_losses(app, record["fitted"])
    assert current < fitted
    text = squash(panel(client))
    assert f"Log loss, current parameters {current:.4f} " in text
    assert f"Log loss, fitted parameters {fitted:.4f} " in text
    assert "Kept your current parameters: on your" in text
    assert f"lower than the fitted parameters' {fitted:.4f}." in text
    assert "350 more reviews before the next fit is worth running." in text  # 1,400 / 0.8
    assert "already uses fitted parameters" not in text


def test_too_few_reviews_are_not_fitted_and_the_flash_says_how_many_more(app, client, user_id):
    store_history(app, simulate(40, 1.0, NOW, seed=5))  # exactly 400
    log_in(client)
    page = client.get(optimize(client).headers["Location"]).get_data(as_text=True)
    assert "Not enough history yet: 400 reviews, 1 more needed" in page
    record, parameters = stored(app)
    assert record["outcome"] == "too_few" and record["current_loss"] is None
    assert parameters is None
    text = squash(panel(client))
    assert "Reviews used 400" in text and "Log loss" not in text
    assert "1 more review before the next fit is worth running." in text


def test_an_htmx_fit_swaps_in_the_panel_alone(app, client, user_id):
    forgetful(app)
    log_in(client)
    response = optimize(client, **{"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section id="fitting"') and "Adopted the fitted" in body


def test_a_post_without_its_csrf_token_or_by_get_or_signed_out_changes_nothing(
    app, client, user_id
):
    forgetful(app)
    signed_out = client.post("/drill/settings/optimize", data={"csrf_token": csrf_token(client)})
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    log_in(client)
    refused = client.post("/drill/settings/optimize", data={})
    assert refused.status_code == 400 and "out of date" in refused.get_data(as_text=True)
    assert client.get("/drill/settings/optimize").status_code == 405
    assert stored(app) == (None, None)


@pytest.mark.parametrize("broken", [{"outcome": "improved"}, {"fitted_at": 3}, ["adopted"]])
def test_a_stored_fit_that_cannot_be_read_shows_as_no_fit(app, client, user_id, broken):
    with app.app_context():
        db.session.scalar(select(User).order_by(User.id)).fsrs_fit = broken
        db.session.commit()
    log_in(client)
    response = client.get("/drill/settings")
    assert response.status_code == 200
    assert "You have not fitted your parameters yet" in response.get_data(as_text=True)


def test_one_learners_fit_is_theirs_alone(app, client, user_id):
    forgetful(app)
    create_user(app, email="bob@example.com", name="Bob")
    log_in(client)
    optimize(client)
    ada = stored(app)
    other = app.test_client()
    log_in(other, email="bob@example.com")
    text = squash(panel(other))
    assert "You have not fitted your parameters yet (0 reviews so far)" in text
    assert "Adopted" not in text and "401 more reviews" in text
    optimize(other)
    assert stored(app) == ada  # Bob's fit left Ada's record and parameters alone
    with app.app_context():
        bob = db.session.scalar(select(User).where(User.email == "bob@example.com"))
        assert bob.fsrs_fit["outcome"] == "too_few" and bob.fsrs_fit["reviews"] == 0


def test_the_data_export_carries_the_last_fit(app, client, user_id):
    store_history(app, simulate(3, 1.0, NOW, seed=1))
    log_in(client)
    optimize(client)
    exported = client.get("/account/export.json").get_json()["profile"]["fsrs_last_fit"]
    assert exported == stored(app)[0] and exported["outcome"] == "too_few"
    assert exported["reviews"] == 30


def test_the_fit_is_given_the_relearning_steps_the_users_scheduler_walks(app, monkeypatch):
    from dataclasses import replace

    from practice.drill import fitting as drill_fitting

    seen = {}
    real_settings, real_fit = drill_fitting.user_settings, drill_fitting.fit_parameters

    def two_steps(user, fuzz):
        steps = (timedelta(minutes=10), timedelta(hours=1))
        return replace(real_settings(user, fuzz), relearning_steps=steps)

    def recording_fit(*args, **options):
        seen.update(options)
        return real_fit(*args, **options)

    monkeypatch.setattr(drill_fitting, "user_settings", two_steps)
    monkeypatch.setattr(drill_fitting, "fit_parameters", recording_fit)
    create_user(app)
    with app.app_context():
        drill_fitting.optimize_user(db.session.scalar(select(User)), fuzz=False)
    assert seen == {"relearning_steps": 2}
