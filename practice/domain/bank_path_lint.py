"""Checks of the learning paths against the items: modules a learner can finish, paths that
stay inside their tracks, and no item left out of every path.

Pure: takes the paths and items read from a bank, returns warnings.
"""

from __future__ import annotations

from collections.abc import Sequence

from practice.domain.bank_types import WARNING, BankItem, LearningPath, PathModule, Problem

MODULE_MAX_ITEMS = 40  # past this a module is a library shelf, not a step of a path


def module_members(path: LearningPath, items: Sequence[BankItem]) -> list[list[str]]:
    """Each module's item ids as the app serves them: its explicit items, then the items of
    its topics inside the path's tracks, none repeated from an earlier module."""
    inside = [item for item in items if item.track in path.tracks]
    taken: set[str] = set()
    members = []
    for module in path.modules:
        wanted = set(module.topics)
        ids = list(dict.fromkeys(module.items))
        ids += [i.external_id for i in inside if wanted.intersection(i.topics)]
        ids = [item_id for item_id in dict.fromkeys(ids) if item_id not in taken]
        taken.update(ids)
        members.append(ids)
    return members


def path_problems(paths: Sequence[LearningPath], items: Sequence[BankItem]) -> list[Problem]:
    """Oversized modules, explicit items from tracks the path does not name, and (when the
    bank has paths at all) items that belong to no path: warnings, all of them."""
    track_of = {item.external_id: item.track for item in items}
    problems: list[Problem] = []
    covered: set[str] = set()
    for path in paths:
        for module, ids in zip(path.modules, module_members(path, items), strict=True):
            covered.update(ids)
            if len(ids) > MODULE_MAX_ITEMS:
                problems.append(_module_too_big(path, module, len(ids)))
            outside = [x for x in module.items if track_of.get(x) not in path.tracks]
            if outside:
                problems.append(_outside_tracks(path, module, outside))
    if paths:
        left_out = "belongs to no learning path (name it in a module)"
        problems += [
            Problem(item.source_path, 1, left_out, WARNING)
            for item in items
            if item.external_id not in covered
        ]
    return problems


def _module_too_big(path: LearningPath, module: PathModule, count: int) -> Problem:
    message = (
        f"module '{module.title}' holds {count} items; at most {MODULE_MAX_ITEMS} expected "
        "(split it, or name fewer topics)"
    )
    return Problem(path.source_path, module.line, message, WARNING)


def _outside_tracks(path: LearningPath, module: PathModule, outside: list[str]) -> Problem:
    message = (
        f"module '{module.title}' names items from tracks the path does not list: "
        f"{', '.join(outside)} (add the track to 'tracks' or drop the item)"
    )
    return Problem(path.source_path, module.line, message, WARNING)
