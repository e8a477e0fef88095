"""The learner's statistics page: their own figures only, for everything or for a scope."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from practice.access import may_drill
from practice.domain.scope import Scope, ScopeError, parse_scope
from practice.security import abort_with
from practice.stats import bp
from practice.stats.learner import learner_stats
from practice.stats.page import calendar_rows, panels
from practice.types import utcnow

STATS_SCOPE = ("track", "topic", "level", "set")


def _scope() -> Scope:
    """The scope from the query string: track, topic, level and set (a set the user may see)."""
    try:
        scope = parse_scope(lambda name: request.args.getlist(name) if name in STATS_SCOPE else [])
    except ScopeError as error:
        abort_with(400, str(error))
    if not may_drill(current_user, scope):
        abort(404)
    return scope


@bp.get("")
@login_required
def page():
    figures = learner_stats(current_user, _scope(), utcnow())
    return render_template(
        "stats/page.html", stats=figures, panels=panels(figures), calendar=calendar_rows(figures)
    )
