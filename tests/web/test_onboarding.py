"""First run: after registering, an optional step picks the tracks, the level and the time zone;
the tracks and level become the default drill scope, which "Start today's drill" and the drill
without a scope use, and which study settings change later."""

from __future__ import annotations

from sqlalchemy import select

from practice.extensions import db
from practice.models import User
from tests.helpers.accounts import STRONG_PASSWORD, csrf_token, post_form
from tests.helpers.drill import counts, rate, reveal, shown_card


def registered(client, runner, bank):
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0
    data = {"email": "new@example.com", "display_name": "New", "password": STRONG_PASSWORD}
    response = post_form(client, "/register", data)
    assert response.status_code == 302
    return response


def the_user(app) -> User:
    with app.app_context():
        user = db.session.scalar(select(User))
        db.session.expunge(user)
        return user


def onboard(client, **fields):
    return post_form(client, "/welcome", fields)


def test_registering_leads_to_the_onboarding_step(client, runner, bank):
    assert registered(client, runner, bank).headers["Location"] == "/welcome"
    page = client.get("/welcome").get_data(as_text=True)
    assert "Set up your practice" in page
    assert 'name="tracks" type="checkbox" value="python"' in page
    assert 'name="tracks" type="checkbox" value="go"' in page
    assert 'name="level" type="radio" value="mid"' in page
    assert '<option selected value="UTC">UTC</option>' in page
    assert 'data-detect-time-zone="UTC"' in page and "js/time_zone.js" in page
    assert '<a class="skip" href="/">Skip for now</a>' in page


def test_the_onboarding_step_needs_a_signed_in_user(client):
    assert client.get("/welcome").status_code == 302
    assert "/login" in client.get("/welcome").headers["Location"]


def test_nothing_is_required_an_empty_form_changes_nothing(app, client, runner, bank):
    registered(client, runner, bank)
    response = onboard(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = the_user(app)
    assert (user.default_scope, user.level, user.time_zone) == (None, None, "UTC")
    assert "every level in every track" in client.get("/").get_data(as_text=True)


def test_skipping_leaves_everything_as_it_was(app, client, runner, bank):
    registered(client, runner, bank)
    client.get("/welcome")
    client.get("/")
    user = the_user(app)
    assert (user.default_scope, user.level, user.time_zone) == (None, None, "UTC")
    assert client.get("/drill").status_code == 200  # no default scope: no redirect


def test_tracks_level_and_zone_are_saved_as_the_default_scope(app, client, runner, bank):
    registered(client, runner, bank)
    response = onboard(client, tracks=["python", "go"], level="mid", time_zone="Europe/Berlin")
    assert response.status_code == 302
    user = the_user(app)
    assert user.default_scope == {"track": ["python", "go"], "level": ["junior", "mid"]}
    assert (user.level, user.time_zone) == ("mid", "Europe/Berlin")
    home = client.get("/").get_data(as_text=True)
    assert "Your drill starts with questions up to mid level in Python, Go" in home


def test_the_drill_without_a_scope_uses_the_default_one(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    response = client.get("/drill")
    assert response.status_code == 302 and response.headers["Location"] == "/drill?track=go"
    page = client.get("/drill?track=go").get_data(as_text=True)
    assert shown_card(page) == "GO-MD-001" and counts(page) == (0, 0, 1)
    assert "Scope: Go" in page


def test_other_arguments_survive_the_default_scope(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    location = client.get("/drill?ahead=1").headers["Location"]
    assert location == "/drill?ahead=1&track=go"


def test_a_scope_in_the_link_wins_over_the_default(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    page = client.get("/drill?track=python&level=junior")
    assert page.status_code == 200 and shown_card(page.get_data(as_text=True)) == "PY-JR-001"


def test_everything_stays_everything_for_a_learner_with_a_default_scope(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    page = client.get("/drill?all=1").get_data(as_text=True)
    assert counts(page) == (0, 0, 5)
    assert '<a href="/drill?all=1">Everything</a>' in page
    rated = rate(client, reveal(client, page), 3)  # without JavaScript: a redirect
    assert rated.status_code == 302 and rated.headers["Location"] == "/drill?all=1"


def test_levels_up_to_the_learners_level_are_drilled(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["python"], level="junior", time_zone="UTC")
    location = client.get("/drill").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert counts(page) == (0, 0, 3)  # the three junior Python questions, not the mid error


def test_start_todays_drill_counts_and_opens_the_default_scope(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    home = client.get("/").get_data(as_text=True)
    assert '<dd class="today-new">1</dd>' in home  # the Go question only
    assert "In your default drill scope, <strong>Go</strong>" in home
    assert '<a class="button today-drill" href="/drill">' in home
    assert client.get("/drill").headers["Location"] == "/drill?track=go"


def test_a_bad_choice_is_said_beside_its_field_and_changes_nothing(app, client, runner, bank):
    registered(client, runner, bank)
    for fields, message in (
        ({"tracks": ["go", "cobol"]}, "The bank has no track &#39;cobol&#39;: tick tracks"),
        ({"level": "wizard"}, "There is no level &#39;wizard&#39;: choose one of the levels"),
        ({"time_zone": "Mars/Olympus"}, "&#39;Mars/Olympus&#39; is not a time zone"),
    ):
        response = onboard(client, **({"time_zone": "Asia/Tokyo"} | fields))
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f'class="field-error">{message}' in page
    user = the_user(app)
    assert (user.default_scope, user.level, user.time_zone) == (None, None, "UTC")


def test_onboarding_posts_need_the_csrf_token(app, client, runner, bank):
    registered(client, runner, bank)
    response = client.post("/welcome", data={"tracks": ["go"], "time_zone": "UTC"})
    assert response.status_code == 400
    assert the_user(app).default_scope is None


def test_study_settings_show_and_change_the_default_scope(app, client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], level="senior", time_zone="UTC")
    page = client.get("/drill/settings").get_data(as_text=True)
    assert '<strong class="default-scope-line">Go · junior · mid · senior</strong>' in page
    assert 'checked id="tracks-1" name="tracks" type="checkbox" value="go"' in page
    assert 'checked id="level-3" name="level" type="radio" value="senior"' in page
    response = post_form(
        client, "/drill/settings/preparing", {"tracks": ["python"], "level": "junior"}
    )
    assert response.status_code == 302
    user = the_user(app)
    assert user.default_scope == {"track": ["python"], "level": ["junior"]}
    assert user.level == "junior"
    assert client.get("/drill").headers["Location"] == "/drill?track=python&level=junior"


def test_clearing_the_default_scope_drills_everything_again(app, client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    assert post_form(client, "/drill/settings/preparing", {"level": ""}).status_code == 302
    assert the_user(app).default_scope is None
    assert client.get("/drill").status_code == 200


def test_a_bad_default_scope_in_settings_is_refused_beside_its_field(app, client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="Europe/Berlin")
    response = post_form(client, "/drill/settings/preparing", {"tracks": ["nope"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="field-error">The bank has no track &#39;nope&#39;' in page
    assert '<option selected value="Europe/Berlin">' in page  # the rest of the page as saved
    assert the_user(app).default_scope == {"track": ["go"]}
    token_less = client.post("/drill/settings/preparing", data={"tracks": ["python"]})
    assert token_less.status_code == 400 and the_user(app).default_scope == {"track": ["go"]}


def test_saving_other_study_settings_keeps_the_default_scope(app, client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    page = client.get("/drill/settings").get_data(as_text=True)
    assert "Default drill scope" in page
    fields = {
        "csrf_token": csrf_token(client, "/drill/settings"),
        "desired_retention": "0.9",
        "daily_new_limit": "20",
        "maximum_reviews": "200",
        "time_zone": "UTC",
        "day_start_hour": "4",
        "learning_steps": "1m 10m",
        "learn_ahead_minutes": "20",
        "leech_threshold": "8",
        "leech_action": "tag",
    }
    assert client.post("/drill/settings", data=fields).status_code == 302
    assert the_user(app).default_scope == {"track": ["go"]}


def test_the_data_export_holds_the_level_and_default_scope(client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], level="junior", time_zone="UTC")
    profile = client.get("/account/export.json").get_json()["profile"]
    assert profile["level"] == "junior"
    assert profile["default_drill_scope"] == {"track": ["go"], "level": ["junior"]}


def test_the_done_screens_links_keep_to_everything(app, client, runner, bank):
    registered(client, runner, bank)
    onboard(client, tracks=["go"], time_zone="UTC")
    with app.app_context():
        user = db.session.scalar(select(User))
        user.daily_new_limit = 0  # nothing to do: the done screen
        db.session.commit()
    page = client.get("/drill?all=1").get_data(as_text=True)
    assert "Nothing is due." in page
    assert '<a href="/drill?ahead=1&amp;all=1">Review ahead</a>' in page
    scoped = client.get("/drill?track=go").get_data(as_text=True)
    assert '<a href="/drill?ahead=1&amp;track=go">Review ahead</a>' in scoped
