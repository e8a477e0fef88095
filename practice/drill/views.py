"""The daily drill: show, reveal in stages, rate, undo, suspend, bury; and study settings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from practice.access import found
from practice.domain.bank_rules import LEVELS
from practice.domain.scope import (
    DIFFICULTY,
    Scope,
    ScopeError,
    parse_scope_or_difficulty_error,
)
from practice.domain.scope_names import scope_line
from practice.domain.study_options import WEEKDAYS
from practice.drill import bp, reviews
from practice.drill.fitting import fit_panel, optimize_user
from practice.drill.forms import CardForm, MoreNewForm, RateForm, RevealForm, StudySettingsForm
from practice.drill.leeches import clear_leech as clear_leech_mark
from practice.drill.leeches import own_leeches
from practice.drill.preparing import preparing_context
from practice.drill.queue import DrillCard, build_view, card_for
from practice.drill.scope_args import default_scope_args, drill_scope, redirect_args
from practice.drill.screen import card_screen
from practice.drill.session import next_due_label, running_session, session_summary
from practice.drill.settings import save_study_settings, study_settings_data
from practice.extensions import db, htmx, limiter
from practice.inputs import bounded_int
from practice.models import Item
from practice.ops.metrics import QueueTimer
from practice.scopes import scope_choices, scope_names, with_bank_names
from practice.security import abort_with
from practice.types import utcnow
from practice.web import render_page_or_fragment, wants_fragment


def _fuzz() -> bool:
    return current_app.config["FSRS_FUZZ"]


_scope = drill_scope


def _item(external_id: str) -> Item:
    item = db.session.scalar(select(Item).where(Item.external_id == external_id))
    if item is None:
        abort(404)
    return item


def _render(
    scope: Scope,
    card: DrillCard | None = None,
    stage: int = 0,
    answer: str = "",
    shown_at: int | None = None,
    swap: str | None = None,
    ahead: bool = False,
    shown_reps: int | None = None,
    answer_error: str | None = None,
):
    """The page, or for HTMX the fragment `swap` names, for the next card or a given one.
    Revealing a stage of a given card (`_card`) needs no queue: it is not built then."""
    now = utcnow()
    reveal_only = card is not None and swap == "_card" and wants_fragment()
    view = None
    if not reveal_only:
        with QueueTimer():
            view = build_view(current_user, scope, now, ahead=ahead)
    shown = card or (view.card if view else None)
    screen = shown and card_screen(
        current_user, shown, stage, now, _fuzz(), answer, shown_at, shown_reps
    )
    context: dict[str, Any] = {
        "view": view,
        "screen": screen,
        "scope": scope,
        "ahead": ahead,
        "more_new_form": MoreNewForm(count=10),
        "answer_error": answer_error,
        "undo_label": _undo_label(now),
    }
    if view is not None and shown is None:  # nothing is left: the end of the session
        context |= _done_context(view, scope, now)
    if swap is None or not wants_fragment():
        context |= _scope_form_context(scope)  # the full page holds the scope form
    if swap is None:
        return render_template("drill/page.html", **context)
    response = render_page_or_fragment("drill/page.html", f"drill/{swap}.html", **context)
    if swap == "_next" and wants_fragment():
        # A new card: the address bar drops a card it named (?item=, "Drill this now") and
        # keeps the scope, so a reload shows the queue rather than the card just rated.
        response.headers["HX-Replace-Url"] = url_for("drill.page", **_query(scope))
    return response


def _undo_label(now) -> str | None:
    """The Undo button's label for what this session can still undo, or None (no button)."""
    action = reviews.LastAction.from_session(session.get(LAST_ACTION))
    return UNDO_LABELS[action.kind] if action and reviews.undoable(action, now) else None


def _done_context(view, scope: Scope, now) -> dict[str, Any]:
    """What "nothing is left" adds: the summary of the session running now, if any."""
    run = running_session(current_user, now)
    summary = run and session_summary(current_user, run, view, now, ended=False)
    return {
        "summary": summary,
        "next_due": next_due_label(view, current_user, now),
        "drill_args": redirect_args(current_user, scope),  # the links back to this scope
    }


@bp.get("")
@login_required
def page():
    with_default = default_scope_args(current_user, request.args)
    if with_default is not None:
        return redirect(url_for("drill.page", **with_default))
    typed, typing_error = _typed_scope()
    if typing_error:
        return _refused_scope(typed, typing_error)
    scope = _scope(request.args)
    external_id = request.args.get("item")
    card = card_for(current_user, external_id) if external_id else None
    if external_id and card is None:
        abort(404)
    stage = bounded_int(request.args.get("stage"), 0, 10)
    return _render(scope, card, stage, ahead=request.args.get("ahead") == "1")


def _typed_scope() -> tuple[Scope, ScopeError | None]:
    """The scope from the drill's form, or the part of it that was fine and the error of the
    field a person typed wrong (difficulty range, track, topic); other errors are left to
    _scope, which answers them with a 400 page."""
    try:
        parsed, range_error = parse_scope_or_difficulty_error(request.args.getlist)
    except ScopeError:
        return Scope(), None
    try:
        return with_bank_names(parsed), range_error
    except ScopeError as name_error:
        if name_error.field == "track":
            return replace(parsed, tracks=()), name_error
        return replace(parsed, topics=()), name_error


def _refused_scope(scope: Scope, error: ScopeError):
    """The drill page with its scope form kept and the error beside its field; no card."""
    typed = (request.args.get("min_difficulty"), request.args.get("max_difficulty"))
    context = {"view": None, "screen": None, "scope": scope, "ahead": False}
    context |= _scope_form_context(scope, error)
    page = render_template("drill/page.html", typed_range=typed, **context)
    return page, 400


def _scope_form_context(scope: Scope, error: ScopeError | None = None) -> dict[str, Any]:
    """What the scope form shows: the pickers' choices, the scope line, the refused field."""
    field = error.field if error else None
    return {
        "scope_choices": scope_choices(),
        "scope_line": scope_line(scope, scope_names(scope)),
        "range_error": error if field == DIFFICULTY else None,
        "name_error": error if field in ("track", "topic") else None,
        "typed_names": {name: request.args.get(name, "") for name in ("track", "topic")},
    }


@bp.post("/reveal")
@login_required
def reveal():
    form = RevealForm()
    if not form.validate_on_submit():
        return _refused_reveal(form)
    card = found(card_for(current_user, form.item.data))
    return _render(
        _scope(request.form),
        card,
        form.stage.data,
        form.answer.data or "",
        form.shown_at.data,
        swap="_card",
        shown_reps=form.reps.data,
    )


def _refused_rating(form: RateForm) -> str:
    """Why a rating was refused, in the words of the field that was wrong."""
    if "answer" in form.errors:
        return form.answer.errors[0] + " Nothing was recorded."
    if "rating" in form.errors:
        return "A rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)."
    return "This rating form is incomplete or out of date; reload the drill and rate again."


def _refused_reveal(form: RevealForm):
    """A reveal whose typed answer is too long: the same card again, the text kept and the
    reason beside the box (400); any other bad field is a plain 400."""
    if set(form.errors) != {"answer"}:
        abort(400)
    card = found(card_for(current_user, form.item.data))
    response = _render(
        _scope(request.form),
        card,
        max(0, (form.stage.data or 1) - 1),
        form.answer.data or "",
        form.shown_at.data,
        swap="_card",
        shown_reps=form.reps.data,
        answer_error=form.answer.errors[0],
    )
    response.status_code = 400
    return response


@bp.post("/rate")
@login_required
def rate():
    form = RateForm()
    if not form.validate_on_submit():
        abort_with(400, _refused_rating(form))
    now = utcnow()
    duration = max(0, min(int(now.timestamp() * 1000) - form.shown_at.data, 3_600_000))
    item, card = found(reviews.item_and_card(current_user, form.item.data))
    rating = reviews.Rating(
        item,
        form.rating.data,
        form.token.data,
        form.reps.data,
        form.answer.data,
        duration,
        shown_at=reviews.moment_of(form.shown_at.data),
    )
    result = reviews.record_rating(current_user, rating, now, _fuzz(), card)
    if result == reviews.CONFLICT:
        flash(
            "That card was already rated in another tab or from an older page; "
            "here is the next one."
        )
    elif result == reviews.RECORDED:
        _remember(reviews.rating_action(current_user, item, rating.client_token, now))
        _tell_leech(item, reviews.leech_of(current_user, rating.client_token))
    scope = _scope(request.form)
    if htmx:
        return _render(scope, swap="_next")
    return redirect(url_for("drill.page", **_query(scope)))


def _tell_leech(item: Item, leech: dict | None) -> None:
    """Say so when a rating made the card a leech, and what was done with it."""
    if leech is None:
        return
    done = (
        "It is suspended: unsuspend it from its library page once you have reworked it."
        if leech["action"] == "suspend"
        else "It stays in your reviews, marked as a leech."
    )
    flash(
        f"{item.external_id} is a leech: you have forgotten it {leech['lapses']} times. {done} "
        "Rewriting your notes on it, or splitting it into smaller questions, usually helps."
    )


@bp.post("/undo")
@login_required
def undo():
    scope = _scope(request.form)
    action = reviews.LastAction.from_session(session.pop(LAST_ACTION, None))
    item = reviews.undo(current_user, action, utcnow())
    if action is None or item is None:
        flash(
            "There is nothing to undo: undo reverses your last rating, suspend or bury in this "
            "session, within 10 minutes, once."
        )
        return _render(scope, swap="_next") if htmx else redirect(url_for("drill.page"))
    flash(UNDONE[action.kind].format(item.external_id))
    stage = 1 if action.kind == "rating" else 0
    if htmx:
        return _render(scope, card_for(current_user, item.external_id), stage, swap="_next")
    return redirect(url_for("drill.page", item=item.external_id, stage=stage, **_query(scope)))


LAST_ACTION = "drill_last_action"
UNDO_LABELS = {
    "rating": "Undo last rating",
    "suspend": "Undo suspend",
    "bury": "Undo bury",
}
UNDONE = {
    "rating": "Undid your rating of {}.",
    "suspend": "Undid suspending {}.",
    "bury": "Undid burying {}.",
}


def _remember(action: reviews.LastAction) -> None:
    """The session's last drill action, the one Undo reverses."""
    session[LAST_ACTION] = action.as_session()


@bp.post("/suspend")
@login_required
def suspend():
    return _flag_card(
        lambda item, now: reviews.set_suspended(current_user, item, True, now),
        "Suspended {}: it will not come up until you unsuspend it.",
    )


@bp.post("/bury")
@login_required
def bury():
    return _flag_card(
        lambda item, now: reviews.bury_until_tomorrow(current_user, item, now),
        "Buried {} until tomorrow.",
    )


def _flag_card(action, message: str):
    form = CardForm()
    if not form.validate_on_submit():
        abort(400)
    item = _item(form.item.data)
    _remember(action(item, utcnow()))
    flash(message.format(item.external_id))
    scope = _scope(request.form)
    return (
        _render(scope, swap="_next") if htmx else redirect(url_for("drill.page", **_query(scope)))
    )


@bp.post("/more-new")
@login_required
def more_new():
    form = MoreNewForm()
    if not form.validate_on_submit():
        abort_with(400, "Choose between 1 and 200 more new cards.")
    reviews.allow_more_new_today(current_user, form.count.data, utcnow())
    scope = _scope(request.form)
    return redirect(url_for("drill.page", **_query(scope)))


@bp.get("/leeches")
@login_required
def leeches():
    return render_template("drill/leeches.html", figures=own_leeches(current_user))


@bp.post("/leeches/<external_id>/clear")
@login_required
def clear_leech(external_id: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    item = _item(external_id)
    if not clear_leech_mark(current_user, item):
        abort(404)
    flash(f"{item.external_id} is no longer marked as a leech.")
    return redirect(url_for("drill.leeches"))


def _moved(cards: int) -> str:
    if not cards:
        return ""
    return f" {cards} card{'s' if cards != 1 else ''} rescheduled for the new retention."


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    user = current_user
    form = StudySettingsForm(data=study_settings_data(user))
    if form.validate_on_submit():
        moved = save_study_settings(user, form, _fuzz())
        flash(f"Study settings saved.{_moved(moved)}")
        return redirect(url_for("drill.settings"))
    return render_template(
        "drill/settings.html",
        form=form,
        fit=fit_panel(user),
        **preparing_context(user),
        levels=LEVELS,
        weekdays=WEEKDAYS,
    ), 400 if form.errors else 200


@bp.post("/settings/optimize")
@login_required
@limiter.limit("10 per hour", key_func=lambda: f"optimize:{current_user.get_id()}")
def optimize():
    """Fit this user's FSRS parameters from their own reviews; HTMX gets the fitting panel."""
    if not FlaskForm().validate_on_submit():
        abort_with(400, "This form is out of date; reload the page and fit again.")
    result = optimize_user(current_user, _fuzz())
    if wants_fragment():
        return render_template("drill/_fitting.html", fit=fit_panel(current_user))
    flash(result.message)
    return redirect(url_for("drill.settings") + "#fitting")


def _query(scope: Scope) -> dict[str, Any]:
    """The scope as url_for arguments (each name with its list of values)."""
    return redirect_args(current_user, scope)
