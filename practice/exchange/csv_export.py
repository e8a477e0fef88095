"""Items as CSV: one row per item, one column per section heading, so a spreadsheet shows
each part of the answer in its own column (the same headings `flask bank check` knows). A cell
that starts like a spreadsheet formula (= + - @; a Markdown list starts with -) is written with
a leading ' so no spreadsheet runs it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from practice.domain.anki_notes import ExportItem
from practice.domain.csv_cells import csv_row

FIXED = ("id", "kind", "title", "track", "topics", "level", "difficulty", "prompt")


def section_columns(items: Sequence[ExportItem]) -> list[str]:
    """Every heading the items use, in the order they first appear."""
    seen: dict[str, None] = {}
    for item in items:
        for name, _ in item.sections:
            seen.setdefault(name, None)
    return list(seen)


def csv_rows(items: Sequence[ExportItem]) -> Iterable[list[str]]:
    headings = section_columns(items)
    yield [*FIXED, *(heading.lower() for heading in headings), "follow-ups"]
    for item in items:
        sections = {name: text for name, text in item.sections}
        yield csv_row(
            (
                item.external_id,
                item.kind,
                item.title,
                item.track,
                " ".join(item.topics),
                item.level,
                item.difficulty,
                item.body,
                *(sections.get(heading, "") for heading in headings),
                "\n".join(item.follow_ups),
            )
        )


def items_csv(items: Sequence[ExportItem]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(items))
    return out.getvalue()
