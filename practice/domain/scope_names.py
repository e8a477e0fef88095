"""A scope in people's words: track and topic names accepted as typed, and the scope line.

Pure: the bank's names come in as mappings, the scope goes out as a sentence fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from practice.domain.scope import Scope, ScopeError

_NOT_KEY = re.compile(r"[^a-z0-9+#]+")


def name_key(text: str) -> str:
    """What a slug and a name have in common: 'Python · Flask', 'python-flask' and
    'PYTHON FLASK' all give 'pythonflask'."""
    return _NOT_KEY.sub("", text.lower())


def name_index(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """slug by the key of its slug and of its name, from (slug, name) pairs."""
    index: dict[str, str] = {}
    for slug, name in pairs:
        index.setdefault(name_key(name), slug)
        index[name_key(slug)] = slug
    return index


def with_slugs(scope: Scope, tracks: Mapping[str, str], topics: Mapping[str, str]) -> Scope:
    """The scope with each track and topic given by slug or name (any case) as its slug.

    Raises:
        ScopeError: a track or topic the bank does not have, naming it (field track/topic).
    """
    return replace(
        scope,
        tracks=_slugs(scope.tracks, tracks, "track"),
        topics=_slugs(scope.topics, topics, "topic"),
    )


def _slugs(values: tuple[str, ...], index: Mapping[str, str], what: str) -> tuple[str, ...]:
    found = []
    for value in values:
        slug = index.get(name_key(value))
        if slug is None:
            raise ScopeError(f"There is no {what} called '{value}': pick one from the list.", what)
        found.append(slug)
    return tuple(dict.fromkeys(found))


def scope_line(scope: Scope, names: Mapping[tuple[str, str], str]) -> str:
    """The scope as people say it: 'Python · senior · difficulty 5–8', a path's or a set's
    title; `names` maps (what, value) to a display name, e.g. ('track', 'python')."""
    parts = [names.get(("track", slug), slug) for slug in scope.tracks]
    parts += [names.get(("topic", slug), slug) for slug in scope.topics]
    parts += list(scope.levels) + [_plural(kind) for kind in scope.kinds]
    low, high = scope.min_difficulty, scope.max_difficulty
    if low is not None and high is not None:
        parts.append(f"difficulty {low}" if low == high else f"difficulty {low}–{high}")
    elif low is not None:
        parts.append(f"difficulty {low} and up")
    elif high is not None:
        parts.append(f"difficulty up to {high}")
    if scope.text:
        parts.append(f"search “{scope.text}”")
    if scope.path:
        parts.append(names.get(("path", scope.path), scope.path))
    if scope.set_id is not None:
        parts.append(names.get(("set", str(scope.set_id)), "a question set"))
    if scope.assignment_id is not None:
        parts.append(names.get(("assignment", str(scope.assignment_id)), "an assignment"))
    return " · ".join(parts) or "everything"


def _plural(kind: str) -> str:
    return {"design": "case studies", "security": "security topics"}.get(kind, kind + "s")
