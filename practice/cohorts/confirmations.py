"""What archiving a cohort, removing a member or removing a cohort assignment does, in the
words of their confirm pages."""

from __future__ import annotations

from flask import url_for

from practice.cohorts import queries as cohorts
from practice.confirm import Confirmation, counted
from practice.domain.recall import due_day
from practice.models import Assignment, Cohort, User

ARCHIVED = "This cohort is archived: nothing in it can change. Unarchive it first."


def archive_confirmation(cohort: Cohort) -> Confirmation:
    members = cohorts.member_count(cohort)
    assignments = counted(len(cohorts.cohort_assignments(cohort.id)), "assignment")
    return Confirmation(
        title=f"Archive {cohort.name}?",
        consequences=(
            f"Its {counted(members, 'member')} will no longer see its {assignments} on "
            "their home pages or in their drill queues; their reviews are kept.",
            "Joining closes: the join code and link stop working.",
            "While it is archived nothing in it can change (no members removed, no sets "
            "assigned); the dashboard and CSV exports stay readable.",
            "You can unarchive it from its dashboard: the assignments come back, and joining "
            "stays closed until you open it with a new code.",
        ),
        button="Archive the cohort",
        cancel=url_for("cohorts.show", cohort_id=cohort.id),
        problem="This cohort is already archived." if cohort.archived else None,
    )


def remove_member_confirmation(cohort: Cohort, member: User) -> Confirmation:
    name = member.display_name
    assignments = counted(len(cohorts.cohort_assignments(cohort.id)), "assignment")
    return Confirmation(
        title=f"Remove {name} from {cohort.name}?",
        consequences=(
            f"{name} will no longer see the {assignments} of this cohort; their reviews are kept.",
            f"{name} leaves the dashboard and its CSV exports.",
            f"{name} can join again with the cohort's join code while joining is open.",
        ),
        button=f"Remove {name}",
        cancel=url_for("cohorts.show", cohort_id=cohort.id),
        problem=ARCHIVED if cohort.archived else None,
    )


def remove_assignment_confirmation(
    cohort: Cohort, assignment: Assignment, viewer: User
) -> Confirmation:
    title = assignment.question_set.title
    due = due_day(assignment.due_at, viewer.time_zone).isoformat()
    members = counted(cohorts.member_count(cohort), "member")
    return Confirmation(
        title=f"Remove the assignment {title} from {cohort.name}?",
        consequences=(
            f"The cohort's {members} will no longer see {title} (due {due}) on their home "
            "pages or at the front of their drill queues; their reviews are kept.",
            "Its completion and recall leave the dashboard and assignments.csv.",
            "The set itself is not deleted: you can assign it again.",
        ),
        button="Remove the assignment",
        cancel=url_for("cohorts.show", cohort_id=cohort.id),
        problem=ARCHIVED if cohort.archived else None,
    )
