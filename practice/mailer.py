"""Email through Flask-Mailman (SMTP from the MAIL_* settings). Work that sends mail runs
after the response has gone out: a page never waits for an SMTP round trip, so its answer and
its timing say nothing about whether a message was sent, and a failed delivery is logged."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, after_this_request, current_app
from flask_mailman import EmailMessage

log = logging.getLogger("practice.mailer")


def mail_configured() -> bool:
    """Whether this installation can send email (MAIL_SERVER is set)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_message(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """One plain-text message from MAIL_DEFAULT_SENDER, sent now (needs an app context);
    `headers` adds e.g. List-Unsubscribe."""
    EmailMessage(subject=subject, body=body, to=[to], headers=headers).send()


def after_response(work: Callable[[], None]) -> None:
    """Run `work` in a fresh app context once this request's response has been sent."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def schedule(response: Response) -> Response:
        response.call_on_close(lambda: _run(app, work))
        return response


def _run(app: Flask, work: Callable[[], None]) -> None:
    with app.app_context():
        try:
            work()
        except Exception:
            log.exception("work after the response failed (mail not sent?)")
