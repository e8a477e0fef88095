"""What every feature's views share: the page-or-fragment choice and the template filters and
globals (registered once, by create_app)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, make_response, render_template
from flask_login import current_user
from markupsafe import Markup

from practice.domain.library import query_args
from practice.domain.markdown import render_inline
from practice.domain.path_progress import duration_label
from practice.domain.recall import due_day, heat_bucket
from practice.domain.scheduling import CardStatus
from practice.domain.scope import Scope
from practice.extensions import htmx
from practice.types import utcnow


def wants_fragment(target: str | None = None) -> bool:
    """An HTMX request (not a history restore), aimed at `target` when one is named."""
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def render_page_or_fragment(
    page_template: str,
    fragment_template: str,
    *,
    target: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """The full page, or for an HTMX request (aimed at `target`, if named) the fragment the
    page includes; either way the response varies on HX-Request so caches keep them apart."""
    template = fragment_template if wants_fragment(target) else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def external_url(base: str, endpoint: str, **values: Any) -> str:
    """An endpoint's full URL under `base` (e.g. https://practice.example.org/app): for
    emailed links and feeds, which must not take their host from a request."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{base!r} is no base URL: give one like https://practice.example.org")
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def inline_markdown(text: str) -> Markup:
    """A title's inline Markdown (code spans) as sanitised HTML."""
    return Markup(render_inline(text))  # noqa: S704 - sanitised by the markdown module


def due_day_filter(due_at: datetime) -> str:
    """The due date as the signed-in user's calendar sees it."""
    zone = current_user.time_zone if current_user.is_authenticated else "UTC"
    return due_day(due_at, zone).isoformat()


def viewer_zone() -> ZoneInfo:
    """The signed-in user's time zone (UTC for anonymous visitors)."""
    zone = current_user.time_zone if current_user.is_authenticated else "UTC"
    return ZoneInfo(zone)


def local_time(moment: datetime | None) -> str:
    """A moment on the signed-in user's clock, with the zone's abbreviation: the one way
    templates print a time (the datetime attribute of <time> stays in UTC)."""
    if moment is None:
        return ""
    local = moment.astimezone(viewer_zone())
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def local_date(moment: datetime | None) -> str:
    """The date of a moment on the signed-in user's calendar."""
    return "" if moment is None else moment.astimezone(viewer_zone()).date().isoformat()


def scope_args(scope: Scope) -> dict[str, list[str]]:
    return query_args(scope.query())


def register_template_helpers(app: Flask) -> None:
    """Every filter and global the templates use that is not a feature's own."""
    app.add_template_filter(inline_markdown, "inline_markdown")
    app.add_template_filter(due_day_filter, "due_day")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(heat_bucket, "heat")
    app.add_template_filter(duration_label, "study_time")
    app.add_template_global(scope_args, "scope_args")
    app.add_template_global(utcnow, "now_utc")
    app.add_template_global(CardStatus, "CardStatus")
