"""Library arithmetic, pure: facet lists, pages of results and what to drop when none match."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from practice.domain.scope import Scope

FACETS = ("kinds", "tracks", "topics", "levels")
FACET_NAMES = {"kinds": "kind", "tracks": "track", "topics": "topic", "levels": "level"}
KIND_LABELS = {
    "question": "Questions",
    "error": "Errors",
    "snippet": "Snippets",
    "design": "Case studies",
    "security": "Security topics",
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def facet_values(
    options: list[tuple[str, str]], counts: dict[str, int], selected: tuple[str, ...]
) -> list[FacetValue]:
    """Options that match something (or are selected), in the options' order, with counts."""
    return [
        FacetValue(value, label, counts.get(value, 0), value in selected)
        for value, label in options
        if counts.get(value, 0) or value in selected
    ]


def without_facet(scope: Scope, facet: str) -> Scope:
    """The scope with one facet's filter cleared: its counts show the alternatives."""
    cleared: dict[str, Any] = {facet: ()}
    return replace(scope, **cleared)


def without_difficulty(scope: Scope) -> Scope:
    return replace(scope, min_difficulty=None, max_difficulty=None)


def parse_page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


@dataclass(frozen=True)
class Relaxation:
    """A filter the user could drop, and how many results they would then get."""

    label: str
    scope: Scope
    count: int


def relaxations(scope: Scope) -> list[tuple[str, Scope]]:
    """Every single filter that could be dropped, labelled for the user."""
    options = [
        (f"{FACET_NAMES[facet]} {', '.join(getattr(scope, facet))}", without_facet(scope, facet))
        for facet in FACETS
        if getattr(scope, facet)
    ]
    if scope.min_difficulty is not None or scope.max_difficulty is not None:
        low, high = scope.min_difficulty or 1, scope.max_difficulty or 10
        options.append((f"difficulty {low}–{high}", without_difficulty(scope)))
    return options


def best_relaxations(found: list[Relaxation]) -> list[Relaxation]:
    """Those that would find something, most results first."""
    return sorted((r for r in found if r.count), key=lambda r: -r.count)


def query_args(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Query-string pairs as url_for keyword arguments (repeated names become lists)."""
    args: dict[str, list[str]] = {}
    for key, value in pairs:
        args.setdefault(key, []).append(value)
    return args
