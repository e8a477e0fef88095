"""My cards: the browser page and its bulk actions (thin: parse, call, render)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import cards_for, found
from practice.cards import actions as card_actions
from practice.cards import bp
from practice.cards.confirmations import action_confirmation
from practice.cards.queries import card_page
from practice.confirm import counted, unless_confirmed
from practice.domain.card_browser import (
    ACTIONS,
    COLUMNS,
    CONFIRMED_ACTIONS,
    parse_ids,
    parse_sort,
)
from practice.domain.library import parse_page
from practice.domain.search_syntax import parse_search
from practice.security import abort_with, safe_next
from practice.sets import queries as sets
from practice.types import utcnow
from practice.web import render_page_or_fragment


@bp.get("")
@login_required
def page():
    args = request.args
    sort = parse_sort(args.get("sort"), args.get("order"))
    result = card_page(
        current_user, parse_search(args.get("q")), sort, parse_page(args.get("page")), utcnow()
    )
    here = url_for(
        "cards.page",
        q=args.get("q") or None,
        sort=sort.column,
        order=sort.order,
        page=result.paging.page,
    )
    return render_page_or_fragment(
        "cards/page.html",
        "cards/_table.html",
        target="cards-table",
        result=result,
        columns=COLUMNS,
        here=here,
        own_sets=sets.own_list_sets(current_user),
        form=FlaskForm(),
    )


def _selected():
    """The posted (or, on a confirm page, linked) cards: all the learner's own, else 404."""
    ids = parse_ids(request.values.getlist("card"))
    if ids is None:
        abort_with(400, "The selection is not a list of your cards (at most 500 at once).")
    return found(cards_for(current_user, ids or []))


@bp.route("/<action>", methods=["GET", "POST"])
@login_required
def act(action: str):
    if action not in ACTIONS:
        abort(404)
    back = safe_next(request.values.get("next"), url_for("cards.page"))
    if request.method == "GET" and action not in CONFIRMED_ACTIONS:
        abort(405)
    if request.method == "POST" and not FlaskForm().validate_on_submit():
        abort(400)
    cards = _selected()
    if not cards:
        flash("Select at least one card first (the boxes in the first column).")
        return redirect(back)
    if action in CONFIRMED_ACTIONS:
        confirmation = action_confirmation(action, cards, back)
        if (confirm_page := unless_confirmed(confirmation)) is not None:
            return confirm_page
    flash(_run(action, cards))
    return redirect(back)


def _run(action: str, cards) -> str:
    """Do the action; the sentence that says what changed."""
    now, label = utcnow(), ACTIONS[action][1]
    if action == "add-to-set":
        question_set = _own_set(request.form.get("set"))
        added = card_actions.add_to_set(question_set, cards, now)
        return f"Added {counted(added, 'card')} to {question_set.title}" + (
            f" ({counted(len(cards) - added, 'card')} already there)."
            if added < len(cards)
            else "."
        )
    if action in ("suspend", "unsuspend"):
        changed = card_actions.set_suspended(cards, action == "suspend")
    elif action == "unbury":
        changed = card_actions.unbury(cards, now)
    elif action == "reset":
        changed = card_actions.reset_to_new(current_user, cards, now)
    else:
        changed = card_actions.forget(current_user, cards, now)
    return f"{label} {counted(changed, 'card')}" + (
        f" ({len(cards) - changed} already so)." if changed < len(cards) else "."
    )


def _own_set(value: str | None):
    """One of the learner's own hand-picked sets, else 404 (another's set is not theirs)."""
    set_id = int(value) if value and value.isdigit() and len(value) < 12 else None
    choices = {s.id: s for s in sets.own_list_sets(current_user)}
    if set_id is None:
        abort_with(400, "Choose one of your sets to add the cards to.")
    return found(choices.get(set_id or 0))
