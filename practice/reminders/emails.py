"""Every reminder email: plain text from templates/email/, with a one-click unsubscribe link
in its text and in the List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058)."""

from __future__ import annotations

from typing import Any

from flask import render_template

from practice.mailer import send_message
from practice.models import User
from practice.reminders.tokens import unsubscribe_token
from practice.web import external_url


def one_line(text: str) -> str:
    """Text safe in a header or a single line: whitespace (newlines too) folded to spaces."""
    return " ".join(text.split())


def unsubscribe_url(user: User, list_name: str, base: str) -> str:
    return external_url(base, "reminders.unsubscribe", token=unsubscribe_token(user, list_name))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058: mail clients POST `List-Unsubscribe=One-Click` to the URL, no login needed."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_reminder(
    user: User, list_name: str, subject: str, template: str, base: str, **context: Any
) -> None:
    """Render templates/email/<template> for the user and send it with its unsubscribe link."""
    link = unsubscribe_url(user, list_name, base)
    body = render_template(
        f"email/{template}",
        user=user,
        unsubscribe_url=link,
        settings_url=external_url(base, "reminders.settings"),
        **context,
    )
    send_message(user.email, one_line(subject), body, headers=unsubscribe_headers(link))
