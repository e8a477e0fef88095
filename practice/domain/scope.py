"""The drill's scope: which items a session draws from, parsed from the query string."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from practice.domain.bank_rules import KINDS, LEVELS

PATH_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class ScopeError(ValueError):
    """A scope that cannot be used, with a message for the user; `field` names the form field
    a person typed it in (only the difficulty range is typed; the rest comes from links)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


DIFFICULTY = "difficulty"
MAX_TEXT = 200  # as the search box (domain.search.MAX_QUERY_CHARS)


@dataclass(frozen=True)
class SetSource:
    """A question set as SQL needs it: its hand-picked items (`saved_filter` None), the scope
    its saved filter describes, or nothing at all (`missing`: no such set, an invalid filter)."""

    set_id: int
    saved_filter: Scope | None = None
    missing: bool = False


@dataclass(frozen=True)
class Scope:
    tracks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    min_difficulty: int | None = None
    max_difficulty: int | None = None
    # a learning path's slug; the service resolves it to its current module's items, in order
    path: str | None = None
    item_ids: tuple[int, ...] | None = None
    set_id: int | None = None  # a question set (access is checked by the view)
    assignment_id: int | None = None  # an assignment's set (access is checked by the view)
    # the set and assignment parts read from the database (scopes.resolve): each must match
    sets: tuple[SetSource, ...] | None = None
    text: str | None = None  # search text: drilling a library search drills its results
    text_ids: tuple[int, ...] | None = None  # the items the text matches (scopes.resolve)

    @property
    def needs_sets(self) -> bool:
        """True while the set or assignment part has not been read from the database."""
        return (self.set_id is not None or self.assignment_id is not None) and self.sets is None

    @property
    def needs_text(self) -> bool:
        """True while the search text's matching items have not been read."""
        return self.text is not None and self.text_ids is None

    def query(self) -> list[tuple[str, str]]:
        """The scope as query-string pairs, for links and hidden fields."""
        pairs = [("track", t) for t in self.tracks] + [("topic", t) for t in self.topics]
        pairs += [("level", v) for v in self.levels] + [("kind", k) for k in self.kinds]
        if self.min_difficulty is not None:
            pairs.append(("min_difficulty", str(self.min_difficulty)))
        if self.max_difficulty is not None:
            pairs.append(("max_difficulty", str(self.max_difficulty)))
        if self.path:
            pairs.append(("path", self.path))
        if self.text:
            pairs.append(("q", self.text))
        return pairs + _group_pairs(self)

    @property
    def is_everything(self) -> bool:
        return not self.query() and self.item_ids is None


def _difficulty(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= 10:
        raise ScopeError(f"The {name} difficulty must be a whole number from 1 to 10.", DIFFICULTY)
    return int(value)


def parse_scope(get_list: Callable[[str], list[str]]) -> Scope:
    """A scope from query arguments (`get_list(name)` returns every value given for name)."""

    def values(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip() for v in get_list(name) if v.strip()))

    levels, kinds = values("level"), values("kind")
    for level in levels:
        if level not in LEVELS:
            raise ScopeError(f"Unknown level '{level}'. Use one of: {', '.join(LEVELS)}.")
    for kind in kinds:
        if kind not in KINDS:
            raise ScopeError(f"Unknown kind '{kind}'. Use one of: {', '.join(KINDS)}.")
    low = _difficulty(_first(get_list("min_difficulty")), "lowest")
    high = _difficulty(_first(get_list("max_difficulty")), "highest")
    if low is not None and high is not None and low > high:
        raise ScopeError(
            f"The lowest difficulty ({low}) is above the highest ({high}): swap them.", DIFFICULTY
        )
    return Scope(
        values("track"),
        values("topic"),
        levels,
        kinds,
        low,
        high,
        path=_path(values("path")),
        set_id=_identifier(get_list, "set"),
        assignment_id=_identifier(get_list, "assignment"),
        text=(_first(get_list("q")) or "").strip()[:MAX_TEXT] or None,
    )


def parse_scope_or_difficulty_error(
    get_list: Callable[[str], list[str]],
) -> tuple[Scope, ScopeError | None]:
    """The scope, or when only its typed difficulty range is wrong, the scope without that
    range and the error to show next to the range (other errors are raised)."""
    try:
        return parse_scope(get_list), None
    except ScopeError as error:
        if error.field != DIFFICULTY:
            raise

        def without_range(name: str) -> list[str]:
            return [] if name in ("min_difficulty", "max_difficulty") else get_list(name)

        return parse_scope(without_range), error


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _path(slugs: tuple[str, ...]) -> str | None:
    """At most one path, named by a slug (letters, digits and dashes)."""
    if len(slugs) > 1:
        raise ScopeError("Choose one learning path at a time.")
    if slugs and not PATH_SLUG.fullmatch(slugs[0]):
        raise ScopeError(f"Unknown learning path '{slugs[0][:64]}'.")
    return slugs[0] if slugs else None


def _group_pairs(scope: Scope) -> list[tuple[str, str]]:
    """The set and assignment parts of a scope's query string."""
    pairs = [("set", str(scope.set_id))] if scope.set_id is not None else []
    if scope.assignment_id is not None:
        pairs.append(("assignment", str(scope.assignment_id)))
    return pairs


def _identifier(get_list: Callable[[str], list[str]], name: str) -> int | None:
    value = ((get_list(name) or [""])[0] or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise ScopeError(f"{name} must be the number of a {name} you can see.")
    return int(value)


FILTER_NAMES = ("track", "topic", "level", "kind", "min_difficulty", "max_difficulty")


def scope_from_filters(filters: dict[str, list[str]]) -> Scope:
    """A saved set filter ({query name: [values]}) as a scope; ScopeError when invalid."""
    return parse_scope(
        lambda name: [str(v) for v in filters.get(name, [])] if name in FILTER_NAMES else []
    )


def filters_from_scope(scope: Scope) -> dict[str, list[str]]:
    """A scope's filter part in the form a set stores it."""
    filters: dict[str, list[str]] = {}
    for name, value in scope.query():
        if name in FILTER_NAMES:
            filters.setdefault(name, []).append(value)
    return filters
