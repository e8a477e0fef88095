"""Question sets: create, edit, order, share by link, copy, delete, and who may see them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from practice.access import UserError
from practice.domain.scope import ScopeError, scope_from_filters
from practice.extensions import db, rows_changed
from practice.models import (
    Assignment,
    CohortMember,
    Item,
    QuestionSet,
    QuestionSetItem,
    Topic,
    Track,
    User,
)
from practice.scopes import set_items, set_source
from practice.types import utcnow

SHOWN_ITEMS = 200
SEARCH_RESULTS = 20


class SetError(UserError):
    """A refusal with a message for the user."""


def new_code() -> str:
    """An unguessable code for links (192 random bits)."""
    return secrets.token_urlsafe(24)


def shared_set(code: str) -> QuestionSet | None:
    if not code:
        return None
    return db.session.scalar(select(QuestionSet).where(QuestionSet.share_code == code))


def own_sets(user: User) -> list[QuestionSet]:
    return list(
        db.session.scalars(
            select(QuestionSet)
            .where(QuestionSet.owner_id == user.id)
            .order_by(QuestionSet.updated_at.desc(), QuestionSet.id.desc())
        )
    )


def own_list_sets(user: User) -> list[QuestionSet]:
    """The user's hand-picked sets: the ones an item can be added to."""
    return [s for s in own_sets(user) if not s.is_filter]


def check_filters(filters: dict[str, list[str]]) -> None:
    """Refuse a saved filter that is empty, names unknown tracks or topics, or is invalid."""
    if not any(filters.values()):
        raise SetError(
            "A saved filter needs at least one condition: a track, topic, level, "
            "kind or difficulty."
        )
    try:
        scope = scope_from_filters(filters)
    except ScopeError as error:
        raise SetError(str(error)) from error
    for model, names, label in ((Track, scope.tracks, "track"), (Topic, scope.topics, "topic")):
        known = set(db.session.scalars(select(model.slug).where(model.slug.in_(names))))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise SetError(f"Unknown {label}: {', '.join(unknown)}.")


def create_set(
    owner: User, title: str, description: str, filters: dict[str, list[str]] | None
) -> QuestionSet:
    if filters is not None:
        check_filters(filters)
    question_set = QuestionSet(
        owner_id=owner.id, title=title.strip(), description=description.strip(), filters=filters
    )
    db.session.add(question_set)
    db.session.commit()
    return question_set


def update_set(
    question_set: QuestionSet, title: str, description: str, filters: dict | None
) -> None:
    """Change title and description, and the saved filter of a filter set."""
    if question_set.is_filter:
        check_filters(filters or {})
        question_set.filters = filters
    question_set.title = title.strip()
    question_set.description = description.strip()
    question_set.updated_at = utcnow()
    db.session.commit()


def set_sharing(question_set: QuestionSet, shared: bool) -> None:
    """Share by an unguessable link (a new one each time), or make the set private again."""
    question_set.share_code = new_code() if shared else None
    db.session.commit()


def delete_set(question_set: QuestionSet) -> int:
    """Delete the set with its assignments; how many learners lost an assignment of it."""
    losing = learners_losing(question_set)
    db.session.delete(question_set)
    db.session.commit()
    return losing


def learners_losing(question_set: QuestionSet) -> int:
    """Distinct learners the set is assigned to: mentees directly plus the current members of
    every cohort it is assigned to (a learner with it both ways counts once)."""
    direct = select(Assignment.mentee_id.label("user_id")).where(
        Assignment.set_id == question_set.id, Assignment.mentee_id.is_not(None)
    )
    through_cohorts = (
        select(CohortMember.user_id)
        .join(Assignment, Assignment.cohort_id == CohortMember.cohort_id)
        .where(Assignment.set_id == question_set.id)
    )
    learners = direct.union(through_cohorts).subquery()
    return db.session.scalar(select(func.count()).select_from(learners)) or 0


def assignment_count(question_set: QuestionSet) -> int:
    return (
        db.session.scalar(
            select(func.count(Assignment.id)).where(Assignment.set_id == question_set.id)
        )
        or 0
    )


def copy_set(question_set: QuestionSet, owner: User) -> QuestionSet:
    """A private copy owned by `owner`, items in the same order."""
    copy = QuestionSet(
        owner_id=owner.id,
        title=f"Copy of {question_set.title}"[:200],
        description=question_set.description,
        filters=question_set.filters,
    )
    db.session.add(copy)
    db.session.flush()
    rows = db.session.execute(
        select(QuestionSetItem.item_id, QuestionSetItem.position).where(
            QuestionSetItem.set_id == question_set.id
        )
    ).all()
    db.session.add_all(
        QuestionSetItem(set_id=copy.id, item_id=r.item_id, position=r.position) for r in rows
    )
    db.session.commit()
    return copy


def item_by_id(item_id: int) -> Item | None:
    item = db.session.get(Item, item_id)
    return item if item is not None and not item.retired else None


def add_item(question_set: QuestionSet, item: Item) -> bool:
    """Append the item; False when it is already in the set."""
    if question_set.is_filter:
        raise SetError("Items come from this set's saved filter; they cannot be added by hand.")
    present = db.session.get(QuestionSetItem, (question_set.id, item.id))
    if present is not None:
        return False
    last = db.session.scalar(
        select(func.max(QuestionSetItem.position)).where(QuestionSetItem.set_id == question_set.id)
    )
    db.session.add(
        QuestionSetItem(set_id=question_set.id, item_id=item.id, position=(last or 0) + 1)
    )
    question_set.updated_at = utcnow()
    db.session.commit()
    return True


def remove_item(question_set: QuestionSet, item_id: int) -> bool:
    removed = rows_changed(
        delete(QuestionSetItem).where(
            QuestionSetItem.set_id == question_set.id, QuestionSetItem.item_id == item_id
        )
    )
    db.session.commit()
    return bool(removed)


def move_item(question_set: QuestionSet, item_id: int, step: int) -> bool:
    """Swap the item with its neighbour above (step -1) or below (step 1)."""
    entries = list(
        db.session.scalars(
            select(QuestionSetItem)
            .where(QuestionSetItem.set_id == question_set.id)
            .order_by(QuestionSetItem.position)
        )
    )
    index = next((n for n, e in enumerate(entries) if e.item_id == item_id), None)
    if index is None or not 0 <= index + step < len(entries):
        return False
    entries[index], entries[index + step] = entries[index + step], entries[index]
    for position, entry in enumerate(entries, start=1):
        db.session.execute(
            update(QuestionSetItem)
            .where(QuestionSetItem.set_id == question_set.id)
            .where(QuestionSetItem.item_id == entry.item_id)
            .values(position=position)
        )
    db.session.commit()
    return True


@dataclass(frozen=True)
class SetContents:
    items: list[Item]
    total: int


def set_contents(question_set: QuestionSet, limit: int = SHOWN_ITEMS) -> SetContents:
    """The set's live items in order (hand-picked order, or study order for a filter)."""
    condition = set_items(set_source(question_set.id)) & Item.retired.is_(False)
    total = db.session.scalar(select(func.count(Item.id)).where(condition)) or 0
    if question_set.is_filter:
        ordered = select(Item).where(condition).order_by(Item.study_rank, Item.id)
    else:
        ordered = (
            select(Item)
            .join(QuestionSetItem, QuestionSetItem.item_id == Item.id)
            .where(QuestionSetItem.set_id == question_set.id, Item.retired.is_(False))
            .order_by(QuestionSetItem.position)
        )
    return SetContents(list(db.session.scalars(ordered.limit(limit))), total)


def search_items(query: str, limit: int = SEARCH_RESULTS) -> list[Item]:
    """Live items whose title or external id contains the words of the query."""
    words = query.split()[:6]
    if not words:
        return []
    statement = select(Item).where(Item.retired.is_(False))
    for word in words:
        pattern = f"%{word.lower()}%"
        statement = statement.where(
            func.lower(Item.title).like(pattern) | func.lower(Item.external_id).like(pattern)
        )
    return list(db.session.scalars(statement.order_by(Item.study_rank, Item.id).limit(limit)))


def member_ids(question_set: QuestionSet) -> set[int]:
    """Ids of the items hand-picked into the set (to mark search results already added)."""
    return set(
        db.session.scalars(
            select(QuestionSetItem.item_id).where(QuestionSetItem.set_id == question_set.id)
        )
    )


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(track slugs and names, topic slugs and names) for the saved-filter form."""
    tracks = db.session.execute(select(Track.slug, Track.name).order_by(Track.name)).all()
    topics = db.session.execute(select(Topic.slug, Topic.name).order_by(Topic.name)).all()
    return [(r.slug, r.name) for r in tracks], [(r.slug, r.name) for r in topics]
