"""Read a bank folder (CONTENT.md's format) into frozen dataclasses and list every problem.

Pure: takes a folder, returns values. Problems carry the file and line; errors stop a load,
warnings (the quality bar's measurable part) are reported but do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from practice.domain import bank_rules as rules
from practice.domain.bank_files import read_catalog
from practice.domain.bank_items import ItemReader
from practice.domain.bank_lint import bank_problems
from practice.domain.bank_path_lint import path_problems
from practice.domain.bank_paths import PathCatalog, read_path
from practice.domain.bank_types import (
    ERROR,
    WARNING,
    Bank,
    BankItem,
    BankReport,
    BankUnreadable,
    LearningPath,
    PathModule,
    Problem,
    Topic,
    Track,
)

__all__ = [
    "ERROR",
    "WARNING",
    "Bank",
    "BankItem",
    "BankReport",
    "BankUnreadable",
    "LearningPath",
    "PathModule",
    "Problem",
    "Topic",
    "Track",
    "read_bank",
]


def read_bank(folder: Path, bank_wide: bool = True) -> BankReport:
    """Parse and validate a bank folder.

    Args:
        bank_wide: also run the checks that weigh items against each other (near-duplicates,
            shared story openings): warnings only, and most of the time on a large bank.

    Raises:
        BankUnreadable: the folder is missing, not a folder, or holds no bank.
    """
    if not folder.exists():
        raise BankUnreadable(f"bank folder '{folder}' does not exist")
    if not folder.is_dir():
        raise BankUnreadable(f"'{folder}' is not a folder")
    problems: list[Problem] = []
    tracks = read_catalog(folder, "tracks.yaml", ("slug", "name", "code"), problems)
    topics = read_catalog(folder, "topics.yaml", ("slug", "name"), problems)
    item_files = list(_item_files(folder))
    path_files = sorted((folder / "paths").glob("*.y*ml")) if (folder / "paths").is_dir() else []
    if tracks is None and topics is None and not item_files and not path_files:
        raise BankUnreadable(f"'{folder}' holds no bank (no tracks.yaml, topics.yaml or items)")
    track_list = tuple(Track(**row) for row in tracks or [])
    topic_list = tuple(Topic(**row) for row in topics or [])
    checker = ItemReader(folder, track_list, {t.slug for t in topic_list}, problems)
    items = [item for kind, path in item_files if (item := checker.read(path, kind))]
    _check_unique_ids(items, problems)
    if bank_wide:
        problems.extend(bank_problems(items, track_list, topic_list))
    catalog = PathCatalog(
        {t.slug for t in track_list}, checker.topics, {item.external_id for item in items}
    )
    paths = [p for f in path_files if (p := read_path(folder, f, catalog, problems))]
    if bank_wide:
        problems.extend(path_problems(paths, items))
    bank = Bank(track_list, topic_list, tuple(items), tuple(paths))
    return BankReport(bank, problems)


def _item_files(folder: Path) -> Iterator[tuple[str, Path]]:
    for folder_name, kind in rules.KIND_FOLDERS.items():
        base = folder / folder_name
        if base.is_dir():
            for path in sorted(base.rglob("*.md")):
                yield kind, path


def _check_unique_ids(items: list[BankItem], problems: list[Problem]) -> None:
    first: dict[str, BankItem] = {}
    for item in items:
        if item.external_id in first:
            other = first[item.external_id].source_path
            problems.append(
                Problem(item.source_path, 2, f"duplicate id '{item.external_id}' (also {other})")
            )
        else:
            first[item.external_id] = item
