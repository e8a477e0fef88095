"""The library: search every kind at once, item pages, browse lists and the update feed."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import found
from practice.domain.browse import difficulty_steps
from practice.domain.library import parse_page
from practice.domain.scope import ScopeError, parse_scope_or_difficulty_error
from practice.domain.search_syntax import parse_search
from practice.drill import reviews
from practice.library import bp
from practice.library import queries as library
from practice.library.search import search
from practice.library.tracks import track_contents, track_progress
from practice.search_terms import searcher_for
from practice.security import abort_with
from practice.types import utcnow
from practice.web import render_page_or_fragment

BROWSE = {
    "errors": ("error", "Error archive"),
    "snippets": ("snippet", "Snippet library"),
    "case-studies": ("design", "Case studies"),
    "security": ("security", "Security topics"),
}


def _user():
    return current_user if current_user.is_authenticated else None


@bp.get("/library")
def search_page():
    try:
        parsed, range_error = parse_scope_or_difficulty_error(request.args.getlist)
    except ScopeError as error:
        abort_with(400, str(error))
    scope = replace(parsed, path=None, set_id=None, assignment_id=None, text=None)
    searcher = searcher_for(_user(), utcnow())
    query = parse_search(request.args.get("q"))
    results = search(query, scope, parse_page(request.args.get("page")), searcher)
    return render_page_or_fragment(
        "library/search.html",
        "library/_results.html",
        target="library-results",
        status=400 if range_error else 200,
        results=results,
        range_error=range_error,
        typed_range=(request.args.get("min_difficulty"), request.args.get("max_difficulty")),
    )


@bp.get("/library/tracks/<slug>")
def track_page(slug: str):
    """A track: its items by level and kind and, signed in, the learner's progress on it."""
    contents = track_contents(found(library.track_by_slug(slug)))
    user = _user()
    progress = track_progress(user, contents, utcnow()) if user else None
    return render_template("library/track.html", contents=contents, progress=progress)


@bp.get("/library/<name>")
def entry(name: str):
    """A browse list (errors, snippets, case-studies, security, tracks) or one item by id."""
    if name == "tracks":
        return render_template("library/tracks.html", tracks=library.tracks_by_level())
    if name not in BROWSE:
        return item(name)
    kind, title = BROWSE[name]
    return render_template(
        "library/browse.html", kind=kind, title=title, groups=library.browse(kind)
    )


def item(external_id: str):
    entry = found(library.item_by_external_id(external_id))
    page = library.item_page(entry, _user())
    return render_template(
        "library/item.html", page=page, steps=difficulty_steps(entry.difficulty), form=FlaskForm()
    )


def _posted_item(external_id: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    entry = found(library.item_by_external_id(external_id))
    if entry.retired:
        abort_with(400, f"{entry.external_id} is retired from the bank and cannot be studied.")
    return entry


@bp.post("/library/<external_id>/add")
@login_required
def add_to_new(external_id: str):
    found = _posted_item(external_id)
    if reviews.add_to_new_cards(current_user, found, utcnow()):
        flash(f"Added {found.external_id} to your new cards: it comes next among new cards.")
    else:
        flash(f"You already study {found.external_id}; it comes back when it is due.")
    return redirect(url_for("library.entry", name=found.external_id))


@bp.post("/library/<external_id>/suspend")
@login_required
def suspend(external_id: str):
    found = _posted_item(external_id)
    suspended = request.form.get("suspended") != "0"
    reviews.set_suspended(current_user, found, suspended, utcnow())
    flash(f"{'Suspended' if suspended else 'Unsuspended'} {found.external_id}.")
    return redirect(url_for("library.entry", name=found.external_id))


@bp.get("/feed.atom")
def feed():
    slug = request.args.get("track")
    track = library.track_by_slug(slug) if slug else None
    if slug and track is None:
        abort_with(404, f"There is no track '{slug[:64]}'.")
    body = render_template("library/feed.xml", entries=library.feed_entries(track), track=track)
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response
