"""`flask users create|set-role|reset-link`: operator commands for accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from practice.accounts import password_reset
from practice.accounts import queries as accounts
from practice.domain.roles import ROLES
from practice.extensions import db
from practice.security import audit

users_cli = AppGroup("users", help="Create accounts, set roles, make password reset links.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--name", "display_name", help="Display name (default: the email's local part).")
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, role: str, display_name: str | None, password: str) -> None:
    """Create an account."""
    try:
        user = accounts.register(email, display_name or email.split("@")[0], password, role)
    except accounts.AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    old = user.role
    user.role = role
    db.session.commit()
    audit("role_changed", user="cli", target=user.id, old=old, new=role)
    click.echo(f"{user.email}: {old} -> {role}.")


@users_cli.command("reset-link")
@click.argument("email")
@click.option(
    "--base-url",
    help="Where users open Practice, e.g. https://practice.example.org "
    "(default: PUBLIC_URL, then SERVER_NAME).",
)
def reset_link(email: str, base_url: str | None) -> None:
    """Print a single-use password reset link for an account (for installations that send
    no email); any older link of the account stops working."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    base = password_reset.base_url(base_url)
    if not base:
        raise click.ClickException("Set PUBLIC_URL (or SERVER_NAME), or pass --base-url.")
    try:
        link = password_reset.issue_link(user, base)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    audit("reset_link_issued", user="cli", target=user.id, email=user.email)
    click.echo(link.url)
    until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    click.echo(f"Works once, until {until}. Opening it lets anyone set {user.email}'s password.")
    if not user.active:
        click.echo("The account is deactivated; a new password does not reactivate it.")
