"""`flask db backup PATH`: a consistent copy of a live SQLite database.

SQLite's online backup API copies page by page under the database's own locks, so the copy is
consistent even while gunicorn workers write (WAL mode); copying the file with `cp` is not. The
copy is written beside PATH and renamed into place only once it is whole and passes
`PRAGMA integrity_check`, so a failed backup never leaves a half file under the name. PostgreSQL
is backed up with its own tools (`pg_dump`, README).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_migrate.cli import db as db_group

from practice.extensions import db


def backup_sqlite(source: str, target: Path) -> int:
    """Copy the database at `source` to `target` (which must not exist); its size in bytes."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live:
        copy = sqlite3.connect(partial)
        try:
            live.backup(copy)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"the copy failed SQLite's integrity check: {verdict}")
    os.replace(partial, target)
    return target.stat().st_size


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the live SQLite database to PATH (safe while the app serves)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "flask db backup copies SQLite databases; back up PostgreSQL with pg_dump "
            "(see README, Backups)."
        )
    if not url.database or url.database == ":memory:":
        raise click.ClickException("the database is in memory: there is no file to back up")
    if path.exists():
        raise click.ClickException(f"{path} already exists: choose a new file name")
    if not path.parent.is_dir():
        raise click.ClickException(f"{path.parent} is not a folder")
    size = backup_sqlite(url.database, path)
    click.echo(f"backed up {url.database} to {path} ({size:,} bytes, integrity ok)")


def register_backup_command() -> None:
    """Adds `backup` to Flask-Migrate's `flask db` group (replacing itself if added twice)."""
    db_group.add_command(backup_command)
