"""Counts over a parsed bank: per kind, track, level and topic, and questions per track and
level, so the bank's coverage can be seen at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from practice.domain.bank_rules import LEVEL_CODES, LEVELS
from practice.domain.bank_types import Bank


@dataclass(frozen=True)
class BankStats:
    by_kind: Counter[str]
    by_track: Counter[str]
    by_level: Counter[str]
    by_topic: Counter[str]
    questions_by_track_level: dict[str, Counter[str]]
    paths: int


def bank_stats(bank: Bank) -> BankStats:
    questions: dict[str, Counter[str]] = {track.slug: Counter() for track in bank.tracks}
    for item in bank.items:
        if item.kind == "question":
            questions.setdefault(item.track, Counter())[item.level] += 1
    return BankStats(
        by_kind=Counter(item.kind for item in bank.items),
        by_track=Counter(item.track for item in bank.items),
        by_level=Counter(item.level for item in bank.items),
        by_topic=Counter(topic for item in bank.items for topic in item.topics),
        questions_by_track_level=questions,
        paths=len(bank.paths),
    )


def stats_lines(stats: BankStats, track_kinds: dict[str, Counter[str]]) -> list[str]:
    """A plain-text report of the statistics."""
    lines = ["Items by kind:"]
    lines += [f"  {kind:<10} {count:>5}" for kind, count in sorted(stats.by_kind.items())]
    lines.append(f"  {'path':<10} {stats.paths:>5}")
    lines.append(f"  {'total':<10} {sum(stats.by_kind.values()):>5}")
    lines.append("")
    header = "".join(f"{LEVEL_CODES[level]:>6}" for level in LEVELS)
    lines.append(f"{'Questions by track and level':<37}{header}{'all':>6}   errors snippets other")
    for track, levels in stats.questions_by_track_level.items():
        kinds = track_kinds.get(track, Counter())
        cells = "".join(f"{levels[level]:>6}" for level in LEVELS)
        other = sum(kinds.values()) - kinds["question"] - kinds["error"] - kinds["snippet"]
        lines.append(
            f"  {track:<35}{cells}{sum(levels.values()):>6}   {kinds['error']:>6} "
            f"{kinds['snippet']:>8} {other:>5}"
        )
    lines.append("")
    lines.append("Items by level:")
    lines += [f"  {level:<10} {stats.by_level[level]:>5}" for level in LEVELS]
    lines.append("")
    lines.append("Items by topic:")
    lines += [f"  {topic:<22} {count:>5}" for topic, count in sorted(stats.by_topic.items())]
    return lines
