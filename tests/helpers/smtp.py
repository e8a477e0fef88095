"""A real SMTP server for tests: aiosmtpd on a free local port, keeping what it receives."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: every message accepted, parsed and kept in order of arrival."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]


class SMTPServer:
    """A running server: `host`, `port`, `inbox`; `stop()` when done."""

    def __init__(self) -> None:
        self.host, self.port, self.inbox = "127.0.0.1", free_port(), Inbox()
        self.start()

    def start(self) -> None:
        """Serve (again, after `stop`) on the same port, into the same inbox."""
        self._controller = Controller(self.inbox, hostname=self.host, port=self.port)
        self._controller.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._controller.stop()
            self.running = False

    def config(self) -> dict[str, object]:
        """The app settings that send mail here (no TLS, no login)."""
        return {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_DEFAULT_SENDER": "Practice <practice@example.org>",
        }


def link_in(message: EmailMessage) -> str:
    """The reset link in a message's text."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"https?://\S+/reset-password/\S+", body.get_content())
    assert match, body.get_content()
    return match.group(0)
