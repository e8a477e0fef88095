"""Cohorts: create, join, rotate or close the code, members, archive and unarchive,
assignments, the dashboard and its CSV exports. Removing and archiving go through a confirm
page (practice.confirm)."""

from __future__ import annotations

import csv
import io

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import UserError, can_train, found, set_for
from practice.assignments.queries import NotAssignable
from practice.cohorts import bp
from practice.cohorts import dashboard as cohort_dashboard
from practice.cohorts import queries as cohorts
from practice.cohorts.confirmations import (
    archive_confirmation,
    remove_assignment_confirmation,
    remove_member_confirmation,
)
from practice.cohorts.forms import CodeForm, CohortForm, JoinForm
from practice.confirm import unless_confirmed
from practice.domain.csv_cells import csv_row
from practice.extensions import limiter
from practice.inputs import bounded_int
from practice.mentoring.forms import assignment_form
from practice.security import abort_with
from practice.stats.page import per_day_chart
from practice.types import utcnow
from practice.web import render_page_or_fragment


def _require_trainer() -> None:
    if not can_train(current_user):
        abort(403)


def _cohort_or_404(cohort_id: int):
    return found(cohorts.cohort_for(current_user, cohort_id))


@bp.get("")
@login_required
def index():
    return _render_index(CohortForm(), JoinForm())


def _render_index(form, join_form, status: int = 200):
    runs = cohorts.run_by(current_user) if can_train(current_user) else []
    return render_template(
        "cohorts/index.html",
        form=form,
        join_form=join_form,
        runs=runs,
        member_of=cohorts.member_of(current_user),
    ), status


@bp.post("/new")
@login_required
def create():
    _require_trainer()
    form = CohortForm()
    if not form.validate_on_submit():
        return _render_index(form, JoinForm(), 400)
    cohort = cohorts.create_cohort(current_user, form.name.data)
    flash(f"Created {cohort.name}. Share its join code or link with your learners.")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))


@bp.get("/join/<code>")
@login_required
def join_link(code: str):
    cohort = found(cohorts.open_cohort(code))
    return render_template("cohorts/join.html", cohort=cohort, form=JoinForm(code=code))


@bp.post("/join")
@login_required
@limiter.limit(
    "30 per hour",
    key_func=lambda: f"cohort-join:{current_user.get_id()}",
    deduct_when=lambda response: response.status_code == 400,
)  # wrong codes only
def join():
    form = JoinForm()
    if not form.validate_on_submit():
        return _render_index(CohortForm(), form, 400)
    cohort = cohorts.open_cohort(form.code.data)
    if cohort is None:
        form.code.errors = ["That code does not open a cohort: it may have been changed or closed."]
        return _render_index(CohortForm(), form, 400)
    try:
        joined = cohorts.join(current_user, cohort, utcnow())
    except UserError as error:
        abort_with(400, str(error))
    flash(f"You joined {cohort.name}." if joined else f"You are already in {cohort.name}.")
    return redirect(url_for("home.index"))


@bp.post("/<int:cohort_id>/leave")
@login_required
def leave(cohort_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not cohorts.leave(current_user, cohort_id):
        abort(404)
    flash("You left the cohort.")
    return redirect(url_for("cohorts.index"))


@bp.get("/<int:cohort_id>")
@login_required
def show(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    return _render_dashboard(cohort, assignment_form(current_user))


def _render_dashboard(cohort, form, status: int = 200):
    try:
        board = cohort_dashboard.dashboard(
            cohort,
            utcnow(),
            bounded_int(request.args.get("page"), 1, 10**6),
            request.args.get("sort", "name"),
        )
    except UserError as error:
        abort_with(400, str(error))
    context = {
        "board": board,
        "form": form,
        "code_form": CodeForm(),
        "sorts": cohort_dashboard.SORTS,
    }
    if request.method == "POST":
        return render_template("cohorts/dashboard.html", **context), status
    return render_page_or_fragment(
        "cohorts/dashboard.html", "cohorts/_members.html", status=status, **context
    )


@bp.get("/<int:cohort_id>/assignment-figures")
@login_required
def assignment_figures(cohort_id: int):
    """Assignment completion and recall over every member (a panel of the dashboard)."""
    cohort = _cohort_or_404(cohort_id)
    figures = cohort_dashboard.cohort_assignment_figures(cohort, utcnow())
    return _panel(cohort, "cohorts/_assignment_figures.html", figures=figures)


@bp.get("/<int:cohort_id>/activity")
@login_required
def activity(cohort_id: int):
    """The members' reviews per day, chart and table (a panel of the dashboard)."""
    cohort = _cohort_or_404(cohort_id)
    per_day = cohort_dashboard.cohort_activity(cohort, utcnow())
    return _panel(
        cohort,
        "cohorts/_activity.html",
        per_day=per_day,
        busiest=max(count for _, count in per_day),
        chart=per_day_chart(per_day),
    )


@bp.get("/<int:cohort_id>/hardest")
@login_required
def hardest(cohort_id: int):
    """The items the cohort forgot most (a panel of the dashboard)."""
    cohort = _cohort_or_404(cohort_id)
    return _panel(
        cohort, "cohorts/_hardest.html", hardest=cohort_dashboard.cohort_hardest_items(cohort)
    )


@bp.get("/<int:cohort_id>/leeches")
@login_required
def leeches(cohort_id: int):
    """Members' leeches on the cohort's assigned cards (a panel of the dashboard)."""
    cohort = _cohort_or_404(cohort_id)
    return _panel(
        cohort,
        "cohorts/_leeches.html",
        leeches=cohort_dashboard.cohort_leeches(cohort),
        members=cohort_dashboard.member_count(cohort.id),
    )


def _panel(cohort, template: str, **context):
    """A dashboard panel: the fragment for HTMX, else a page of its own (works without JS)."""
    return render_page_or_fragment(
        "cohorts/panel.html", template, cohort=cohort, panel=template, **context
    )


def _change(cohort_id: int, action, message: str):
    """Run a change on a cohort the user runs; archived cohorts refuse with a message."""
    cohort = _cohort_or_404(cohort_id)
    try:
        action(cohort)
    except UserError as error:
        abort_with(400, str(error))
    flash(message)
    return redirect(url_for("cohorts.show", cohort_id=cohort_id))


@bp.post("/<int:cohort_id>/code")
@login_required
def code(cohort_id: int):
    form = CodeForm()
    if not form.validate_on_submit():
        abort_with(400, "Rotate or close the join code.")
    if form.action.data == "rotate":
        return _change(
            cohort_id, cohorts.rotate_code, "New join code: the old code and link no longer work."
        )
    return _change(cohort_id, cohorts.close_joining, "Joining is closed.")


@bp.route("/<int:cohort_id>/members/<int:user_id>/remove", methods=["GET", "POST"])
@login_required
def remove_member(cohort_id: int, user_id: int):
    """GET: what removing the member does (changes nothing); the confirmed POST removes them."""
    cohort = _cohort_or_404(cohort_id)
    member = found(cohorts.member(cohort, user_id))
    confirmation = remove_member_confirmation(cohort, member)
    if (page := unless_confirmed(confirmation)) is not None:
        return page
    return _change(
        cohort_id,
        lambda c: cohorts.remove_member(c, user_id),
        f"{member.display_name} is no longer a member.",
    )


@bp.route("/<int:cohort_id>/archive", methods=["GET", "POST"])
@login_required
def archive(cohort_id: int):
    """GET: what archiving does (changes nothing); the confirmed POST archives the cohort."""
    cohort = _cohort_or_404(cohort_id)
    if (page := unless_confirmed(archive_confirmation(cohort))) is not None:
        return page
    return _change(
        cohort_id,
        cohorts.archive,
        "Archived: the cohort's data is kept read-only. Unarchive it to make changes again.",
    )


@bp.post("/<int:cohort_id>/unarchive")
@login_required
def unarchive(cohort_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    return _change(
        cohort_id,
        cohorts.unarchive,
        "Unarchived: members see its assignments again. Joining stays closed until you "
        "open it with a new code.",
    )


@bp.post("/<int:cohort_id>/assignments")
@login_required
def assign(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    form = assignment_form(current_user)
    due_at = form.valid_due_at(current_user.time_zone, utcnow())
    if due_at is None:
        return _render_dashboard(cohort, form, 400)
    question_set = found(set_for(current_user, form.question_set.data, edit=True))
    try:
        cohorts.assign_set(current_user, cohort, question_set, due_at, form.target.data / 100)
    except NotAssignable as error:
        form.question_set.errors = [str(error)]
        return _render_dashboard(cohort, form, 400)
    except UserError as error:
        abort_with(400, str(error))
    flash(f"Assigned {question_set.title} to every member.")
    return redirect(url_for("cohorts.show", cohort_id=cohort_id))


@bp.route("/<int:cohort_id>/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assignment(cohort_id: int, assignment_id: int):
    """GET: what removing it does (changes nothing); the confirmed POST removes it."""
    cohort = _cohort_or_404(cohort_id)
    assignment = cohorts.cohort_assignment_for(current_user, assignment_id)
    if assignment is None or assignment.cohort_id != cohort_id:
        abort(404)
    confirmation = remove_assignment_confirmation(cohort, assignment, current_user)
    if (page := unless_confirmed(confirmation)) is not None:
        return page
    return _change(
        cohort_id, lambda c: cohorts.delete_assignment(c, assignment), "Assignment removed."
    )


@bp.get("/<int:cohort_id>/members.csv")
@login_required
def members_csv(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    rows = cohort_dashboard.member_rows(cohort, utcnow(), current_user.time_zone)
    return _csv(rows, f"cohort-{cohort.id}-members.csv")


@bp.get("/<int:cohort_id>/assignments.csv")
@login_required
def assignments_csv(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    rows = cohort_dashboard.assignment_rows(cohort, utcnow(), current_user.time_zone)
    return _csv(rows, f"cohort-{cohort.id}-assignments.csv")


def _csv(rows, filename: str) -> Response:
    """Stream rows as CSV, every cell spreadsheet-safe (no formula injection)."""

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(csv_row(row))
            if buffer.tell() > 32_768:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(stream_with_context(generate()), mimetype="text/csv", headers=headers)
