"""Cohorts over HTTP: join by code or link, rotate and close, late joiners, removal, archive,
the dashboard's figures, sorting and paging, and the CSV exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from practice.domain.scheduling import retrievability
from practice.drill.memory import memory_of
from practice.drill.queue import user_settings
from practice.extensions import db
from practice.models import Assignment, CardState, CohortMember, User
from practice.types import utcnow
from tests.helpers.groups import (
    client_for,
    item_ids,
    load_bank,
    make_people,
    post,
    review,
    shown_item,
)


@pytest.fixture
def people(app, runner, tmp_path):
    load_bank(runner, tmp_path)
    return make_people(app)


def new_cohort(trainer, name="Spring bootcamp") -> tuple[int, str]:
    response = post(trainer, "/cohorts/new", {"name": name})
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return cohort_id, join_code(trainer, cohort_id)


def join_code(trainer, cohort_id: int) -> str | None:
    page = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    match = re.search(r'<code class="join-code"[^>]*>([^<]+)</code>', page)
    return match.group(1) if match else None


def make_set(app, client, *external_ids) -> int:
    response = post(client, "/sets/new", {"title": "Caching week", "source": "list"})
    set_id = int(re.search(r"/sets/(\d+)/edit", response.headers["Location"]).group(1))
    for item in item_ids(app, *external_ids):
        post(client, "/sets/add", {"set": set_id, "item": item})
    return set_id


def assign(trainer, cohort_id, set_id, days=7, target=85):
    due = (date.today() + timedelta(days=days)).isoformat()
    return post(
        trainer,
        f"/cohorts/{cohort_id}/assignments",
        {"question_set": set_id, "due_date": due, "target": target},
    )


def test_join_by_code_and_by_link_rotate_and_close(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    learner, outsider = client_for(app, "learner"), client_for(app, "outsider")
    assert post(learner, "/cohorts/join", {"code": code}).status_code == 302
    assert "Spring bootcamp" in learner.get("/cohorts").get_data(as_text=True)
    post(trainer, f"/cohorts/{cohort_id}/code", {"action": "rotate"})
    refused = post(outsider, "/cohorts/join", {"code": code})
    assert refused.status_code == 400 and "does not open a cohort" in refused.get_data(True)
    assert outsider.get(f"/cohorts/join/{code}").status_code == 404
    fresh = join_code(trainer, cohort_id)
    assert fresh != code and "Join the cohort" in outsider.get(f"/cohorts/join/{fresh}").get_data(
        True
    )
    post(trainer, f"/cohorts/{cohort_id}/code", {"action": "close"})
    assert join_code(trainer, cohort_id) is None
    assert post(outsider, "/cohorts/join", {"code": fresh}).status_code == 400
    with app.app_context():
        members = db.session.scalars(select(CohortMember.user_id)).all()
    assert members == [people["learner"]]
    assert client_for(app, "learner").post("/cohorts/new", data={}).status_code == 400  # no CSRF
    assert post(client_for(app, "learner"), "/cohorts/new", {"name": "Mine"}).status_code == 403


def test_late_joiners_get_the_cohorts_assignments_first_in_their_drill(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    set_id = make_set(app, trainer, "PY-SR-001")
    assert assign(trainer, cohort_id, set_id).status_code == 302
    learner = client_for(app, "learner")
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-JR-001"
    post(learner, "/cohorts/join", {"code": code})  # joins after the assignment was made
    home = learner.get("/").get_data(as_text=True)
    assert "Caching week" in home and "Spring bootcamp" in home
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-SR-001"
    post(trainer, f"/cohorts/{cohort_id}/members/{people['learner']}/remove", {"confirm": "yes"})
    assert "Caching week" not in learner.get("/").get_data(as_text=True)
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-JR-001"


def test_archived_cohorts_are_read_only(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    learner = client_for(app, "learner")
    post(learner, "/cohorts/join", {"code": code})
    set_id = make_set(app, trainer, "PY-SR-001")
    assign(trainer, cohort_id, set_id)
    post(trainer, f"/cohorts/{cohort_id}/archive", {"confirm": "yes"})
    page = trainer.get(f"/cohorts/{cohort_id}")
    assert page.status_code == 200 and "archived" in page.get_data(as_text=True)
    assert "Lea Learner" in page.get_data(as_text=True)
    refused = assign(trainer, cohort_id, set_id)
    assert refused.status_code == 400 and "archived" in refused.get_data(as_text=True)
    removed = post(
        trainer, f"/cohorts/{cohort_id}/members/{people['learner']}/remove", {"confirm": "yes"}
    )
    assert removed.status_code == 400
    assert post(trainer, f"/cohorts/{cohort_id}/code", {"action": "rotate"}).status_code == 400
    assert post(client_for(app, "outsider"), "/cohorts/join", {"code": code}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(CohortMember.user_id)) == people["learner"]
        assert len(db.session.scalars(select(Assignment.id)).all()) == 1
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-JR-001"


def test_dashboard_figures_agree_with_the_scheduler(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    for key in ("learner", "outsider"):
        post(client_for(app, key), "/cohorts/join", {"code": code})
    set_id = make_set(app, trainer, "PY-JR-001", "PY-MD-001")
    assign(trainer, cohort_id, set_id, days=5, target=50)
    start = utcnow() - timedelta(days=9)
    for external_id in ("PY-JR-001", "PY-MD-001"):
        review(app, people["learner"], external_id, 3, start)
        review(app, people["learner"], external_id, 4, start + timedelta(minutes=11))
    review(app, people["outsider"], "PY-MD-001", 3, start - timedelta(days=30))
    review(app, people["outsider"], "PY-MD-001", 4, start - timedelta(days=30, minutes=-11))
    review(app, people["outsider"], "PY-MD-001", 1, start)  # a lapse
    review(app, people["learner"], "PY-JR-002", 3, utcnow() - timedelta(days=1))
    page = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "1 of 2 (50%)" in page  # only the learner was active this week
    panel = trainer.get(f"/cohorts/{cohort_id}/assignment-figures")  # a page without JS
    assert "site-header" in panel.get_data(as_text=True)
    figures = trainer.get(
        f"/cohorts/{cohort_id}/assignment-figures", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "site-header" not in figures
    row = figures.split('data-assignment="', 1)[1].split("</tr>", 1)[0]
    assert 'class="done">1 of 2' in row
    now = utcnow()
    with app.app_context():
        due_at = db.session.scalar(select(Assignment.due_at))
        learner = db.session.get(User, people["learner"])
        settings = user_settings(learner, fuzz=False)
        set_items = item_ids(app, "PY-JR-001", "PY-MD-001")
        cards = db.session.scalars(
            select(CardState).where(CardState.item_id.in_(set_items))
        ).all()  # both members, same settings
        at_due = [retrievability(settings, memory_of(c), due_at) for c in cards]
        now_caching = [
            retrievability(settings, memory_of(c), now)
            for c in cards
            if c.item_id == set_items[1] and c.user_id == learner.id
        ]
    assert len(cards) == 3
    assert f"{round(sum(at_due) / 2 / 2 * 100)}% (goal 50%)" in row  # items x members
    member = page.split(f'data-member="{people["learner"]}"', 1)[1].split("</tr>", 1)[0]
    assert f'title="Caching">{round(now_caching[0] * 100)}<' in member
    hardest = trainer.get(f"/cohorts/{cohort_id}/hardest").get_data(as_text=True)
    hardest = hardest.split('class="hardest"', 1)[1].split("</ol>", 1)[0]
    assert "PY-MD-001" in hardest and "1 lapse by 1 learner" in hardest


def add_members(app, cohort_id: int, count: int) -> None:
    with app.app_context():
        now = utcnow()
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"m{n:03d}@example.com",
                    "display_name": f"Member {n:03d}",
                    "password_hash": "",
                    "role": "learner",
                }
                for n in range(count)
            ],
        )
        ids = db.session.scalars(select(User.id).where(User.email.like("m%@example.com"))).all()
        rows = [{"cohort_id": cohort_id, "user_id": u, "joined_at": now} for u in ids]
        db.session.execute(insert(CohortMember), rows)
        db.session.commit()


def test_dashboard_sorts_and_pages_and_refuses_bad_input(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    add_members(app, cohort_id, 60)
    post(client_for(app, "learner"), "/cohorts/join", {"code": code})
    review(app, people["learner"], "PY-JR-001", 3, utcnow() - timedelta(days=2))
    first = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Lea Learner" in first and "Member 048" in first
    assert "Member 049" not in first
    second = trainer.get(f"/cohorts/{cohort_id}?page=2").get_data(as_text=True)
    assert "Member 049" in second and "Member 059" in second and "Lea Learner" not in second
    active = trainer.get(f"/cohorts/{cohort_id}?sort=active").get_data(as_text=True)
    names = re.findall(r'<th scope="row">([^<]+)</th>', active)
    assert names[0] == "Lea Learner" and len(names) == 50
    weakest = re.findall(
        r'<th scope="row">([^<]+)</th>',
        trainer.get(f"/cohorts/{cohort_id}?sort=-recall").get_data(True),
    )
    assert weakest[0] == "Lea Learner"
    with app.app_context():
        from practice.models import Topic

        databases = db.session.scalar(select(Topic.id).where(Topic.slug == "databases"))
        forgetful = db.session.scalar(select(User.id).where(User.display_name == "Member 059"))
    review(app, forgetful, "PY-JR-002", 1, utcnow() - timedelta(days=30))  # long forgotten
    by_topic = trainer.get(f"/cohorts/{cohort_id}?sort=topic-{databases}").get_data(as_text=True)
    ranked = re.findall(r'<th scope="row">([^<]+)</th>', by_topic)
    assert ranked[:2] == ["Member 059", "Lea Learner"]  # weakest in Databases first
    assert 'aria-sort="ascending"' in by_topic
    assert trainer.get(f"/cohorts/{cohort_id}?sort=topic-999").status_code == 400
    fragment = trainer.get(f"/cohorts/{cohort_id}?page=2", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="members-table">') and "<html" not in text
    assert trainer.get(f"/cohorts/{cohort_id}?page=3").status_code == 400
    assert trainer.get(f"/cohorts/{cohort_id}?sort=salary").status_code == 400
    assert trainer.get(f"/cohorts/{cohort_id}?page=abc").status_code == 200  # falls back to 1


def test_csv_exports_are_streamed_with_a_header_and_escaped(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    with app.app_context():
        db.session.get(User, people["outsider"]).display_name = '=HYPERLINK("http://x")'
        db.session.commit()
    for key in ("learner", "outsider"):
        post(client_for(app, key), "/cohorts/join", {"code": code})
    set_id = make_set(app, trainer, "PY-JR-001")
    assign(trainer, cohort_id, set_id)
    review(app, people["learner"], "PY-JR-001", 3, utcnow() - timedelta(hours=1))
    response = trainer.get(f"/cohorts/{cohort_id}/members.csv")
    assert response.is_streamed and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["member", "joined (UTC)", "last_active (UTC)"]
    assert "Caching week: learned" in rows[0] and "recall: Caching" in rows[0]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Lea Learner", '\'=HYPERLINK("http://x")'}
    assert by_name["Lea Learner"][3] == "yes" and by_name["Lea Learner"][5] == "1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    summary = list(
        csv.reader(
            io.StringIO(trainer.get(f"/cohorts/{cohort_id}/assignments.csv").get_data(as_text=True))
        )
    )
    assert summary[0][0] == "set" and summary[1][0] == "Caching week" and summary[1][3] == "2"


def test_guessing_join_codes_is_throttled(app, people):
    trainer = client_for(app, "trainer")
    _, code = new_cohort(trainer)
    guesser = client_for(app, "outsider")
    for n in range(30):
        assert post(guesser, "/cohorts/join", {"code": f"guess-{n}"}).status_code == 400
    assert post(guesser, "/cohorts/join", {"code": code}).status_code == 429
    assert post(client_for(app, "learner"), "/cohorts/join", {"code": code}).status_code == 302


def test_a_saved_filter_assignment_leads_the_drill_with_whatever_matches(app, people):
    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    response = post(
        trainer, "/sets/new", {"title": "Senior only", "source": "filter", "levels": "senior"}
    )
    set_id = int(re.search(r"/sets/(\d+)/edit", response.headers["Location"]).group(1))
    assign(trainer, cohort_id, set_id)
    learner = client_for(app, "learner")
    post(learner, "/cohorts/join", {"code": code})
    assert shown_item(learner.get("/drill").get_data(as_text=True)) == "PY-SR-001"
    home = learner.get("/").get_data(as_text=True)
    assert "Senior only" in home and "0 / 1" in home


def test_join_codes_read_aloud_work_in_any_case_and_spacing(app, people):
    from practice.cohorts.queries import JOIN_ALPHABET

    trainer = client_for(app, "trainer")
    cohort_id, code = new_cohort(trainer)
    assert re.fullmatch(
        rf"[{JOIN_ALPHABET}]{{4}}-[{JOIN_ALPHABET}]{{4}}-[{JOIN_ALPHABET}]{{4}}", code
    )
    typed = " " + code.lower().replace("-", " ") + " "
    joined = post(client_for(app, "learner"), "/cohorts/join", {"code": typed})
    assert joined.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
            )
            == people["learner"]
        )
    page = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert 'data-copy="join-code"' in page and "js/copy.js" in page
