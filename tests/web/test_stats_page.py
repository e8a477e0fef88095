"""The learner's statistics page: their own figures, for everything or a scope, as charts with
tables that need no JavaScript; undone reviews never count; GET changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from practice.types import utcnow
from tests.helpers.groups import client_for, load_bank, make_people, review


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def table(page: str, key: str) -> list[list[str]]:
    """The rows of the figure table `key` as text cells."""
    body = page.split(f'data-figure="{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in rows
    ]


def test_stats_page_shows_charts_and_their_tables(app, people):
    now = utcnow()
    review(app, people["learner"], "PY-JR-001", 3, now - timedelta(days=3))
    review(app, people["learner"], "PY-JR-001", 1, now - timedelta(minutes=5))
    page = client_for(app, "learner").get("/stats")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<svg" in text and "<style" not in text and "<script" not in text.split("</head>")[1]
    assert table(text, "mastery")[0][0] == "Python"
