"""A retired item (its file removed from the bank) leaves browse lists, facets, sets and the
drill, even where a learner has a card for it that is due; and a bank load is one transaction."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from practice.domain.scheduling import CardStatus
from practice.extensions import db
from practice.models import CardState, Item
from practice.sets import queries as question_sets
from practice.types import utcnow
from tests.helpers.accounts import log_in
from tests.helpers.bank_factory import item_path
from tests.helpers.db import database_snapshot
from tests.helpers.groups import user


def _retire(runner, bank, *external_ids_and_kinds) -> None:
    for external_id, kind, track in external_ids_and_kinds:
        item_path(bank, external_id, kind, track).unlink()
    result = runner.invoke(args=["bank", "load", str(bank)])
    assert result.exit_code == 0, result.output


def _world(app, runner, small_bank, user_id):
    """The learner has a due review card for PY-MD-001 and a set holding both items that
    are then retired (PY-MD-001, PY-ERR-001)."""
    assert runner.invoke(args=["bank", "load", str(small_bank)]).exit_code == 0
    now = utcnow()
    with app.app_context():
        ids = dict(db.session.execute(select(Item.external_id, Item.id)).all())
        db.session.add(
            CardState(
                user_id=user_id,
                item_id=ids["PY-MD-001"],
                state=CardStatus.REVIEW,
                stability=5.0,
                difficulty=5.0,
                due=now - timedelta(days=1),
                last_review=now - timedelta(days=6),
                last_review_day=0,
                reps=2,
            )
        )
        db.session.commit()
        picked = question_sets.create_set(user(user_id), "Mine", "", None)
        for external_id in ("PY-MD-001", "PY-ERR-001", "PY-JR-001"):
            question_sets.add_item(picked, db.session.get(Item, ids[external_id]))
        set_id = picked.id
    _retire(
        runner,
        small_bank,
        ("PY-MD-001", "question", "python"),
        ("PY-ERR-001", "error", "python"),
    )
    return set_id


def test_retired_items_leave_browse_lists_and_facets(app, client, runner, small_bank, user_id):
    _world(app, runner, small_bank, user_id)
    assert "PY-ERR-001" not in client.get("/library/errors").get_data(as_text=True)
    page = client.get("/library").get_data(as_text=True)
    kinds = page.split('class="facet facet-kind"', 1)[1].split("</fieldset>", 1)[0]
    counts = dict(
        re.findall(r'value="(\w+)"[^>]*>\s*\w[\w ]*<span class="facet-count">\((\d+)\)', kinds)
    )
    assert counts.get("question") == "1" and counts.get("error", "0") == "0"
    assert "PY-MD-001" not in page and "PY-ERR-001" not in page


def test_retired_items_leave_the_drill_even_when_due(app, client, runner, small_bank, user_id):
    _world(app, runner, small_bank, user_id)
    log_in(client)
    for scope in ("", "?kind=error", "?track=python", "?level=mid"):
        page = client.get(f"/drill{scope}").get_data(as_text=True)
        assert 'data-item="PY-MD-001"' not in page and 'data-item="PY-ERR-001"' not in page
    assert "<b>0</b> due" in client.get("/drill").get_data(as_text=True)


def test_retired_items_leave_sets(app, client, runner, small_bank, user_id):
    set_id = _world(app, runner, small_bank, user_id)
    log_in(client)
    page = client.get(f"/sets/{set_id}").get_data(as_text=True)
    assert "PY-JR-001" in page
    assert "PY-MD-001" not in page and "PY-ERR-001" not in page


def test_a_load_that_fails_at_its_last_step_changes_nothing(app, runner, small_bank, monkeypatch):
    """Items, paths and the index are written in one transaction: a failure while indexing
    (the last step) leaves no item or path behind."""
    before = database_snapshot(app)

    def failing_index(changed):
        raise OperationalError("INSERT INTO search index", {}, Exception("disk I/O error"))

    monkeypatch.setattr("practice.bank.load.sync_search_index", failing_index)
    result = runner.invoke(args=["bank", "load", str(small_bank)])
    assert result.exit_code != 0
    assert "load failed, nothing was changed" in result.output
    assert database_snapshot(app) == before
