"""Markdown is rendered and sanitised: no scripts, handlers, javascript:/data: links or hx-*."""

import pytest

from practice.domain.markdown import render_inline, render_markdown
from tests.helpers.markdown import DANGEROUS_ATTRIBUTE, DANGEROUS_LINK, DANGEROUS_TAG, HOSTILE


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_neutralised(source):
    for html in (render_markdown(source), render_inline(source)):
        assert not DANGEROUS_TAG.search(html), html
        assert not DANGEROUS_ATTRIBUTE.search(html), html
        assert not DANGEROUS_LINK.search(html), html


def test_raw_html_shows_as_text():
    assert "&lt;script&gt;" in render_markdown("<script>alert(1)</script>")


def test_code_is_highlighted_and_safe_links_kept():
    html = render_markdown("See [docs](https://example.com).\n\n```python\nx = 1\n```")
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">docs</a>' in html
    assert '<pre><code class="language-python"><span class="tok-n">x</span>' in html


def test_titles_render_inline_code():
    assert render_inline("What does `url_for` build?") == "What does <code>url_for</code> build?"
