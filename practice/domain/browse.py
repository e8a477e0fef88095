"""What browse lists show of an item, pure: an error's message line, a snippet's code preview."""

from __future__ import annotations

import re

FENCE = re.compile(r"^(```+|~~~+)\s*([\w+#.-]*)[^\n]*\n(.*?)(?:^\1\s*$|\Z)", re.M | re.S)
PREVIEW_LINES = 8


def error_line(section: str) -> str:
    """The first meaningful line of an error section (inside its fence when there is one)."""
    fence = FENCE.search(section or "")
    text = fence.group(3) if fence else section or ""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def code_preview(section: str, lines: int = PREVIEW_LINES) -> str:
    """The first fenced block of a code section cut to `lines` lines, still as Markdown."""
    fence = FENCE.search(section or "")
    if not fence:
        return ""
    code = fence.group(3).rstrip("\n").splitlines()
    shown = code[:lines] + (["…"] if len(code) > lines else [])
    return f"```{fence.group(2)}\n" + "\n".join(shown) + "\n```"


def difficulty_steps(difficulty: int) -> list[bool]:
    """Ten steps, the first `difficulty` of them filled: the item page's difficulty scale."""
    return [step <= difficulty for step in range(1, 11)]
