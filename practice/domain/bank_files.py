"""Reading bank files: size and encoding checks, hashing, YAML, tracks.yaml and topics.yaml."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from practice.domain.bank_types import Problem
from practice.domain.safe_yaml import LinedList, YamlProblem, load_yaml

MAX_FILE_BYTES = 512 * 1024
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def relative(folder: Path, path: Path) -> str:
    """The path inside the bank, with forward slashes (cheaper than Path.relative_to)."""
    return str(path)[len(str(folder)) + 1 :].replace("\\", "/")


def read_text(folder: Path, path: Path, problems: list[Problem]) -> tuple[str, str] | None:
    """File text and its content hash, or None with a problem recorded."""
    rel = relative(folder, path)
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(rel, None, f"file is larger than {MAX_FILE_BYTES // 1024} KB"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = raw[exc.start]
        problems.append(
            Problem(rel, None, f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start})")
        )
        return None
    return text.replace("\r\n", "\n"), hashlib.sha256(raw).hexdigest()


def load_yaml_file(folder: Path, path: Path, problems: list[Problem]) -> tuple[Any, str | None]:
    """A YAML file's data and content hash, or (None, None) with the problem recorded."""
    read = read_text(folder, path, problems)
    if read is None:
        return None, None
    try:
        return load_yaml(read[0]), read[1]
    except YamlProblem as exc:
        problems.append(Problem(relative(folder, path), exc.line, exc.message))
        return None, None


def read_catalog(
    folder: Path, name: str, keys: tuple[str, ...], problems: list[Problem]
) -> list[dict[str, str]] | None:
    """tracks.yaml / topics.yaml as a list of rows, problems recorded."""
    path = folder / name
    if not path.is_file():
        problems.append(Problem(name, None, f"{name} is missing"))
        return None
    data, _ = load_yaml_file(folder, path, problems)
    if data is None:
        return []
    if not isinstance(data, LinedList):
        problems.append(Problem(name, 1, f"{name} must be a list of {', '.join(keys)} entries"))
        return []
    rows: list[dict[str, str]] = []
    seen: dict[str, set[str]] = {key: set() for key in keys if key != "name"}
    for line, entry in zip(data.lines, data, strict=True):
        if not isinstance(entry, dict) or set(entry) != set(keys):
            problems.append(Problem(name, line, f"each entry needs exactly: {', '.join(keys)}"))
            continue
        row = {key: str(entry[key]).strip() for key in keys}
        if not _SLUG.match(row["slug"]):
            problems.append(Problem(name, line, f"slug '{row['slug']}' is not lower-kebab-case"))
        for key, values in seen.items():
            if row[key] in values:
                problems.append(Problem(name, line, f"duplicate {key} '{row[key]}'"))
            values.add(row[key])
        rows.append(row)
    return rows
