"""What browse lists show of an item, pure: an error's message line, a snippet's code preview."""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(```+|~~~+)\s*([\w+#.-]*)[^\n]*\n(.*?)(?:^\1\s*$|\Z)", re.M | re.S)
PREVIEW_LINES = 8
ERROR_LINE_LIMIT = 200
TRACEBACK = "Traceback (most recent call last):"
# "ValueError: ..." or "psycopg.errors.UniqueViolation: ...": a line that starts an exception
EXCEPTION_START = re.compile(r"^[A-Za-z_][\w.]*(:\s|$)")
# lines that introduce an error rather than say it: a shell or REPL prompt, a comment
PREAMBLE = re.compile(r"^(\$ |>>> |-- |# )")


def error_line(section: str | None) -> str:
    """The line that says what went wrong: a Python traceback's final exception line (with
    its wrapped continuation), else the first line that is not a prompt, a comment or a rule."""
    fence = FENCE.search(section or "")
    lines = (fence.group(3) if fence else section or "").splitlines()
    chosen = _traceback_exception(lines) or next(
        (line.strip() for line in lines if _says_something(line)), ""
    )
    return chosen[:ERROR_LINE_LIMIT]


def _says_something(line: str) -> bool:
    text = line.strip()
    return any(c.isalnum() for c in text) and not PREAMBLE.match(text)


def _traceback_exception(lines: list[str]) -> str:
    """The exception a Python traceback ends in: the first line after the frames of its last
    traceback, joined with the lines it wraps onto; "" when the text holds no traceback."""
    starts = [n for n, line in enumerate(lines) if TRACEBACK in line]
    if not starts:
        return ""
    message: list[str] = []
    for line in lines[starts[-1] + 1 :]:
        in_frames = line[:1].isspace() or line.strip() in ("", "...")
        if not message:
            if not in_frames:
                message.append(line.strip())
        elif in_frames or EXCEPTION_START.match(line):
            break
        else:
            message.append(line.strip())
    return " ".join(message)


@dataclass(frozen=True)
class CodePreview:
    """The first lines of a code section as a fenced Markdown block, and how many were left
    out (said beside the code, never inside it where a highlighter would colour it)."""

    markdown: str
    more_lines: int = 0


def code_preview(section: str, lines: int = PREVIEW_LINES) -> CodePreview:
    """The first fenced block of a code section cut to `lines` lines, still as Markdown."""
    fence = FENCE.search(section or "")
    if not fence:
        return CodePreview("")
    code = fence.group(3).rstrip("\n").splitlines()
    shown = "\n".join(code[:lines])
    return CodePreview(f"```{fence.group(2)}\n{shown}\n```", max(0, len(code) - lines))


def difficulty_steps(difficulty: int) -> list[bool]:
    """Ten steps, the first `difficulty` of them filled: the item page's difficulty scale."""
    return [step <= difficulty for step in range(1, 11)]
