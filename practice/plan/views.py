"""The plan: interview dates (list, add, edit, delete) and the projection toward each."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from practice.access import found, interview_date_for
from practice.confirm import Confirmation, unless_confirmed
from practice.plan import bp
from practice.plan import queries as plan
from practice.plan.charts import workload_chart, workload_rows
from practice.plan.forms import InterviewDateForm
from practice.scopes import scope_choices
from practice.types import utcnow


def _form(row=None) -> InterviewDateForm:
    form = InterviewDateForm(obj=None)
    if row is not None and request.method == "GET":
        form.title.data, form.day.data = row.title, row.day
        form.target.data = round(row.target_recall * 100)
        form.scope_kind.data = "set" if row.scope_kind == "set" else "filter"
        filters = row.filters or {}
        form.tracks.data, form.topics.data = filters.get("track", []), filters.get("topic", [])
        form.levels.data, form.question_set.data = filters.get("level", []), row.set_id
    choices = scope_choices()
    form.tracks.choices = [SelectChoice(slug, name) for slug, name in choices["track"]]
    form.topics.choices = [SelectChoice(slug, name) for slug, name in choices["topic"]]
    form.question_set.choices = [
        SelectChoice(s.id, s.title) for s in plan.set_choices(current_user)
    ]
    return form


def _fields(form: InterviewDateForm) -> plan.DateFields | None:
    """The submitted fields when all are valid (else None, with the reasons on the form)."""
    valid = form.validate_on_submit()
    valid = form.valid_day(plan.today_of(current_user, utcnow())) and valid
    set_ids = {choice.value for choice in form.question_set.choices}
    if not (form.valid_set(set_ids) and valid):
        return None
    kind = form.scope_kind.data
    return plan.DateFields(
        form.title.data,
        form.day.data,
        form.target.data / 100,
        kind,
        filters=form.filters() if kind == "filter" else None,
        set_id=form.question_set.data if kind == "set" else None,
    )


@bp.get("")
@login_required
def index():
    return render_template(
        "plan/index.html", dates=plan.dates_view(current_user, utcnow()), describe=_describe
    )


def _describe(interview: plan.Interview) -> str:
    return plan.describe(current_user, interview)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = _form()
    if request.method == "POST" and (fields := _fields(form)) is not None:
        row = plan.create_date(current_user, fields, utcnow())
        flash(f"Added {row.title} on {row.day.isoformat()}.")
        return redirect(url_for("plan.show", date_id=row.id))
    status = 400 if request.method == "POST" else 200
    return render_template("plan/form.html", form=form, row=None), status


@bp.route("/<int:date_id>/edit", methods=["GET", "POST"])
@login_required
def edit(date_id: int):
    row = found(interview_date_for(current_user, date_id))
    form = _form(row)
    if request.method == "POST" and (fields := _fields(form)) is not None:
        plan.update_date(row, fields, utcnow())
        flash("Saved.")
        return redirect(url_for("plan.show", date_id=row.id))
    status = 400 if request.method == "POST" else 200
    return render_template("plan/form.html", form=form, row=row), status


@bp.route("/<int:date_id>/delete", methods=["GET", "POST"])
@login_required
def delete(date_id: int):
    """GET: what deleting the date does (changes nothing); the confirmed POST deletes it."""
    row = found(interview_date_for(current_user, date_id))
    confirmation = Confirmation(
        title=f"Delete the interview date {row.title} ({row.day.isoformat()})?",
        consequences=(
            "Its cards go back to your normal schedule from their next review on; "
            "the reviews you did for it are kept.",
            "This cannot be undone.",
        ),
        button="Delete the date",
        cancel=url_for("plan.show", date_id=row.id),
    )
    if (page := unless_confirmed(confirmation)) is not None:
        return page
    title = row.title
    plan.delete_date(row)
    flash(f"Deleted the interview date {title}.")
    return redirect(url_for("plan.index"))


@bp.get("/<int:date_id>")
@login_required
def show(date_id: int):
    row = found(interview_date_for(current_user, date_id))
    return _plan_page(plan.interview_of_date(row))


@bp.get("/assignment/<int:assignment_id>")
@login_required
def assignment(assignment_id: int):
    interview = found(plan.interview_of_assignment(current_user, assignment_id, utcnow()))
    return _plan_page(interview)


def _plan_page(interview: plan.Interview):
    view = plan.plan_view(current_user, interview, utcnow())
    return render_template(
        "plan/show.html",
        interview=interview,
        view=view,
        chart=workload_chart(view) if view else None,
        rows=workload_rows(view) if view else [],
        describe=_describe,
    )
