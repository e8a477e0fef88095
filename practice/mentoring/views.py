"""Mentors: invites, mentees, a page per mentee, assignments and comments on typed answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from practice.access import UserError, can_mentor, found, set_for
from practice.assignments.queries import NotAssignable
from practice.confirm import unless_confirmed
from practice.mentoring import bp
from practice.mentoring import queries as mentoring
from practice.mentoring.confirmations import (
    after_end,
    end_confirmation,
    remove_assignment_confirmation,
)
from practice.mentoring.forms import CommentForm, InviteForm, assignment_form
from practice.mentoring.report import mentee_report
from practice.security import abort_with
from practice.stats.figures import overdue_counts
from practice.types import utcnow


def _require_mentor() -> None:
    if not can_mentor(current_user):
        abort(403)


def _mentee_or_404(mentee_id: int):
    return found(mentoring.mentee_for(current_user, mentee_id))


@bp.get("")
@login_required
def index():
    _require_mentor()
    return _render_index(InviteForm())


def _render_index(form: InviteForm, status: int = 200):
    now = utcnow()
    mentees = mentoring.mentees_of(current_user)
    ids = [p.user.id for p in mentees]
    return render_template(
        "mentoring/index.html",
        form=form,
        mentees=mentees,
        active=mentoring.last_active(ids),
        overdue=overdue_counts(ids, now),
        invites=mentoring.open_invites(current_user, now),
    ), status


@bp.post("/invites")
@login_required
def create_invite():
    _require_mentor()
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_index(form, 400)
    mentoring.create_invite(current_user, form.days.data, form.uses.data == "multi", utcnow())
    flash("Invite created: send the link to your mentee.")
    return redirect(url_for("mentoring.index"))


@bp.post("/invites/<int:invite_id>/revoke")
@login_required
def revoke_invite(invite_id: int):
    _require_mentor()
    invite = found(mentoring.invite_for(current_user, invite_id))
    mentoring.revoke_invite(invite)
    flash("Invite withdrawn; its link no longer works.")
    return redirect(url_for("mentoring.index"))


@bp.get("/join/<code>")
@login_required
def join(code: str):
    invite = found(mentoring.invite_by_code(code))
    problem = mentoring.invite_problem(invite, current_user, utcnow())
    mentor = mentoring.invite_mentor(invite)
    return render_template(
        "mentoring/join.html", invite=invite, mentor=mentor, problem=problem, form=FlaskForm()
    ), 400 if problem else 200


@bp.post("/join/<code>")
@login_required
def accept(code: str):
    invite = found(mentoring.invite_by_code(code))
    try:
        mentoring.accept_invite(invite, current_user, utcnow())
    except UserError as error:
        abort_with(400, str(error))
    flash("You now have a mentor: they can see your study progress and assign you sets.")
    return redirect(url_for("home.index"))


@bp.route("/mentorships/<int:mentorship_id>/end", methods=["GET", "POST"])
@login_required
def end(mentorship_id: int):
    """GET: what ending it does (changes nothing); the confirmed POST ends it (either side)."""
    mentorship = found(mentoring.mentorship_for(current_user, mentorship_id))
    if (page := unless_confirmed(end_confirmation(mentorship, current_user))) is not None:
        return page
    mentoring.end_mentorship(mentorship, utcnow())
    flash("The mentorship has ended.")
    return redirect(after_end(mentorship, current_user))


@bp.get("/mentees/<int:mentee_id>")
@login_required
def mentee(mentee_id: int):
    learner = _mentee_or_404(mentee_id)
    return _render_mentee(learner, assignment_form(current_user))


def _render_mentee(learner, form, status: int = 200):
    now = utcnow()
    report = mentee_report(learner, current_user, now)
    return render_template(
        "mentoring/mentee.html", report=report, form=form, now=now, comment_form=CommentForm()
    ), status


@bp.post("/mentees/<int:mentee_id>/assignments")
@login_required
def assign(mentee_id: int):
    learner = _mentee_or_404(mentee_id)
    form = assignment_form(current_user)
    due_at = form.valid_due_at(current_user.time_zone, utcnow())
    if due_at is None:
        return _render_mentee(learner, form, 400)
    question_set = found(set_for(current_user, form.question_set.data, edit=True))
    try:
        mentoring.assign_set(current_user, learner, question_set, due_at, form.target.data / 100)
    except NotAssignable as error:
        form.question_set.errors = [str(error)]
        return _render_mentee(learner, form, 400)
    except UserError as error:
        abort_with(403, str(error))
    flash(f"Assigned {question_set.title} to {learner.display_name}.")
    return redirect(url_for("mentoring.mentee", mentee_id=mentee_id))


@bp.route("/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assignment(assignment_id: int):
    """GET: what removing it does (changes nothing); the confirmed POST removes it."""
    assignment = found(mentoring.mentee_assignment_for(current_user, assignment_id))
    confirmation = remove_assignment_confirmation(assignment, current_user)
    if (page := unless_confirmed(confirmation)) is not None:
        return page
    mentee_id = assignment.mentee_id
    mentoring.delete_assignment(assignment)
    flash("Assignment removed.")
    return redirect(url_for("mentoring.mentee", mentee_id=mentee_id))


@bp.post("/answers/<int:review_id>/comments")
@login_required
def comment(review_id: int):
    answer = found(mentoring.answer_for(current_user, review_id))
    form = CommentForm()
    if not form.validate_on_submit():
        abort_with(400, "Write a comment of up to 2,000 characters.")
    mentoring.add_comment(current_user, answer, form.body.data, utcnow())
    flash("Comment saved: your mentee sees it with the item.")
    return redirect(url_for("mentoring.mentee", mentee_id=answer.user_id) + f"#answer-{review_id}")
