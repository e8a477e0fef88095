"""The drill scope in people's words: pickers that name tracks and topics, names and slugs
accepted in any case, an unknown one said beside its field, and a scope line that reads as a
person would say it (issue 15)."""

from __future__ import annotations

import re

import pytest

from tests.helpers.drill import shown_card
from tests.helpers.groups import post


def summary(page: str) -> str:
    return re.search(r"<summary>Scope: ([^<]*)</summary>", page).group(1).strip()


@pytest.mark.parametrize("typed", ["go", "Go", "GO"])
def test_a_track_is_accepted_by_slug_or_name_in_any_case(learner, typed):
    page = learner.get("/drill", query_string={"track": typed}).get_data(as_text=True)
    assert shown_card(page) == "GO-MD-001"
    assert summary(page) == "Go"


def test_a_name_with_spaces_and_dots_finds_its_topic(learner):
    page = learner.get("/drill?topic=TESTING").get_data(as_text=True)
    assert shown_card(page) == "PY-JR-003"


def test_an_unknown_track_is_a_message_beside_the_picker_not_an_empty_drill(learner):
    response = learner.get("/drill?track=Pyhton&level=junior")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is no track called &#39;Pyhton&#39;: pick one from the list." in page
    assert 'id="track-error"' in page
    assert '<option value="junior" selected>' in page  # the rest of the form is kept
    assert "Nothing is due" not in page and "data-item=" not in page


def test_the_pickers_list_every_track_and_topic_by_name(learner):
    page = learner.get("/drill").get_data(as_text=True)
    assert '<option value="python">Python</option>' in page
    assert '<option value="system-design">System design</option>' in page
    assert '<option value="caching">Caching</option>' in page


def test_the_scope_line_reads_as_people_say_it(learner):
    page = learner.get("/drill?track=python&level=junior&min_difficulty=1&max_difficulty=2")
    assert summary(page.get_data(as_text=True)) == "Python · junior · difficulty 1–2"
    assert summary(learner.get("/drill").get_data(as_text=True)) == "everything"


def test_a_set_scope_is_named_by_its_title(app, learner):
    created = post(learner, "/sets/new", {"title": "Friday warm-up", "description": ""})
    set_id = re.search(r"/sets/(\d+)", created.headers["Location"]).group(1)
    page = learner.get(f"/drill?set={set_id}").get_data(as_text=True)
    assert summary(page) == "Friday warm-up"
