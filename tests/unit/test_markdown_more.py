"""The shipped code-highlighting stylesheet is the one the renderer's classes need."""

from __future__ import annotations

from pathlib import Path

from practice.domain.markdown import highlight_css, render_markdown

STYLESHEET = Path(__file__).resolve().parents[2] / "practice" / "static" / "css" / "highlight.css"


def test_the_shipped_stylesheet_is_the_generated_one():
    header, _, rules = STYLESHEET.read_text(encoding="utf-8").partition("\n")
    assert header.startswith("/* Generated from Pygments")
    assert rules.strip() == highlight_css().strip()


def test_highlighted_code_gets_colours_from_the_stylesheet():
    html = render_markdown("```python\nimport os\n```")
    assert '<span class="tok-kn">import</span>' in html
    assert "pre code .tok-kn { color: #008000; font-weight: bold }" in highlight_css()
