"""The security baseline every feature inherits: headers, safe redirects, audit log, errors."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from practice.access import UserError
from practice.extensions import client_address, htmx

audit_log = logging.getLogger("practice.audit")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ERROR_TITLES = {
    400: ("Bad request", "The request could not be understood. Check the form and try again."),
    403: ("Not allowed", "Your account may not do this."),
    404: ("Not found", "There is nothing here. It may have moved, or you may not have access."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: (
        "Too many attempts",
        "Too many attempts in a short time. Wait a few minutes and try again.",
    ),
    500: ("Something went wrong", "An unexpected error happened on our side. It has been logged."),
}


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9@._:/+-]{1,200}")


def log_value(value: object) -> str:
    """A value as one token of a log line: plain words as they are, anything else quoted as
    JSON, so a newline, ESC, NUL, a space or `key=` inside it can never forge a field or line."""
    text = str(value)
    return text if _PLAIN_VALUE.fullmatch(text) else json.dumps(text[:500])


def audit(event: str, **details: object) -> None:
    """One line in the application log: UTC time, event, user, address and details, every
    value encoded by log_value."""
    in_request = has_request_context()
    user = details.pop("user", None)
    if user is None and in_request and current_user.is_authenticated:
        user = current_user.id
    address = client_address() if in_request else "-"
    fields = {"event": event, "user": user, "address": address, **details}
    if in_request:
        fields["request"] = g.get("request_id", "-")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    line = " ".join(f"{key}={log_value(value)}" for key, value in fields.items())
    audit_log.info("%s %s", stamp, line)


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default` (no open redirects)."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def render_error(code: int, message: str | None = None):
    """The error page, or for an HTMX request a fragment shown in the page's message area."""
    title, default_message = ERROR_TITLES.get(code, ERROR_TITLES[500])
    context = {"code": code, "title": title, "message": message or default_message}
    if htmx:
        body = render_template("errors/_error.html", **context)
        headers = {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
        return body, code, headers
    return render_template("errors/page.html", **context), code


def _wait_message(error: HTTPException) -> str:
    """How long a throttled user waits at most: the limit's whole window."""
    window = getattr(getattr(error, "limit", None), "limit", None)
    seconds = window.get_expiry() if window is not None else 15 * 60
    minutes = max(1, -(-seconds // 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many attempts in a short time. Try again in at most {minutes} {unit}."


def abort_with(code: int, message: str):
    """Stop the request with the error page (or fragment) carrying a specific message."""
    abort(make_response(render_error(code, message)))


def register_security(app: Flask) -> None:
    app.after_request(set_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        audit("csrf_rejected", path=request.path)
        return render_error(
            400, "Your form was out of date or incomplete. Reload the page and try again."
        )

    @app.errorhandler(UserError)
    def refused(error: UserError):
        """A refusal no view turned into a form error: its message, as a 400."""
        return render_error(400, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code == 403:
            audit("permission_denied", path=request.path)
        if code == 429:
            return render_error(429, _wait_message(error))
        return render_error(code if code in ERROR_TITLES else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)
