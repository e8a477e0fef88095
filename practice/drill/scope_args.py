"""The drill's scope from a request's arguments, and the learner's default scope: the one the
drill uses when a link gives none (chosen while onboarding or in study settings)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from practice.access import may_drill
from practice.domain.scope import FILTER_NAMES, Scope, ScopeError, parse_scope, scope_from_filters
from practice.models import User
from practice.paths.queries import resolve_path_scope
from practice.scopes import with_bank_names
from practice.security import abort_with

EVERYTHING = "all"  # `?all=1`: the whole collection, even for a learner with a default scope
SCOPE_ARGS = (*FILTER_NAMES, "path", "set", "assignment", "q", EVERYTHING)


def drill_scope(source) -> Scope:
    """The scope named by request arguments (query or form), checked: 400 for one that cannot
    be used, 404 for a set or assignment the user may not drill."""
    try:
        named = with_bank_names(parse_scope(source.getlist))
        scope = resolve_path_scope(current_user, named)
    except ScopeError as error:
        abort_with(400, str(error))
    if not may_drill(current_user, scope):
        abort(404)
    return scope


def default_scope(user: User) -> Scope:
    """The user's default drill scope (everything when none is set or it no longer parses)."""
    try:
        return scope_from_filters(user.default_scope or {})
    except ScopeError:
        return Scope()


def default_scope_args(user: User, args) -> dict[str, Any] | None:
    """The arguments with the user's default scope added, when `args` name no scope and the
    user has one; None when the drill should go on as asked."""
    if any(name in args for name in SCOPE_ARGS) or not user.default_scope:
        return None
    scope = default_scope(user)
    if scope.is_everything:
        return None
    query: dict[str, Any] = {name: args.getlist(name) for name in args}
    for name, value in scope.query():
        query.setdefault(name, []).append(value)
    return query


def redirect_args(user: User, scope: Scope) -> dict[str, Any]:
    """A scope as url_for arguments for a redirect back to the drill; the whole collection
    says so (`all=1`) for a user whose default scope would otherwise take its place."""
    query: dict[str, Any] = {}
    for key, value in scope.query():
        query.setdefault(key, []).append(value)
    if not query and scope.item_ids is None and user.default_scope:
        query[EVERYTHING] = "1"
    return query
