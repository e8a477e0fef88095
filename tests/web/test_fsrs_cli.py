"""`flask fsrs check` replays review logs; `flask fsrs optimize` and the settings button fit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from practice.drill.reviews import Rating, record_rating
from practice.extensions import db
from practice.models import CardState, Item, User
from tests.helpers.accounts import csrf_token, log_in
from tests.helpers.fit_history import store_history
from tests.helpers.fitting import simulate

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def load_small_bank(runner, small_bank):
    assert runner.invoke(args=["bank", "load", str(small_bank)]).exit_code == 0


def rate_every_item(app, days: int = 3) -> None:
    """Each item rated Good once a day for a few days, through the real recording path, with
    fuzz on as in production (the check replays with the same seeded fuzz)."""
    app.config["FSRS_FUZZ"] = fuzz = True
    with app.app_context():
        user = db.session.scalar(select(User))
        items = db.session.scalars(select(Item)).all()
        for day in range(days):
            for item in items:
                card = db.session.scalar(select(CardState).where(CardState.item_id == item.id))
                reps = card.reps if card else 0
                rating = Rating(item, 3, f"t-{item.id}-{day}", reps)
                assert record_rating(user, rating, NOW + timedelta(days=day), fuzz) == "recorded"


def test_check_passes_when_states_match_their_logs(app, runner, small_bank, user_id):
    load_small_bank(runner, small_bank)
    rate_every_item(app)
    result = runner.invoke(args=["fsrs", "check"])
    assert result.exit_code == 0, result.output
    assert "6 cards replayed, 0 disagree; database checks: ok" in result.output


def test_check_reports_a_card_that_disagrees(app, runner, small_bank, user_id):
    load_small_bank(runner, small_bank)
    rate_every_item(app)
    with app.app_context():
        card = db.session.scalar(select(CardState).order_by(CardState.id))
        card.stability = card.stability + 1.5
        item_id = card.item_id
        db.session.commit()
    result = runner.invoke(args=["fsrs", "check"])
    assert result.exit_code == 1
    assert f"ada@example.com item {item_id}: stability stored" in result.output
    assert "1 disagree" in result.output


def test_optimize_needs_enough_reviews(app, runner, small_bank, user_id):
    load_small_bank(runner, small_bank)
    rate_every_item(app)
    result = runner.invoke(args=["fsrs", "optimize", "--user", "ada@example.com"])
    assert result.exit_code == 0 and "Not enough history yet: 18 reviews, 383 more" in result.output
    assert runner.invoke(args=["fsrs", "optimize"]).exit_code == 2
    assert "No account" in runner.invoke(args=["fsrs", "optimize", "--user", "x@y.z"]).output


def seed_history(app) -> None:
    """A year of a forgetful learner's reviews, stored as the drill would store them."""
    store_history(
        app, simulate(cards=80, recall_scale=0.7, start=NOW - timedelta(days=400), seed=5)
    )


def test_settings_button_fits_adopts_and_reschedules_consistently(app, client, runner, user_id):
    seed_history(app)
    log_in(client)
    page = client.post(
        "/drill/settings/optimize",
        data={"csrf_token": csrf_token(client, "/drill/settings")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Adopted the fitted parameters: on your" in page
    assert "Your schedule already uses fitted parameters." in page
    with app.app_context():
        assert len(db.session.scalar(select(User)).fsrs_parameters) == 21
    result = runner.invoke(args=["fsrs", "check"])  # cards were rescheduled with them
    assert result.exit_code == 0, result.output


def test_optimize_and_status_print_the_fits_figures_and_check_stays_exact(app, runner, user_id):
    seed_history(app)
    with app.app_context():
        db.session.scalar(select(User)).time_zone = "Europe/Berlin"
        db.session.commit()
    fitted = runner.invoke(args=["fsrs", "optimize", "--user", "ada@example.com"])
    assert fitted.exit_code == 0, fitted.output
    with app.app_context():
        record = db.session.scalar(select(User)).fsrs_fit
    at = datetime.fromisoformat(record["fitted_at"]).astimezone(ZoneInfo("Europe/Berlin"))
    expected = [
        "ada@example.com:",
        f"  Last fit: {at:%Y-%m-%d %H:%M %Z}, on 800 reviews.",
        f"  Log loss on {record['held_out']} held-out reviews (lower is better): "
        f"current {record['current_loss']:.4f}, fitted {record['fitted_loss']:.4f}.",
        f"  Adopted the fitted parameters: on your {record['held_out']} held-out reviews their "
        f"log loss is {record['fitted_loss']:.4f}, no worse than your current parameters' "
        f"{record['current_loss']:.4f}.",
        "  200 more reviews before the next fit is worth running.",
    ]
    assert fitted.output.splitlines() == expected
    status = runner.invoke(args=["fsrs", "status", "--user", "ADA@example.com"])
    assert status.exit_code == 0 and status.output.splitlines() == expected
    check = runner.invoke(args=["fsrs", "check"])  # cards were rescheduled with the new ones
    assert check.exit_code == 0 and "80 cards replayed, 0 disagree" in check.output


def test_status_of_someone_never_fitted_and_bad_arguments(app, runner, user_id):
    never = runner.invoke(args=["fsrs", "status", "--user", "ada@example.com"])
    assert never.exit_code == 0
    assert never.output.splitlines() == [
        "ada@example.com:",
        "  Never fitted.",
        "  401 more reviews before the next fit is worth running.",
    ]
    for args in (["fsrs", "status"], ["fsrs", "status", "--all", "--user", "ada@example.com"]):
        refused = runner.invoke(args=args)
        assert refused.exit_code == 2 and "Give either --user EMAIL or --all." in refused.output
    unknown = runner.invoke(args=["fsrs", "status", "--user", "x@y.z"])
    assert unknown.exit_code == 1 and "No account with email x@y.z." in unknown.output


def test_optimize_all_fits_every_active_user_and_leaves_the_others(app, runner, user_id):
    from tests.helpers.accounts import create_user

    create_user(app, email="bob@example.com", name="Bob")
    create_user(app, email="gone@example.com", name="Gone")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "gone@example.com")).active = False
        db.session.commit()
    result = runner.invoke(args=["fsrs", "optimize", "--all"])
    assert result.exit_code == 0
    assert "ada@example.com:" in result.output and "bob@example.com:" in result.output
    assert "gone@example.com" not in result.output
    with app.app_context():
        fits = {u.email: u.fsrs_fit for u in db.session.scalars(select(User))}
    assert fits["gone@example.com"] is None and fits["bob@example.com"]["outcome"] == "too_few"
