"""Mentors: invites, mentorships, assignments to mentees, and comments on typed answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from practice.access import can_mentor, is_admin
from practice.assignments.queries import AssignmentError, create_assignment
from practice.extensions import db
from practice.mentoring.events import comment_added
from practice.models import (
    AnswerComment,
    Assignment,
    Item,
    MentorInvite,
    Mentorship,
    QuestionSet,
    ReviewLog,
    User,
)
from practice.sets.queries import new_code


class MentoringError(AssignmentError):
    """A refusal with a message for the user."""


def create_invite(mentor: User, days: int, multi_use: bool, now: datetime) -> MentorInvite:
    invite = MentorInvite(
        mentor_id=mentor.id,
        code=new_code(),
        expires_at=now + timedelta(days=days),
        max_uses=None if multi_use else 1,
    )
    db.session.add(invite)
    db.session.commit()
    return invite


def open_invites(mentor: User, now: datetime) -> list[MentorInvite]:
    invites = db.session.scalars(
        select(MentorInvite)
        .where(MentorInvite.mentor_id == mentor.id, MentorInvite.revoked.is_(False))
        .where(MentorInvite.expires_at > now)
        .order_by(MentorInvite.id.desc())
    )
    return [i for i in invites if i.max_uses is None or i.uses < i.max_uses]


def invite_for(mentor: User, invite_id: int) -> MentorInvite | None:
    invite = db.session.get(MentorInvite, invite_id)
    return invite if invite is not None and invite.mentor_id == mentor.id else None


def revoke_invite(invite: MentorInvite) -> None:
    invite.revoked = True
    db.session.commit()


def invite_by_code(code: str) -> MentorInvite | None:
    return db.session.scalar(select(MentorInvite).where(MentorInvite.code == code))


def invite_mentor(invite: MentorInvite) -> User:
    return db.session.get_one(User, invite.mentor_id)


def invite_problem(invite: MentorInvite, learner: User, now: datetime) -> str | None:
    """Why this learner cannot accept the invite now, or None."""
    if invite.revoked:
        return "This invite was withdrawn by the mentor. Ask them for a new link."
    if invite.expires_at <= now:
        return "This invite has expired. Ask your mentor for a new link."
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return "This invite has already been used. Ask your mentor for a new link."
    if invite.mentor_id == learner.id:
        return "This is your own invite: send the link to the learner you want to mentor."
    return None


def accept_invite(invite: MentorInvite, learner: User, now: datetime) -> Mentorship:
    problem = invite_problem(invite, learner, now)
    if problem:
        raise MentoringError(problem)
    mentorship = db.session.scalar(
        select(Mentorship).where(
            Mentorship.mentor_id == invite.mentor_id, Mentorship.mentee_id == learner.id
        )
    )
    if mentorship is None:
        mentorship = Mentorship(mentor_id=invite.mentor_id, mentee_id=learner.id, started_at=now)
        db.session.add(mentorship)
    elif not mentorship.active:
        mentorship.active, mentorship.started_at, mentorship.ended_at = True, now, None
    invite.uses += 1
    db.session.commit()
    return mentorship


def mentorship_for(user: User, mentorship_id: int) -> Mentorship | None:
    """The mentorship when the user is its mentor or mentee (or an admin)."""
    mentorship = db.session.get(Mentorship, mentorship_id)
    if mentorship is None:
        return None
    if user.id in (mentorship.mentor_id, mentorship.mentee_id) or is_admin(user):
        return mentorship
    return None


def end_mentorship(mentorship: Mentorship, now: datetime) -> None:
    """End it: the mentor no longer sees the mentee's data; their assignments drop away."""
    mentorship.active, mentorship.ended_at = False, now
    db.session.commit()


@dataclass(frozen=True)
class Party:
    mentorship: Mentorship
    user: User


def mentees_of(mentor: User) -> list[Party]:
    """The mentor's active mentees, by name."""
    return _parties(Mentorship.mentor_id == mentor.id, Mentorship.mentee_id)


def mentors_of(learner: User) -> list[Party]:
    """The learner's active mentors, by name."""
    return _parties(Mentorship.mentee_id == learner.id, Mentorship.mentor_id)


def _parties(condition, other_side) -> list[Party]:
    rows = db.session.execute(
        select(Mentorship, User)
        .join(User, User.id == other_side)
        .where(condition, Mentorship.active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    return [Party(m, u) for m, u in rows]


def is_mentor_of(mentor: User, mentee_id: int) -> bool:
    """An active mentorship, held by someone whose role still lets them mentor."""
    return can_mentor(mentor) and (
        db.session.scalar(
            select(Mentorship.id).where(
                Mentorship.mentor_id == mentor.id,
                Mentorship.mentee_id == mentee_id,
                Mentorship.active.is_(True),
            )
        )
        is not None
    )


def mentee_for(viewer: User, mentee_id: int) -> User | None:
    """The mentee when the viewer is their active mentor, or an admin; else None."""
    if not (is_mentor_of(viewer, mentee_id) or is_admin(viewer)):
        return None
    return db.session.get(User, mentee_id)


def assign_set(
    mentor: User, mentee: User, question_set: QuestionSet, due_at: datetime, target: float
) -> Assignment:
    if not is_mentor_of(mentor, mentee.id):
        raise MentoringError("You can assign sets only to your own mentees.")
    return create_assignment(mentor, question_set, due_at, target, mentee_id=mentee.id)


def mentee_assignment_for(mentor: User, assignment_id: int) -> Assignment | None:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.mentee_id is None:
        return None
    return assignment if assignment.assigned_by_id == mentor.id or is_admin(mentor) else None


def delete_assignment(assignment: Assignment) -> None:
    db.session.delete(assignment)
    db.session.commit()


def answer_for(mentor: User, review_id: int) -> ReviewLog | None:
    """A typed answer the mentor may comment on: one of their active mentee's."""
    answer = db.session.get(ReviewLog, review_id)
    if answer is None or not answer.typed_answer:
        return None
    return answer if is_mentor_of(mentor, answer.user_id) or is_admin(mentor) else None


def add_comment(mentor: User, answer: ReviewLog, body: str, now: datetime) -> AnswerComment:
    comment = AnswerComment(
        review_log_id=answer.id, author_id=mentor.id, body=body.strip(), created_at=now
    )
    db.session.add(comment)
    db.session.commit()
    comment_added.send(comment)
    return comment


@dataclass(frozen=True)
class Comment:
    author: str
    body: str
    created_at: datetime
    item: Item
    answer: str | None


def comments_for(learner: User, item_id: int | None = None, limit: int = 20) -> list[Comment]:
    """Comments on the learner's typed answers (on one item, or the newest on any). Without
    table statistics SQLite would walk the learner's whole review log to find the few reviews
    with comments; asked whether each comment's review is the learner's, it starts from the
    comments."""
    theirs = aliased(ReviewLog)
    statement = (
        select(AnswerComment, User.display_name, Item, ReviewLog.typed_answer)
        .join(ReviewLog, ReviewLog.id == AnswerComment.review_log_id)
        .join(User, User.id == AnswerComment.author_id)
        .join(Item, Item.id == ReviewLog.item_id)
        .where(
            exists().where(theirs.id == AnswerComment.review_log_id, theirs.user_id == learner.id)
        )
    )
    if item_id is not None:
        statement = statement.where(ReviewLog.item_id == item_id)
    rows = db.session.execute(statement.order_by(AnswerComment.id.desc()).limit(limit)).all()
    return [Comment(name, c.body, c.created_at, item, answer) for c, name, item, answer in rows]


@dataclass(frozen=True)
class TypedAnswer:
    review: ReviewLog
    item: Item
    comments: list[tuple[str, AnswerComment]]


def typed_answers(mentee: User, limit: int = 50) -> list[TypedAnswer]:
    """The answers the mentee typed before revealing, newest first, with their comments."""
    rows = db.session.execute(
        select(ReviewLog, Item)
        .join(Item, Item.id == ReviewLog.item_id)
        .where(ReviewLog.user_id == mentee.id, ReviewLog.typed_answer.is_not(None))
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(limit)
    ).all()
    ids = [review.id for review, _ in rows]
    comments: dict[int, list] = {}
    for comment, name in db.session.execute(
        select(AnswerComment, User.display_name)
        .join(User, User.id == AnswerComment.author_id)
        .where(AnswerComment.review_log_id.in_(ids))
        .order_by(AnswerComment.id)
    ).all():
        comments.setdefault(comment.review_log_id, []).append((name, comment))
    return [TypedAnswer(review, item, comments.get(review.id, [])) for review, item in rows]


def last_active(user_ids) -> dict[int, datetime]:
    """When each user last rated a card."""
    rows = db.session.execute(
        select(ReviewLog.user_id, func.max(ReviewLog.reviewed_at))
        .where(ReviewLog.user_id.in_(user_ids))
        .group_by(ReviewLog.user_id)
    ).all()
    return dict(rows)


def mentee_assignments(mentee: User, viewer: User) -> list[Assignment]:
    """Assignments given to the mentee: the viewer's own, or all of them for an admin."""
    condition = Assignment.mentee_id == mentee.id
    if not is_admin(viewer):
        condition = and_(condition, Assignment.assigned_by_id == viewer.id)
    statement = select(Assignment).where(condition).order_by(Assignment.due_at, Assignment.id)
    return list(db.session.scalars(statement))
