"""Who sees whose leeches, and out of what: a mentor sees their mentee's leeches out of the
cards that mentee studied (no one else's); a trainer sees members' leeches on the cohort's
assigned cards only, out of the assigned cards members studied and the cohort's members."""

from __future__ import annotations

from datetime import timedelta

import pytest

from practice.cohorts import queries as cohorts
from practice.mentoring import queries as mentoring
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.drill import put_card
from tests.helpers.groups import PEOPLE, client_for, item_ids, load_bank, make_people, user

NOW = utcnow()


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def card(app, key: str, external_id: str, lapses: int = 0, leech: bool = False) -> None:
    """A studied card of the person `key`; a leech (marked a week ago) if `leech`."""
    put_card(
        app,
        external_id,
        2,
        NOW + timedelta(days=2),
        NOW - timedelta(days=3),
        lapses=lapses,
        leeched_at=NOW - timedelta(days=7) if leech else None,
        email=PEOPLE[key][0],
    )


def mentor_two(app, people) -> None:
    """Mona mentors Lea and Oscar."""
    with app.app_context():
        mona = user(people["owner_mentor"])
        for key in ("learner", "outsider"):
            invite = mentoring.create_invite(mona, 7, False, NOW)
            mentoring.accept_invite(invite, user(people[key]), NOW)


def test_the_mentee_page_lists_that_mentees_leeches_out_of_their_studied_cards(app, people):
    mentor_two(app, people)
    card(app, "learner", "PY-JR-001", 9, leech=True)
    card(app, "learner", "PY-JR-002", 2)
    card(app, "learner", "PY-MD-001", 1)
    card(app, "outsider", "PY-SR-001", 8, leech=True)  # Mona's other mentee
    page = client_for(app, "owner_mentor").get(f"/mentor/mentees/{people['learner']}")
    text = page.get_data(as_text=True)
    assert "<strong>1</strong> of the 3 cards Lea Learner has studied is a leech." in text
    assert 'data-item="PY-JR-001"' in text and '<td class="lapses">9</td>' in text
    assert "PY-SR-001" not in text


def test_a_mentor_of_someone_else_sees_no_leeches_of_this_learner(app, people):
    mentor_two(app, people)
    card(app, "learner", "PY-JR-001", 9, leech=True)
    other = client_for(app, "other_mentor")
    assert other.get(f"/mentor/mentees/{people['learner']}").status_code == 404


def cohort_with_assignment(app, people) -> int:
    """Tara's cohort: Lea and Otto; assigned PY-JR-001 and PY-MD-001. Oscar is in Theo's."""
    with app.app_context():
        tara = user(people["trainer"])
        picked = question_sets.create_set(tara, "Tara's list", "", None)
        for item_id in item_ids(app, "PY-JR-001", "PY-MD-001"):
            question_sets.add_item(picked, question_sets.item_by_id(item_id))
        cohort = cohorts.create_cohort(tara, "Cohort A")
        for key in ("learner", "other_mentor"):
            cohorts.join(user(people[key]), cohort, NOW)
        other = cohorts.create_cohort(user(people["other_trainer"]), "Cohort B")
        cohorts.join(user(people["outsider"]), other, NOW)
        cohorts.assign_set(tara, cohort, picked, NOW + timedelta(days=5), 0.8)
        return cohort.id


def test_the_cohort_panel_counts_members_leeches_on_assigned_cards_only(app, people):
    cohort_id = cohort_with_assignment(app, people)
    card(app, "learner", "PY-JR-001", 8, leech=True)  # assigned: shown
    card(app, "learner", "PY-MD-001", 1)  # assigned, studied, not a leech
    card(app, "learner", "PY-SR-001", 12, leech=True)  # not assigned: the learner's own
    card(app, "outsider", "PY-JR-001", 10, leech=True)  # not a member
    panel = client_for(app, "trainer").get(f"/cohorts/{cohort_id}/leeches").get_data(True)
    assert (
        "<strong>1</strong> leech among the 2 assigned cards members have studied, "
        "held by 1 of 2 members." in panel
    )
    assert f'data-member="{people["learner"]}" data-item="PY-JR-001"' in panel
    assert "PY-SR-001" not in panel and f'data-member="{people["outsider"]}"' not in panel


def test_the_dashboard_loads_the_leech_panel_and_it_works_without_javascript(app, people):
    cohort_id = cohort_with_assignment(app, people)
    trainer = client_for(app, "trainer")
    dashboard = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert f'hx-get="/cohorts/{cohort_id}/leeches"' in dashboard
    fragment = trainer.get(f"/cohorts/{cohort_id}/leeches", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    page = trainer.get(f"/cohorts/{cohort_id}/leeches").get_data(as_text=True)
    assert "<html" in page and "No member keeps forgetting an assigned card." in page


def test_another_trainer_cannot_open_the_leech_panel(app, people):
    cohort_id = cohort_with_assignment(app, people)
    card(app, "learner", "PY-JR-001", 8, leech=True)
    for key in ("other_trainer", "learner", "owner_mentor"):
        response = client_for(app, key).get(f"/cohorts/{cohort_id}/leeches")
        assert response.status_code in (403, 404), key
