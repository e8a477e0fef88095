"""A user's sets, mentorships, cohorts and mentor comments, for their data export."""

from __future__ import annotations

from sqlalchemy import select

from practice.cohorts.queries import member_of
from practice.extensions import db
from practice.mentoring.queries import comments_for, mentees_of, mentors_of
from practice.models import Item, QuestionSet, QuestionSetItem, User


def group_data(user: User) -> dict:
    return {
        "question_sets": [
            _set_json(s)
            for s in db.session.scalars(
                select(QuestionSet).where(QuestionSet.owner_id == user.id).order_by(QuestionSet.id)
            )
        ],
        "mentors": [p.user.display_name for p in mentors_of(user)],
        "mentees": [p.user.display_name for p in mentees_of(user)],
        "cohorts": [c.name for c in member_of(user)],
        "mentor_comments": [
            {
                "item": c.item.external_id,
                "author": c.author,
                "comment": c.body,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments_for(user, limit=10_000)
        ],
    }


def _set_json(question_set: QuestionSet) -> dict:
    items = db.session.scalars(
        select(Item.external_id)
        .join(QuestionSetItem, QuestionSetItem.item_id == Item.id)
        .where(QuestionSetItem.set_id == question_set.id)
        .order_by(QuestionSetItem.position)
    )
    return {
        "title": question_set.title,
        "description": question_set.description,
        "filter": question_set.filters,
        "items": list(items),
        "shared": question_set.share_code is not None,
    }
