"""Reading one item file: front matter, title, staged sections, and their checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from practice.domain import bank_rules as rules
from practice.domain.bank_files import read_text, relative
from practice.domain.bank_types import ERROR, WARNING, BankItem, Problem, Track
from practice.domain.coding import ProblemTestsError, parse_problem_tests
from practice.domain.safe_yaml import LinedDict, YamlProblem, load_yaml

_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
ITEM_KEYS = {"id", "kind", "track", "topics", "level", "difficulty"}


class ItemReader:
    """Reads one item file at a time against the bank's tracks and topics."""

    def __init__(
        self, folder: Path, tracks: Iterable[Track], topics: set[str], problems: list[Problem]
    ) -> None:
        self.folder = folder
        self.tracks = {track.slug: track for track in tracks}
        self.topics = topics
        self.problems = problems

    def read(self, path: Path, kind: str) -> BankItem | None:
        rel = relative(self.folder, path)
        read = read_text(self.folder, path, self.problems)
        if read is None:
            return None
        text, digest = read
        before = len(self.problems)
        split = self._split_front_matter(rel, text)
        if split is None:
            return None
        meta, body_lines, body_start = split
        facts = self._check_meta(rel, path, kind, meta)
        layout = rules.layout(kind, str(meta.get("track", "")))
        parsed = _split_sections(rel, layout, body_lines, body_start, self.problems)
        if facts is None or parsed is None or self._has_new_errors(before):
            return None
        title, title_line, body, sections = parsed
        follow_ups = tuple(rules.list_items(sections.pop(rules.FOLLOW_UPS, "")))
        return BankItem(
            title=title,
            body=body,
            sections=tuple(sections.items()),
            follow_ups=follow_ups,
            source_path=rel,
            content_hash=digest,
            title_line=title_line,
            **facts,
        )

    def _has_new_errors(self, before: int) -> bool:
        return any(p.severity == ERROR for p in self.problems[before:])

    def _split_front_matter(self, rel: str, text: str) -> tuple[LinedDict, list[str], int] | None:
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.problems.append(Problem(rel, 1, "file must start with '---' front matter"))
            return None
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            self.problems.append(Problem(rel, 1, "front matter is not closed with '---'"))
            return None
        try:
            meta = load_yaml("\n".join(lines[1:end]), first_line=2)
        except YamlProblem as exc:
            self.problems.append(Problem(rel, exc.line, exc.message))
            return None
        if not isinstance(meta, LinedDict):
            self.problems.append(Problem(rel, 2, "front matter must be a mapping of keys"))
            return None
        return meta, lines[end + 1 :], end + 2

    def _check_meta(
        self, rel: str, path: Path, kind: str, meta: LinedDict
    ) -> dict[str, Any] | None:
        problems, before = self.problems, len(self.problems)

        def report(key: str, message: str, severity: str = ERROR) -> None:
            problems.append(Problem(rel, meta.lines.get(key, 2), message, severity))

        for key in sorted(set(meta) - ITEM_KEYS):
            report(key, f"unknown front-matter key '{key}'")
        for key in sorted({"id", "track", "topics", "level", "difficulty"} - set(meta)):
            problems.append(Problem(rel, 2, f"front matter is missing '{key}'"))
        if len(problems) > before:
            return None
        item_id, track, level = str(meta["id"]), str(meta["track"]), str(meta["level"])
        if meta.get("kind", kind) != kind:
            report("kind", f"kind '{meta['kind']}' does not match its folder ('{kind}')")
        if not _ID.match(item_id):
            report("id", f"id '{item_id}' must look like ABC-SR-001 (capitals, digits, dashes)")
        elif item_id != path.stem:
            report("id", f"id '{item_id}' must equal the file name ('{path.stem}')")
        if track not in self.tracks:
            report("track", f"unknown track '{track}' (not in tracks.yaml)")
        topics = meta["topics"]
        if (
            not isinstance(topics, list)
            or not topics
            or not all(isinstance(t, str) for t in topics)
        ):
            report("topics", "topics must be a non-empty list of topic slugs")
            topics = []
        for slug in topics:
            if slug not in self.topics:
                report("topics", f"unknown topic '{slug}' (not in topics.yaml)")
        if level not in rules.LEVELS:
            report("level", f"unknown level '{level}' (junior, mid, senior, architect)")
        difficulty = meta["difficulty"]
        if isinstance(difficulty, bool) or not isinstance(difficulty, int):
            report("difficulty", "difficulty must be a whole number from 1 to 10")
        elif not 1 <= difficulty <= 10:
            report("difficulty", f"difficulty {difficulty} is out of range 1..10")
        if len(problems) > before:
            return None
        self._check_agreement(report, kind, item_id, track, level, difficulty, path)
        facts = {"external_id": item_id, "kind": kind, "track": track, "level": level}
        return facts | {"topics": tuple(topics), "difficulty": difficulty}

    def _check_agreement(
        self,
        report: Callable[..., None],
        kind: str,
        item_id: str,
        track: str,
        level: str,
        difficulty: int,
        path: Path,
    ) -> None:
        disagreement = rules.difficulty_problem(level, difficulty)
        if disagreement:
            report("difficulty", disagreement, WARNING)
        if kind == "question":
            expected = f"{self.tracks[track].code}-{rules.LEVEL_CODES[level]}-"
            if not item_id.startswith(expected):
                report("id", f"question id should start with '{expected}'", WARNING)
        if kind in ("question", "error", "snippet") and path.parent.name != track:
            report("track", f"file sits in folder '{path.parent.name}', not '{track}'", WARNING)


def _split_sections(
    rel: str, kind: str, lines: list[str], first_line: int, problems: list[Problem]
) -> tuple[str, int, str, dict[str, str]] | None:
    """Title, its line, the text under it, and the `##` sections of an item body."""
    title: str | None = None
    title_line = first_line
    body: list[str] = []
    sections: dict[str, list[str]] = {}
    heading_lines: dict[str, int] = {}
    allowed = {rule.name.lower(): rule.name for rule in rules.SECTION_RULES[kind]}
    target: list[str] | None = body
    fence: str | None = None
    for offset, line in enumerate(lines):
        number = first_line + offset
        in_code = fence is not None
        fence = _next_fence_state(fence, line)
        if title is None:
            if not line.strip():
                continue
            if not line.startswith("# "):
                problems.append(
                    Problem(rel, number, "the first line after front matter must be '# Title'")
                )
                return None
            title, title_line = line[2:].strip(), number
        elif in_code or not line.startswith("#"):
            if target is not None:
                target.append(line)
        elif line.startswith("## "):
            target = _open_section(
                rel, kind, line, number, allowed, sections, heading_lines, problems
            )
        elif line.startswith("# "):
            problems.append(Problem(rel, number, "only one '# Title' line is allowed"))
        elif target is not None:
            target.append(line)
    if title is None:
        problems.append(Problem(rel, first_line, "the item has no '# Title' line"))
        return None
    texts = {name: "\n".join(body_lines).strip() for name, body_lines in sections.items()}
    _check_sections(rel, kind, texts, heading_lines, title_line, problems)
    ordered = {r.name: texts[r.name] for r in rules.SECTION_RULES[kind] if r.name in texts}
    return title, title_line, "\n".join(body).strip(), ordered


def _open_section(
    rel: str,
    kind: str,
    line: str,
    number: int,
    allowed: dict[str, str],
    sections: dict[str, list[str]],
    heading_lines: dict[str, int],
    problems: list[Problem],
) -> list[str] | None:
    """Start collecting a `##` section; None (lines dropped) when the heading is wrong."""
    name = line[3:].strip()
    canonical = allowed.get(name.lower())
    if canonical is None:
        problems.append(Problem(rel, number, f"unknown heading '## {name}' for a {kind}"))
        return None
    if canonical in sections:
        problems.append(Problem(rel, number, f"heading '## {name}' appears twice"))
        return None
    sections[canonical], heading_lines[canonical] = [], number
    return sections[canonical]


def _next_fence_state(fence: str | None, line: str) -> str | None:
    """The open fence marker after this line (None outside code)."""
    match = _FENCE.match(line)
    if fence is None:
        return match.group(1) if match else None
    stripped = line.strip()
    if stripped.startswith(fence) and not stripped.strip(fence[0]):
        return None
    return fence


def _check_sections(
    rel: str,
    kind: str,
    texts: dict[str, str],
    heading_lines: dict[str, int],
    title_line: int,
    problems: list[Problem],
) -> None:
    for rule in rules.SECTION_RULES[kind]:
        text = texts.get(rule.name)
        if text is None:
            if not rule.optional:
                problems.append(Problem(rel, title_line, f"missing section '## {rule.name}'"))
            continue
        line = heading_lines[rule.name]
        if not text:
            problems.append(Problem(rel, line, f"section '## {rule.name}' is empty"))
            continue
        for message in rules.section_problems(rule, text):
            problems.append(Problem(rel, line, message, WARNING))
        if kind == rules.PROBLEM and rule.name == "Tests":
            try:
                parse_problem_tests(text)
            except ProblemTestsError as error:
                problems.append(Problem(rel, line, str(error)))
