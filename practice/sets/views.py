"""Question sets: list, create, view, edit (search and pick items, order), share, copy, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from practice.access import UserError, can_edit_set, found, set_for
from practice.assignments.queries import assignments_of
from practice.confirm import unless_confirmed
from practice.domain.markdown import render_markdown
from practice.extensions import htmx
from practice.security import abort_with, safe_next
from practice.sets import bp
from practice.sets import queries as sets
from practice.sets.confirmations import delete_confirmation, deleted_message
from practice.sets.forms import AddItemForm, CopyForm, MoveForm, SetForm, ShareForm


def _set_or_404(set_id: int, edit: bool = False):
    question_set = set_for(current_user, set_id, edit=edit)
    if question_set is None:
        abort(404)
    return question_set


def _set_form(obj=None) -> SetForm:
    form = SetForm(obj=obj)
    tracks, topics = sets.filter_choices()
    form.tracks.choices = [SelectChoice(slug, name) for slug, name in tracks]
    form.topics.choices = [SelectChoice(slug, name) for slug, name in topics]
    return form


@bp.get("")
@login_required
def index():
    return render_template(
        "sets/index.html", own=sets.own_sets(current_user), assigned=assignments_of(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = _set_form()
    if form.validate_on_submit():
        try:
            created = sets.create_set(
                current_user, form.title.data, form.description.data or "", form.filters()
            )
        except UserError as error:
            form.source.errors = [str(error)]
        else:
            flash(f"Created the set {created.title}.")
            return redirect(url_for("sets.edit", set_id=created.id))
    return render_template("sets/new.html", form=form), 400 if form.errors else 200


@bp.get("/<int:set_id>")
@login_required
def show(set_id: int):
    question_set = _set_or_404(set_id)
    return _render_set(question_set, editable=can_edit_set(current_user, question_set))


@bp.get("/shared/<code>")
@login_required
def shared(code: str):
    question_set = found(sets.shared_set(code))
    return _render_set(question_set, editable=can_edit_set(current_user, question_set), code=code)


def _render_set(question_set, editable: bool, code: str = ""):
    return render_template(
        "sets/show.html",
        question_set=question_set,
        description_html=render_markdown(question_set.description),
        contents=sets.set_contents(question_set),
        editable=editable,
        code=code,
        share_form=ShareForm(),
        copy_form=CopyForm(code=code),
    )


@bp.route("/<int:set_id>/edit", methods=["GET", "POST"])
@login_required
def edit(set_id: int):
    question_set = _set_or_404(set_id, edit=True)
    form = _set_form(obj=question_set)
    if request.method == "GET":
        _fill_filter_fields(form, question_set)
    elif form.validate_on_submit():
        form.source.data = "filter" if question_set.is_filter else "list"
        try:
            sets.update_set(
                question_set, form.title.data, form.description.data or "", form.filters()
            )
        except UserError as error:
            form.source.errors = [str(error)]
        else:
            flash("Saved.")
            return redirect(url_for("sets.edit", set_id=set_id))
    query = request.args.get("q", "")
    return render_template(
        "sets/edit.html",
        form=form,
        question_set=question_set,
        contents=sets.set_contents(question_set),
        query=query,
        results=sets.search_items(query),
        picked=sets.member_ids(question_set),
        move_form=MoveForm(),
    ), 400 if form.errors else 200


def _fill_filter_fields(form: SetForm, question_set) -> None:
    filters = question_set.filters or {}
    form.source.data = "filter" if question_set.is_filter else "list"
    form.tracks.data, form.topics.data = filters.get("track", []), filters.get("topic", [])
    form.levels.data, form.kinds.data = filters.get("level", []), filters.get("kind", [])
    form.min_difficulty.data = (
        int(filters["min_difficulty"][0]) if "min_difficulty" in filters else None
    )
    form.max_difficulty.data = (
        int(filters["max_difficulty"][0]) if "max_difficulty" in filters else None
    )


@bp.post("/add")
@login_required
def add_item():
    """Add one item to one of the user's hand-picked sets (the add-to-set fragment posts here)."""
    form = AddItemForm()
    if not form.validate_on_submit():
        abort_with(400, "Choose a set and an item.")
    question_set = _set_or_404(form.set.data, edit=True)
    item = found(sets.item_by_id(form.item.data))
    try:
        added = sets.add_item(question_set, item)
    except UserError as error:
        abort_with(400, str(error))
    message = f"{'Added to' if added else 'Already in'} {question_set.title}."
    if htmx:
        return render_template(
            "sets/_add_to_set.html",
            item_id=item.id,
            added_message=message,
            selected_set_id=question_set.id,
            next_url=safe_next(request.form.get("next"), ""),
        )
    flash(message)
    return redirect(
        safe_next(request.form.get("next"), url_for("sets.edit", set_id=question_set.id))
    )


@bp.post("/<int:set_id>/items/<int:item_id>/remove")
@login_required
def remove_item(set_id: int, item_id: int):
    question_set = _set_or_404(set_id, edit=True)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if sets.remove_item(question_set, item_id):
        flash("Removed from the set.")
    return redirect(url_for("sets.edit", set_id=set_id))


@bp.post("/<int:set_id>/items/<int:item_id>/move")
@login_required
def move_item(set_id: int, item_id: int):
    question_set = _set_or_404(set_id, edit=True)
    form = MoveForm()
    if not form.validate_on_submit():
        abort_with(400, "Move an item up or down.")
    sets.move_item(question_set, item_id, -1 if form.direction.data == "up" else 1)
    return redirect(url_for("sets.edit", set_id=set_id) + f"#item-{item_id}")


@bp.post("/<int:set_id>/share")
@login_required
def share(set_id: int):
    question_set = _set_or_404(set_id, edit=True)
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    sets.set_sharing(question_set, form.shared.data == "1")
    if question_set.share_code:
        flash("Anyone signed in who has the link can now see and copy this set.")
    else:
        flash("The set is private again; the old link no longer works.")
    return redirect(url_for("sets.show", set_id=set_id))


@bp.post("/<int:set_id>/copy")
@login_required
def copy(set_id: int):
    form = CopyForm()
    if not form.validate_on_submit():
        abort(400)
    question_set = set_for(current_user, set_id)
    if question_set is None:
        shared = sets.shared_set(form.code.data or "")
        question_set = shared if shared is not None and shared.id == set_id else abort(404)
    copied = sets.copy_set(question_set, current_user)
    flash(f"Copied into your sets as {copied.title}.")
    return redirect(url_for("sets.edit", set_id=copied.id))


@bp.route("/<int:set_id>/delete", methods=["GET", "POST"])
@login_required
def delete(set_id: int):
    """GET: what deleting the set does (changes nothing); the confirmed POST deletes it."""
    question_set = _set_or_404(set_id, edit=True)
    if (page := unless_confirmed(delete_confirmation(question_set))) is not None:
        return page
    title = question_set.title
    flash(deleted_message(title, sets.delete_set(question_set)))
    return redirect(url_for("sets.index"))
