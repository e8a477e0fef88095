"""Command-line tools: `flask bank check|load|stats`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from practice.bank.load import OUTCOMES, load_bank
from practice.domain.bank import BankReport, BankUnreadable, read_bank
from practice.domain.bank_stats import bank_stats, stats_lines
from practice.types import utcnow

bank_cli = AppGroup("bank", help="Check and load question banks.")


def _folder(folder: str | None) -> Path:
    return Path(folder or current_app.config["BANK_DIR"])


def _read(folder: Path, bank_wide: bool = True) -> BankReport:
    try:
        return read_bank(folder, bank_wide)
    except BankUnreadable as exc:
        raise click.ClickException(str(exc)) from None


def _print_problems(report: BankReport) -> None:
    for problem in report.problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(str(problem), fg=colour, err=True)


def _describe(report: BankReport) -> str:
    bank = report.bank
    return (
        f"{len(bank.items)} items, {len(bank.paths)} paths, {len(bank.tracks)} tracks, "
        f"{len(bank.topics)} topics; {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings, {len(report.reviews)} near-duplicate pairs to review"
    )


@bank_cli.command("check")
@click.argument("folder", required=False)
@click.option("--strict", is_flag=True, help="Also fail on near-duplicate pairs to review.")
def check_command(folder: str | None, strict: bool) -> None:
    """Validate a bank folder; exit 1 on any error or warning (and review, with --strict)."""
    report = _read(_folder(folder))
    _print_problems(report)
    click.echo(_describe(report))
    if report.errors or report.warnings or (strict and report.reviews):
        raise SystemExit(1)


@bank_cli.command("load")
@click.argument("folder", required=False)
@click.option("--source", help="Name of this bank; retiring only touches items of this name.")
def load_command(folder: str | None, source: str | None) -> None:
    """Load a bank in one transaction; nothing changes when it has errors.

    Bank-wide warnings (near-duplicates, shared openings) are `check`'s: they never stop a
    load and would double its time on a large bank.
    """
    path = _folder(folder)
    report = _read(path, bank_wide=False)
    _print_problems(report)
    if report.errors:
        click.echo(_describe(report))
        raise click.ClickException("the bank has errors; nothing was loaded")
    items = report.bank.items
    try:
        with click.progressbar(length=len(items), label="Loading items") as bar:
            summary = load_bank(report.bank, source or path.resolve().name, utcnow(), bar.update)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        message = str(cause).splitlines()[0]
        raise click.ClickException(f"load failed, nothing was changed: {message}") from None
    for kind, counts in sorted(summary.counts.items()):
        figures = ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
        click.echo(f"{kind:>9}: {figures}")
    totals = ", ".join(f"{summary.total(outcome)} {outcome}" for outcome in OUTCOMES)
    click.echo(f"    total: {totals}")


@bank_cli.command("stats")
@click.argument("folder", required=False)
def stats_command(folder: str | None) -> None:
    """Counts per kind, track, level and topic."""
    report = _read(_folder(folder))
    stats = bank_stats(report.bank)
    track_kinds: dict[str, Counter] = {}
    for item in report.bank.items:
        track_kinds.setdefault(item.track, Counter())[item.kind] += 1
    for line in stats_lines(stats, track_kinds):
        click.echo(line)
    if report.problems:
        click.echo(f"({len(report.problems)} problems: run `flask bank check`)")
