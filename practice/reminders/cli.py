"""`flask reminders send`: send the daily digests due now (run it every few minutes)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from practice.accounts import password_reset
from practice.mailer import mail_configured
from practice.reminders.digest import send_due_digests

reminders_cli = AppGroup("reminders", help="Email reminders.")


@reminders_cli.command("send")
@click.option("--base-url", help="Where the emailed links point (default: PUBLIC_URL).")
def send_command(base_url: str | None) -> None:
    """Send every daily digest due now: at most one per learner and local day, however
    often and on however many hosts this runs."""
    if not mail_configured():
        raise click.ClickException("MAIL_SERVER is not set: no email can be sent.")
    base = password_reset.base_url(base_url)
    if not base:
        raise click.ClickException(
            "Emailed links need an address: set PUBLIC_URL (e.g. https://practice.example.org) "
            "or pass --base-url."
        )
    run = send_due_digests(base)
    click.echo(run.message())
    if run.failed:
        raise SystemExit(1)
