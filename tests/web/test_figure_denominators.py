"""Every group figure counts its own people only: a cohort's activity, hardest items and
assignment completion ignore learners outside it, and a mentee page lists only the viewing
mentor's assignments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from practice.cohorts import queries as cohorts
from practice.mentoring import queries as mentoring
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.groups import client_for, item_ids, load_bank, make_people, review, user


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def _cohort_with_one_quiet_member(app, people) -> tuple[int, int]:
    """Cohort A (the trainer's) holds only the learner, who has not studied; the outsider,
    in another trainer's cohort, studies A's assigned items hard and forgets one."""
    now = utcnow()
    with app.app_context():
        trainer = user(people["trainer"])
        picked = question_sets.create_set(trainer, "Trainer list", "", None)
        for item_id in item_ids(app, "PY-JR-001", "PY-MD-001"):
            question_sets.add_item(picked, question_sets.item_by_id(item_id))
        cohort = cohorts.create_cohort(trainer, "Cohort A")
        cohorts.join(user(people["learner"]), cohort, now)
        other = cohorts.create_cohort(user(people["other_trainer"]), "Cohort B")
        cohorts.join(user(people["outsider"]), other, now)
        assignment = cohorts.assign_set(trainer, cohort, picked, now + timedelta(days=3), 0.5)
        ids = cohort.id, assignment.id
    start = now - timedelta(days=3)
    for external_id in ("PY-JR-001", "PY-MD-001"):
        review(app, people["outsider"], external_id, 3, start)
        review(app, people["outsider"], external_id, 4, start + timedelta(minutes=11))
    review(app, people["outsider"], "PY-MD-001", 1, now - timedelta(hours=1))  # a lapse
    return ids


def test_cohort_activity_counts_members_only(app, people):
    cohort_id, _ = _cohort_with_one_quiet_member(app, people)
    page = client_for(app, "trainer").get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "<dd>1</dd>" in page  # one member
    assert 'class="participation">0 of 1 (0%)' in page


def test_cohort_hardest_items_count_members_only(app, people):
    cohort_id, _ = _cohort_with_one_quiet_member(app, people)
    hardest = client_for(app, "trainer").get(f"/cohorts/{cohort_id}/hardest").get_data(True)
    assert "Nobody in this cohort has forgotten a card yet." in hardest
    assert "PY-MD-001" not in hardest


def test_cohort_assignment_completion_counts_members_only(app, people):
    cohort_id, assignment_id = _cohort_with_one_quiet_member(app, people)
    panel = client_for(app, "trainer").get(f"/cohorts/{cohort_id}/assignment-figures")
    row = panel.get_data(as_text=True).split(f'data-assignment="{assignment_id}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert 'class="done">0 of 1' in row
    assert ">0% (goal 50%)" in row


def test_a_mentee_page_lists_only_the_viewing_mentors_assignments(app, people):
    now = utcnow()
    with app.app_context():
        learner = user(people["learner"])
        for key, title in (("owner_mentor", "Mona's set"), ("other_mentor", "Otto's set")):
            mentor = user(people[key])
            invite = mentoring.create_invite(mentor, 7, False, now)
            mentoring.accept_invite(invite, learner, now)
            owned = question_sets.create_set(mentor, title, "", {"level": ["junior"]})
            mentoring.assign_set(mentor, learner, owned, now + timedelta(days=4), 0.85)
    for key, mine, theirs in (
        ("owner_mentor", "Mona&#39;s set", "Otto&#39;s set"),
        ("other_mentor", "Otto&#39;s set", "Mona&#39;s set"),
    ):
        page = client_for(app, key).get(f"/mentor/mentees/{people['learner']}").get_data(True)
        section = page.split('id="assignments-heading"', 1)[1].split("</section>", 1)[0]
        assert mine in section and theirs not in section, key
