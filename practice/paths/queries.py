"""Learning paths: their modules' items in order, a user's progress, starting a path, and
the drill scope of a path's current module."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import load_only

from practice.domain.path_progress import (
    CardFacts,
    ModuleProgress,
    current_module,
    module_item_ids,
    module_minutes,
    module_progress,
)
from practice.domain.scope import Scope, ScopeError
from practice.extensions import db
from practice.models import (
    CardState,
    InterviewDate,
    Item,
    LearningPath,
    PathEnrolment,
    Topic,
    Track,
    User,
    item_topics,
)


@dataclass(frozen=True)
class PathModuleView:
    progress: ModuleProgress
    items: list[Item]
    minutes: int = 0  # the module's share of the path's estimated study time


@dataclass(frozen=True)
class PathView:
    path: LearningPath
    modules: list[PathModuleView]
    current: int
    started: datetime | None
    track_names: list[str] = field(default_factory=list)

    @property
    def learned(self) -> int:
        return sum(m.progress.learned for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.progress.total for m in self.modules)


def live_paths() -> list[LearningPath]:
    return list(
        db.session.scalars(
            select(LearningPath).where(LearningPath.retired.is_(False)).order_by(LearningPath.title)
        )
    )


def path_by_slug(slug: str) -> LearningPath | None:
    return db.session.scalar(
        select(LearningPath).where(LearningPath.slug == slug, LearningPath.retired.is_(False))
    )


def module_ids(path: LearningPath) -> list[tuple[int, ...]]:
    """Each module's live item ids in path order: explicit items, then its topics' items
    inside the path's tracks (easier first); an item already in an earlier module is not
    repeated."""
    explicit_ids = dict(
        db.session.execute(
            select(Item.external_id, Item.id).where(
                Item.external_id.in_([x for m in path.modules for x in m.get("items", [])]),
                Item.retired.is_(False),
            )
        ).all()
    )
    by_topic = _items_by_topic(
        [slug for m in path.modules for slug in m.get("topics", [])], path.tracks
    )
    taken: set[int] = set()
    modules = []
    for module in path.modules:
        explicit = [explicit_ids[x] for x in module.get("items", []) if x in explicit_ids]
        topic_items = sorted(
            {item for slug in module.get("topics", []) for item in by_topic.get(slug, [])},
            key=lambda pair: pair[::-1],
        )
        ids = module_item_ids(explicit, [item_id for item_id, _ in topic_items], taken)
        taken.update(ids)
        modules.append(ids)
    return modules


def _items_by_topic(slugs: list[str], tracks: list[str]) -> dict[str, list[tuple[int, int]]]:
    """(item id, study rank) of the live items of each topic inside the given tracks (all
    tracks when none are given), in one query."""
    found: dict[str, list[tuple[int, int]]] = {}
    if not slugs:
        return found
    query = (
        select(Topic.slug, Item.id, Item.study_rank)
        .join(item_topics, item_topics.c.topic_id == Topic.id)
        .join(Item, Item.id == item_topics.c.item_id)
        .where(Topic.slug.in_(set(slugs)), Item.retired.is_(False))
    )
    if tracks:
        query = query.join(Track, Track.id == Item.track_id).where(Track.slug.in_(tracks))
    rows = db.session.execute(query)
    for slug, item_id, rank in rows:
        found.setdefault(slug, []).append((item_id, rank))
    return found


def _card_facts(user: User | None, ids: list[int]) -> dict[int, CardFacts]:
    if user is None or not ids:
        return {}
    rows = db.session.execute(
        select(CardState.item_id, CardState.reps, CardState.stability, CardState.suspended).where(
            CardState.user_id == user.id, CardState.item_id.in_(ids)
        )
    )
    return {row.item_id: CardFacts(row.reps > 0, row.stability, row.suspended) for row in rows}


def _progress(path: LearningPath, user: User | None, ids: list[tuple[int, ...]]):
    cards = _card_facts(user, [i for module in ids for i in module])
    return [
        module_progress(module.get("title", ""), module_ids_, cards)
        for module, module_ids_ in zip(path.modules, ids, strict=True)
    ]


def enrolment(user: User | None, path: LearningPath) -> PathEnrolment | None:
    if user is None:
        return None
    return db.session.get(PathEnrolment, (user.id, path.id))


def path_view(path: LearningPath, user: User | None, with_items: bool = True) -> PathView:
    """A path with progress per module (and each module's items unless `with_items` is off)."""
    ids = module_ids(path)
    progress = _progress(path, user, ids)
    items = _listed_items([i for m in ids for i in m]) if with_items else {}
    total = sum(p.total for p in progress)
    modules = [
        PathModuleView(
            p,
            [items[i] for i in p.item_ids if i in items],
            module_minutes(path.hours, p.total, total),
        )
        for p in progress
    ]
    started = enrolment(user, path)
    started_at = started.started_at if started else None
    return PathView(path, modules, current_module(progress), started_at, _track_names(path))


def _track_names(path: LearningPath) -> list[str]:
    """The names of the path's tracks, in the path's order."""
    names = dict(
        db.session.execute(select(Track.slug, Track.name).where(Track.slug.in_(path.tracks))).all()
    )
    return [names[slug] for slug in path.tracks if slug in names]


def _listed_items(ids: list[int]) -> dict[int, Item]:
    """Items with only what a list shows (their sections stay unread)."""
    columns = (Item.external_id, Item.title, Item.level, Item.kind)
    statement = select(Item).where(Item.id.in_(ids)).options(load_only(*columns))
    return {item.id: item for item in db.session.scalars(statement)}


def start_path(user: User, path: LearningPath, now: datetime) -> None:
    if enrolment(user, path) is None:
        db.session.add(PathEnrolment(user_id=user.id, path_id=path.id, started_at=now))
        db.session.commit()


def path_target(user: User | None, path: LearningPath) -> InterviewDate | None:
    """The user's target date for the path (an interview date scoped to its items)."""
    if user is None:
        return None
    return db.session.scalar(
        select(InterviewDate).where(
            InterviewDate.user_id == user.id, InterviewDate.path_slug == path.slug
        )
    )


def set_path_target(user: User, path: LearningPath, day: date, now: datetime) -> InterviewDate:
    """Set (or move) the user's target date for the path: one interview date per user and
    path, titled after the path, recall target 0.90 unless the learner changed it."""
    target = path_target(user, path)
    if target is None:
        target = InterviewDate(
            user_id=user.id,
            title=path.title[:200],
            scope_kind="path",
            path_slug=path.slug,
            target_recall=0.9,
            created_at=now,
        )
        db.session.add(target)
    target.day, target.updated_at = day, now
    db.session.commit()
    return target


def resolve_path_scope(user: User, scope: Scope) -> Scope:
    """A scope naming a path, narrowed to the user's current module's items in path order."""
    if not scope.path:
        return scope
    path = path_by_slug(scope.path)
    if path is None:
        raise ScopeError(f"Unknown learning path '{scope.path}'.")
    ids = module_ids(path)
    progress = _progress(path, user, ids)
    return replace(scope, item_ids=ids[current_module(progress)] if ids else ())
