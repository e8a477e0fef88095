"""Request ids that follow a request through the logs, and JSON logs as an option.

Every request gets an id: the `X-Request-ID` a trusted proxy sent, when it looks like one (8 to
64 letters, digits, `-` or `_`), or a new random one. It is answered in the `X-Request-ID`
header, added to every audit line as `request=...` and to every log record as `request_id`.
`LOG_FORMAT=json` writes the application and audit logs as one JSON object per line.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

_ACCEPTED_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
TEXT_FORMAT = "%(levelname)s %(name)s %(message)s"
JSON_FIELDS = ["asctime", "levelname", "name", "message", "request_id"]


def request_id() -> str:
    """This request's id, or "-" outside a request."""
    if not has_request_context():
        return "-"
    return g.get("request_id", "-")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request it was logged in."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


def log_formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level", "asctime": "time"})
    return logging.Formatter(TEXT_FORMAT)


def run_first(app: Flask, function: Callable[[], None]) -> None:
    """Run `function` before every other before-request hook (CSRF's included), so what it
    sets is there even for a request another hook refuses."""
    app.before_request_funcs.setdefault(None, []).insert(0, function)


def register_request_ids(app: Flask) -> None:
    def take_request_id() -> None:
        sent = request.headers.get("X-Request-ID", "")
        g.request_id = sent if _ACCEPTED_ID.fullmatch(sent) else uuid.uuid4().hex

    run_first(app, take_request_id)

    @app.after_request
    def answer_request_id(response: Response) -> Response:
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
        return response


def configure_handler(handler: logging.Handler, log_format: str) -> logging.Handler:
    handler.setFormatter(log_formatter(log_format))
    if not any(isinstance(found, RequestIdFilter) for found in handler.filters):
        handler.addFilter(RequestIdFilter())
    return handler
