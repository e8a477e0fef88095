"""What ending a mentorship or removing a mentee's assignment does, in the words of their
confirm pages (told to the mentor, the mentee or an admin, as the case may be)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from practice.confirm import Confirmation, counted
from practice.domain.recall import due_day
from practice.extensions import db
from practice.models import Assignment, Mentorship, User


def end_confirmation(mentorship: Mentorship, viewer: User) -> Confirmation:
    mentor = db.session.get_one(User, mentorship.mentor_id)
    mentee = db.session.get_one(User, mentorship.mentee_id)
    sets = counted(_given(mentorship), "set")
    if viewer.id == mentee.id:
        title = f"End your mentorship with {mentor.display_name}?"
        consequences = (
            f"{mentor.display_name} will no longer see your study progress or typed answers.",
            f"The {sets} they assigned you leave your home page and drill queue.",
            "Your reviews and their comments on your answers are kept; accepting a new invite "
            "from them starts the mentorship again, with those assignments.",
        )
    else:
        mine = viewer.id == mentor.id
        who = "You" if mine else mentor.display_name
        title = (
            f"End your mentorship of {mentee.display_name}?"
            if mine
            else f"End {mentor.display_name}'s mentorship of {mentee.display_name}?"
        )
        consequences = (
            f"{who} will no longer see {mentee.display_name}'s study figures or typed answers.",
            f"The {sets} {'you' if mine else 'they'} assigned {mentee.display_name} leave "
            "their home page and drill queue.",
            f"{mentee.display_name}'s reviews and the comments on their answers are kept; a "
            "new invite starts the mentorship again, with those assignments.",
        )
    return Confirmation(
        title=title,
        consequences=consequences,
        button="End the mentorship",
        cancel=after_end(mentorship, viewer),
        problem=None if mentorship.active else "This mentorship has already ended.",
    )


def after_end(mentorship: Mentorship, viewer: User) -> str:
    """Where the mentor (their mentees) or anyone else (home) goes after ending or cancelling."""
    is_mentor = mentorship.mentor_id == viewer.id
    return url_for("mentoring.index" if is_mentor else "home.index")


def _given(mentorship: Mentorship) -> int:
    """How many sets the mentor assigned this mentee."""
    statement = select(func.count(Assignment.id)).where(
        Assignment.mentee_id == mentorship.mentee_id,
        Assignment.assigned_by_id == mentorship.mentor_id,
    )
    return db.session.scalar(statement) or 0


def remove_assignment_confirmation(assignment: Assignment, viewer: User) -> Confirmation:
    mentee = db.session.get_one(User, assignment.mentee_id)
    title = assignment.question_set.title
    due = due_day(assignment.due_at, viewer.time_zone).isoformat()
    return Confirmation(
        title=f"Remove the assignment {title} from {mentee.display_name}?",
        consequences=(
            f"{mentee.display_name} will no longer see {title} (due {due}) on their home page, "
            "and its items lose their place at the front of their drill queue.",
            f"{mentee.display_name}'s reviews of its items are kept, and the set itself is "
            "not deleted: you can assign it again.",
        ),
        button="Remove the assignment",
        cancel=url_for("mentoring.mentee", mentee_id=mentee.id),
    )
