"""`flask users create|set-role`: operator commands for accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from practice.accounts import queries as accounts
from practice.domain.roles import ROLES
from practice.extensions import db
from practice.security import audit

users_cli = AppGroup("users", help="Create accounts and set roles.")


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
