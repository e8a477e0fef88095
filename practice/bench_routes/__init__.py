"""Baseline routes for the benchmarks, registered only with PRACTICE_BENCH_ROUTES=1.

For bench/drill_load.py they do what the drill does minus scheduling: render the same card page
from one primary-key lookup, and answer a POST with one insert and one update. For
bench/stats.py, a signed-in page with the site's layout and no figures. Never enabled in
production.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select, update

from practice.access import found
from practice.domain.scheduling import Memory
from practice.domain.scope import Scope
from practice.drill.forms import MoreNewForm
from practice.drill.queue import Counts, DrillCard, DrillView
from practice.drill.screen import card_screen
from practice.extensions import db
from practice.models import CardState, Item, ReviewLog

bp = Blueprint("bench", __name__, url_prefix="/bench")


@bp.get("/card/<int:item_id>")
@login_required
def bare_card(item_id: int):
    item = found(db.session.get(Item, item_id))
    now = datetime.now(UTC)
    card = DrillCard(item, Memory())
    view = DrillView(Counts(0, 0, 0), card, None, 0)
    screen = card_screen(current_user, card, 0, now, fuzz=False)
    return render_template(
        "drill/page.html",
        view=view,
        screen=screen,
        scope=Scope(),
        ahead=False,
        more_new_form=MoreNewForm(count=10),
    )


@bp.get("/page")
@login_required
def bare_page():
    """The layout a signed-in page shares (session, user, template), and nothing else."""
    return render_template("bench/bare.html")


@bp.post("/write/<int:item_id>")
@login_required
def bare_write(item_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    now = datetime.now(UTC)
    db.session.add(
        ReviewLog(
            user_id=current_user.id,
            item_id=item_id,
            rating=3,
            reviewed_at=now,
            state_after={},
            client_token=uuid.uuid4().hex,
        )
    )
    card_id = db.session.scalar(
        select(CardState.id).where(CardState.user_id == current_user.id).limit(1)
    )
    db.session.execute(update(CardState).where(CardState.id == card_id).values(last_review=now))
    db.session.commit()
    return redirect(url_for("drill.page"))
