"""Learning-path files (content/paths/<slug>.yaml): ordered modules of topics and items."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from practice.domain import bank_rules as rules
from practice.domain.bank_files import load_yaml_file, relative
from practice.domain.bank_types import LearningPath, PathModule, Problem
from practice.domain.safe_yaml import LinedDict, LinedList


@dataclass(frozen=True)
class PathCatalog:
    """What a path file may name: the bank's track slugs, topic slugs and item ids."""

    tracks: set[str]
    topics: set[str]
    item_ids: set[str]


def read_path(
    folder: Path, path: Path, catalog: PathCatalog, problems: list[Problem]
) -> LearningPath | None:
    """One paths/<slug>.yaml file, checked against the bank's tracks, topics and item ids."""
    rel = relative(folder, path)
    data, digest = load_yaml_file(folder, path, problems)
    if data is None:
        return None
    if not isinstance(data, LinedDict):
        problems.append(Problem(rel, 1, "a path file must be a mapping"))
        return None
    before = len(problems)
    expected = {"slug", "title", "level", "tracks", "hours", "summary", "modules"}
    for key in sorted(set(data) - expected):
        problems.append(Problem(rel, data.lines[key], f"unknown key '{key}'"))
    for key in sorted(expected - set(data)):
        problems.append(Problem(rel, 1, f"missing key '{key}'"))
    if len(problems) > before:
        return None
    if data["slug"] != path.stem:
        problems.append(Problem(rel, data.lines["slug"], "slug must equal the file name"))
    if data["level"] not in rules.LEVELS:
        problems.append(Problem(rel, data.lines["level"], f"unknown level '{data['level']}'"))
    tracks = _read_tracks(rel, data, catalog.tracks, problems)
    hours = _read_hours(rel, data, problems)
    modules = _read_modules(rel, data, catalog.topics, catalog.item_ids, problems)
    if len(problems) > before:
        return None
    return LearningPath(
        str(data["slug"]),
        str(data["title"]),
        str(data["level"]),
        str(data["summary"]).strip(),
        modules,
        rel,
        digest or "",
        tracks,
        hours,
    )


def _read_tracks(
    rel: str, data: LinedDict, known: set[str], problems: list[Problem]
) -> tuple[str, ...]:
    """The path's tracks: topic matches of its modules stay inside them."""
    tracks = _string_list(data["tracks"])
    if not tracks:
        problems.append(
            Problem(rel, data.lines["tracks"], "tracks must be a non-empty list of track slugs")
        )
        return ()
    for slug in tracks:
        if slug not in known:
            problems.append(Problem(rel, data.lines["tracks"], f"unknown track '{slug}'"))
    return tracks


def _read_hours(rel: str, data: LinedDict, problems: list[Problem]) -> float:
    """The estimated study time in hours: a number above 0 and at most 500."""
    hours = data["hours"]
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 500:
        message = "hours must be a number of hours above 0, at most 500"
        problems.append(Problem(rel, data.lines["hours"], message))
        return 0.0
    return float(hours)


def _read_modules(
    rel: str, data: LinedDict, topics: set[str], known_ids: set[str], problems: list[Problem]
) -> tuple[PathModule, ...]:
    raw = data["modules"]
    if not isinstance(raw, LinedList) or not raw:
        problems.append(Problem(rel, data.lines["modules"], "modules must be a non-empty list"))
        return ()
    modules: list[PathModule] = []
    for line, module in zip(raw.lines, raw, strict=True):
        if not isinstance(module, dict) or not module.get("title"):
            problems.append(Problem(rel, line, "each module needs a title"))
            continue
        extra = set(module) - {"title", "topics", "items"}
        if extra:
            problems.append(Problem(rel, line, f"unknown module key(s): {', '.join(extra)}"))
        module_topics = _string_list(module.get("topics", []))
        module_items = _string_list(module.get("items", []))
        if module_topics is None or module_items is None:
            problems.append(Problem(rel, line, "module topics and items must be lists of names"))
            continue
        if not module_topics and not module_items:
            problems.append(Problem(rel, line, "a module needs topics, items or both"))
        for slug in module_topics:
            if slug not in topics:
                problems.append(Problem(rel, line, f"unknown topic '{slug}'"))
        for item_id in module_items:
            if item_id not in known_ids:
                problems.append(Problem(rel, line, f"unknown item '{item_id}'"))
        modules.append(PathModule(str(module["title"]), module_topics, module_items, line))
    return tuple(modules)


def _string_list(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(value)
