"""What deleting a set does, in the words its confirm page uses."""

from __future__ import annotations

from flask import url_for

from practice.assignments.queries import live_item_count
from practice.confirm import Confirmation, counted
from practice.models import QuestionSet
from practice.sets import queries as sets


def delete_confirmation(question_set: QuestionSet) -> Confirmation:
    items = live_item_count(question_set)
    kept = "the items stay in the bank and everyone's reviews of them are kept"
    consequences = [
        f"Its saved filter is deleted ({counted(items, 'item')} match it now); {kept}."
        if question_set.is_filter
        else f"Its {counted(items, 'item')} {'leaves' if items == 1 else 'leave'} the set; {kept}.",
        losing_sentence(question_set),
    ]
    if question_set.share_code:
        consequences.append("Its share link stops working; copies people made stay theirs.")
    consequences.append("This cannot be undone.")
    return Confirmation(
        title=f"Delete the set {question_set.title}?",
        consequences=tuple(consequences),
        button="Delete the set",
        cancel=url_for("sets.show", set_id=question_set.id),
    )


def losing_sentence(question_set: QuestionSet) -> str:
    assignments = sets.assignment_count(question_set)
    if not assignments:
        return "It is not assigned to anyone."
    learners = sets.learners_losing(question_set)
    return (
        f"Its {counted(assignments, 'assignment')} to mentees and cohorts are removed: "
        f"{counted(learners, 'learner')} {'loses' if learners == 1 else 'lose'} an assignment "
        "(it leaves their home page and drill queue)."
    )


def deleted_message(title: str, learners: int) -> str:
    if not learners:
        return f"Deleted the set {title}."
    return (
        f"Deleted the set {title}: {counted(learners, 'learner')} "
        f"{'has' if learners == 1 else 'have'} lost an assignment of it."
    )
