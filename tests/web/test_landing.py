"""The landing page for anonymous visitors: a call to action, a sample card revealed stage by
stage (plain links without JavaScript, an in-place swap with htmx) and the tracks as links."""

from __future__ import annotations

from tests.helpers.accounts import log_in

HTMX = {"HX-Request": "true", "HX-Target": "sample-card"}


def loaded(runner, bank) -> None:
    assert runner.invoke(args=["bank", "load", str(bank)]).exit_code == 0


def sample_of(page: str) -> str:
    return page.split('id="sample-card"', 1)[1].split("</article>", 1)[0]


def test_the_sample_card_starts_with_the_prompt_alone(client, runner, bank):
    loaded(runner, bank)
    page = client.get("/").get_data(as_text=True)
    assert '<a class="button start-practising" href="/register">Start practising</a>' in page
    card = sample_of(page)
    assert "What does a Python list comprehension build?" in card  # the easiest question
    assert 'data-stage="0"' in card and "It keeps data close to the reader." not in card
    assert 'href="/?stage=1#sample-card"' in card and 'hx-get="/?stage=1"' in card
    assert ">Show answer</a>" in card


def test_each_link_reveals_the_next_stage_without_javascript(client, runner, bank):
    loaded(runner, bank)
    stage1 = sample_of(client.get("/?stage=1").get_data(as_text=True))
    assert "It keeps data close to the reader." in stage1 and "<h4" in stage1
    assert ">Deep dive</h4>" not in stage1 and ">Deep dive</a>" in stage1
    assert "rate how well you recalled it" in stage1
    stage3 = sample_of(client.get("/?stage=3").get_data(as_text=True))
    assert ">Real world</h4>" in stage3 and ">Production scenario</h4>" in stage3
    last = sample_of(client.get("/?stage=4").get_data(as_text=True))
    assert ">Follow-ups</h4>" in last and "reveal-sample" not in last
    assert '<a href="/register">Start practising</a> to get your own schedule.' in last


def test_a_stage_out_of_range_is_clamped_and_junk_is_the_prompt(client, runner, bank):
    loaded(runner, bank)
    assert 'data-stage="4"' in sample_of(client.get("/?stage=99").get_data(as_text=True))
    for junk in ("-1", "abc", "1e3", ""):
        response = client.get(f"/?stage={junk}")
        assert response.status_code == 200 and 'data-stage="0"' in sample_of(response.text)


def test_with_htmx_only_the_card_comes_back(client, runner, bank):
    loaded(runner, bank)
    response = client.get("/?stage=1", headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<article class="card sample-card')
    assert "It keeps data close to the reader." in fragment
    assert "HX-Request" in response.headers["Vary"]
    assert "HX-Request" in client.get("/?stage=1").headers["Vary"]  # the page varies too


def test_the_tracks_link_to_their_track_pages(client, runner, bank):
    loaded(runner, bank)
    page = client.get("/").get_data(as_text=True)
    assert '<a class="track-name" href="/library/tracks/python">Python</a>' in page
    assert '<a class="track-name" href="/library/tracks/go">Go</a>' in page
    assert client.get("/library/tracks/python").status_code == 200


def test_without_a_bank_there_is_no_sample_and_no_error(client):
    response = client.get("/?stage=2")
    assert response.status_code == 200 and "sample-card" not in response.text
    assert client.get("/?stage=1", headers=HTMX).status_code == 200


def test_signed_in_learners_get_their_home_not_the_sample(client, runner, bank, user_id):
    loaded(runner, bank)
    log_in(client)
    page = client.get("/?stage=2").get_data(as_text=True)
    assert "sample-card" not in page and 'id="today-heading"' in page
