"""`flask fsrs check` replays review logs; `flask fsrs optimize` and the settings button fit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from practice.domain.scheduling import Memory
from practice.drill.reviews import Rating, record_rating
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog, User
from tests.helpers.accounts import csrf_token, log_in
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
    from practice.domain.scheduling import SchedulerSettings, replay

    reviews = simulate(cards=80, recall_scale=0.7, start=NOW - timedelta(days=400), seed=5)
    with app.app_context():
        user = db.session.scalar(select(User))
        from practice.models import Track

        track = Track(slug="python", name="Python", code="PY")
        db.session.add(track)
        db.session.flush()
        by_card: dict[int, list] = {}
        for past in reviews:
            by_card.setdefault(past.card, []).append(past)
        settings = SchedulerSettings(fuzz=False)
        for card, history in by_card.items():
            item = Item(
                external_id=f"PY-MD-{card:03d}",
                kind="question",
                track_id=track.id,
                level="mid",
                difficulty=4,
                title=f"Q{card}?",
                body="",
                sections=[],
                follow_ups=[],
                source="t",
                source_path="q.md",
                content_hash="h",
            )
            db.session.add(item)
            db.session.flush()
            memory = Memory()
            for n, past in enumerate(history):
                before = memory
                memory = replay(
                    settings,
                    [(p.rating, p.reviewed_at) for p in history[: n + 1]],
                    f"{user.id}:{item.id}",
                )
                db.session.add(
                    ReviewLog(
                        user_id=user.id,
                        item_id=item.id,
                        rating=past.rating,
                        reviewed_at=past.reviewed_at,
                        client_token=f"{card}-{n}",
                        state_before=None if n == 0 else before.as_dict(),
                        state_after=memory.as_dict(),
                        was_new=n == 0,
                    )
                )
            db.session.add(
                CardState(
                    user_id=user.id,
                    item_id=item.id,
                    state=memory.state,
                    step=memory.step,
                    stability=memory.stability,
                    difficulty=memory.difficulty,
                    due=memory.due,
                    last_review=memory.last_review,
                    reps=memory.reps,
                    lapses=memory.lapses,
                )
            )
        db.session.commit()


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
