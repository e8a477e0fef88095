"""Hostile Markdown and the patterns that must never reach a page."""

from __future__ import annotations

import re

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div hx-get="/account/delete" hx-trigger="load">x</div>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<a href="/x" onclick="steal()">link</a>',
]


DANGEROUS_TAG = re.compile(r"<(script|svg|img|iframe|object|style)\b", re.IGNORECASE)


DANGEROUS_ATTRIBUTE = re.compile(r"<[a-z][^>]*\s(on[a-z]+|hx-[a-z-]+)\s*=", re.IGNORECASE)


DANGEROUS_LINK = re.compile(r"href\s*=\s*\"?\s*(javascript|data):", re.IGNORECASE)
