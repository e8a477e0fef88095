"""Links the library's templates build (a template global, registered by create_app)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from practice.domain.library import query_args
from practice.domain.scope import Scope
from practice.library.search import SearchResults


def search_url(results: SearchResults, page: int, scope: Scope | None = None) -> str:
    """The search page for these results' text with a scope (theirs by default) and page."""
    args: dict[str, Any] = query_args((scope or results.scope).query())
    if not results.query.is_empty:
        args["q"] = [results.query.text()]
    return url_for("library.search_page", page=page if page > 1 else None, **args)
