"""Emails to a mentee when their mentor assigns them a set or comments on an answer they
typed, unless they opted out. The signals come from assignments and mentoring once the change
is committed; in a request the email goes out after the response (practice.mailer)."""

from __future__ import annotations

from collections.abc import Callable

from flask import has_request_context

from practice.accounts.password_reset import base_url
from practice.assignments.events import assignment_made
from practice.domain.recall import due_day
from practice.extensions import db
from practice.mailer import after_response, mail_configured
from practice.mentoring.events import comment_added
from practice.models import AnswerComment, Assignment, Item, ReviewLog, User
from practice.reminders.emails import one_line, send_reminder
from practice.reminders.preferences import receives
from practice.security import audit
from practice.web import external_url


def _later(work: Callable[[str], None]) -> None:
    """Run `work(base URL)` after the response (or now, outside a request), if mail is set up."""
    if not mail_configured():
        return
    base = base_url()
    if base is None:
        return
    if has_request_context():
        after_response(lambda: work(base))
    else:
        work(base)


@assignment_made.connect
def _on_assignment(assignment: Assignment, **_: object) -> None:
    if assignment.mentee_id is not None:  # a cohort's assignment reaches its members at home
        assignment_id = assignment.id
        _later(lambda base: email_assignment(assignment_id, base))


@comment_added.connect
def _on_comment(comment: AnswerComment, **_: object) -> None:
    comment_id = comment.id
    _later(lambda base: email_comment(comment_id, base))


def _recipient(user_id: int | None) -> User | None:
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or not receives(user.id, "mentoring"):
        return None
    return user


def email_assignment(assignment_id: int, base: str) -> None:
    assignment = db.session.get(Assignment, assignment_id)
    mentee = _recipient(assignment.mentee_id if assignment else None)
    if assignment is None or mentee is None:
        return
    mentor = db.session.get_one(User, assignment.assigned_by_id)
    send_reminder(
        mentee,
        "mentoring",
        f"{one_line(mentor.display_name)} assigned you a set on Practice",
        "assigned.txt",
        base,
        mentor=mentor,
        assignment=assignment,
        due=due_day(assignment.due_at, mentee.time_zone),
        drill_url=external_url(base, "drill.page", assignment=assignment.id),
    )
    audit("assignment_emailed", user=mentee.id, assignment=assignment.id)


def email_comment(comment_id: int, base: str) -> None:
    found = db.session.execute(
        db.select(AnswerComment, ReviewLog, Item)
        .join(ReviewLog, ReviewLog.id == AnswerComment.review_log_id)
        .join(Item, Item.id == ReviewLog.item_id)
        .where(AnswerComment.id == comment_id)
    ).one_or_none()
    if found is None:
        return
    comment, answer, item = found
    mentee = _recipient(answer.user_id)
    if mentee is None or comment.author_id == mentee.id:
        return
    mentor = db.session.get_one(User, comment.author_id)
    send_reminder(
        mentee,
        "mentoring",
        f"{one_line(mentor.display_name)} commented on your answer on Practice",
        "commented.txt",
        base,
        mentor=mentor,
        comment=comment,
        answer=answer,
        item=item,
        item_url=external_url(base, "library.entry", name=item.external_id),
        home_url=external_url(base, "home.index"),
    )
    audit("comment_emailed", user=mentee.id, comment=comment.id)
