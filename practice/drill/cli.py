"""`flask fsrs optimize|status|check`: fit users' parameters and show what the last fit found;
verify stored states by replay."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from practice.accounts.queries import find_user
from practice.drill.fitting import fit_panel, optimize_user
from practice.drill.fsrs import check_replay, database_integrity
from practice.extensions import db
from practice.models import User

fsrs_cli = AppGroup("fsrs", help="Fit FSRS parameters and check scheduling data.")


def _users(email: str | None, everyone: bool) -> list[User]:
    """The one user --user names, or every active user with --all."""
    if bool(email) == everyone:
        raise click.UsageError("Give either --user EMAIL or --all.")
    if email:
        user = find_user(email)
        if user is None:
            raise click.ClickException(f"No account with email {email}.")
        return [user]
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))


def _echo_panel(user: User) -> None:
    click.echo(f"{user.email}:")
    for line in fit_panel(user).lines():
        click.echo(f"  {line}")


@fsrs_cli.command("optimize")
@click.option("--user", "email", help="Fit one user's parameters.")
@click.option("--all", "everyone", is_flag=True, help="Fit every active user's parameters.")
def optimize_command(email: str | None, everyone: bool) -> None:
    """Fit parameters from review logs; adopt them only when they predict no worse."""
    fuzz = current_app.config["FSRS_FUZZ"]
    for user in _users(email, everyone):
        optimize_user(user, fuzz)
        _echo_panel(user)


@fsrs_cli.command("status")
@click.option("--user", "email", help="One user's last fit.")
@click.option("--all", "everyone", is_flag=True, help="Every active user's last fit.")
def status_command(email: str | None, everyone: bool) -> None:
    """What the last fit found and how many reviews before the next one is worth running."""
    for user in _users(email, everyone):
        _echo_panel(user)


@fsrs_cli.command("check")
def check_command() -> None:
    """Replay every review log and compare with the stored card states; check the database."""
    checked, disagreements = check_replay(current_app.config["FSRS_FUZZ"])
    for disagreement in disagreements:
        click.secho(str(disagreement), fg="red", err=True)
    integrity = database_integrity()
    for problem in integrity:
        click.secho(problem, fg="red", err=True)
    click.echo(
        f"{checked} cards replayed, {len(disagreements)} disagree; "
        f"database checks: {'ok' if not integrity else f'{len(integrity)} problems'}"
    )
    if disagreements or integrity:
        raise SystemExit(1)
