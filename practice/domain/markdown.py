"""Markdown to safe HTML: markdown-it-py renders, Pygments highlights code, nh3 sanitises.

Raw HTML in the source is not rendered, and whatever the renderer produces is cleaned again
with an allow-list, so content and user text can never carry scripts, handlers or hx-*.
"""

from __future__ import annotations

from functools import lru_cache
from html import unescape

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True, classprefix="tok-")
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "code": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "th": {"align"},
    "td": {"align"},
}


def _highlight(code: str, language: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it escapes and wraps it itself
    return str(highlight(code, lexer, _FORMATTER))


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Sanitised HTML for Markdown text (cached: bank sections repeat on every review)."""
    html = _renderer().render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def highlight_css() -> str:
    """The stylesheet for highlighted code (static/css/highlight.css is generated from it)."""
    return str(_FORMATTER.get_style_defs("pre code"))


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Sanitised HTML for one line of Markdown (titles): code spans, emphasis, links."""
    html = _renderer().renderInline(text or "")
    return nh3.clean(
        html,
        tags={"code", "em", "strong", "a", "s"},
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def inline_text(text: str) -> str:
    """One line of Markdown as the plain text a reader sees (feed titles): code spans and
    emphasis lose their marks, links keep their words, entities become characters."""
    html = _renderer().renderInline(text or "")
    return unescape(nh3.clean(html, tags=set())).strip()
