"""What a signed-in learner's home page shows besides the bank: assignments with progress,
mentors, cohorts and the latest comments on their typed answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from practice.assignments.queries import AssignmentStatus, assignments_of
from practice.mentoring.queries import Comment, Party, comments_for, mentors_of
from practice.models import User


@dataclass(frozen=True)
class LearnerHome:
    assignments: list[AssignmentStatus]
    mentors: list[Party]
    comments: list[Comment]
    now: datetime


def learner_home(user: User, now: datetime) -> LearnerHome:
    return LearnerHome(
        assignments=assignments_of(user, now),
        mentors=mentors_of(user),
        comments=comments_for(user, limit=5),
        now=now,
    )
