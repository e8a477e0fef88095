"""Right after reviews, the mentee page and the learner's recall tables do not call a topic
strong: a topic just rated Again is weak, one reviewed minutes ago with young memories is
learning, and only long-lasting memories make a topic strong."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from practice.types import utcnow
from tests.helpers.groups import load_bank, make_people
from tests.helpers.stats import add_card, add_review
from tests.web.test_mentoring import befriend
from tests.web.test_stats_page import stats_page, table


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def study(app, learner: int) -> None:
    """Caching: rated Again three minutes ago. Testing: Good minutes ago on a young card.
    Databases: long-lasting memories, reviewed days ago."""
    now = utcnow()
    with app.app_context():
        just = now - timedelta(minutes=3)
        add_review(learner, "PY-MD-001", just, rating=1)
        add_card(learner, "PY-MD-001", just + timedelta(minutes=10), 4.0, last_review=just)
        add_review(learner, "PY-JR-003", just, rating=3)
        add_card(learner, "PY-JR-003", just + timedelta(days=2), 2.0, last_review=just)
        for external_id in ("PY-JR-001", "PY-JR-002"):
            last = now - timedelta(days=2)
            add_review(learner, external_id, last, rating=3)
            add_card(learner, external_id, last + timedelta(days=60), 60.0, last_review=last)


def test_the_learners_recall_table_names_each_topics_standing(app, people):
    study(app, people["learner"])
    page = stats_page(app)
    rows = {row[0]: row for row in table(page, "recall-topic")}
    assert float(rows["Caching"][1].rstrip("%")) > 90  # recall alone looks fine
    assert (rows["Caching"][4], rows["Caching"][-1]) == ("Again", "weak")
    assert rows["Testing"][-1] == "learning"
    assert rows["Databases"][-1] == "strong"
    assert "mean stability is 21 days or more" in page


def test_the_mentee_page_does_not_call_a_topic_strong_on_reviews_made_minutes_ago(app, people):
    mentor, _ = befriend(app)
    study(app, people["learner"])
    page = mentor.get(f"/mentor/mentees/{people['learner']}").get_data(as_text=True)
    standings = dict(
        re.findall(r"<tr><td>(\w+)</td>.*?class=\"standing standing-\w+\">(\w+)</td></tr>", page)
    )
    assert standings == {"Caching": "weak", "Testing": "learning", "Databases": "strong"}
