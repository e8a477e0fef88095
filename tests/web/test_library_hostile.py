"""Hostile Markdown in a bank file is neutralised on every library page that shows it."""

from __future__ import annotations

import re

import pytest

from tests.helpers.bank_factory import write_catalog
from tests.helpers.library import load, write_worded_item
from tests.helpers.markdown import DANGEROUS_ATTRIBUTE, DANGEROUS_TAG, HOSTILE

# a link or source inside a real tag (escaped text such as &lt;a href="data:..." is harmless)
DANGEROUS_LINK = re.compile(
    r"<[a-z][^<>]*\s(?:href|src|xlink:href)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", re.I
)

MORE_HOSTILE = [
    "[x](JaVaScRiPt:alert(1))",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '```python" onmouseover="alert(1)\nx = 1\n```',
    '<a hx-post="/account/delete" hx-trigger="load">go</a>',
    '<svg><script xlink:href="data:,alert(1)"></script></svg>',
    "<iframe src=javascript:alert(1)>",
]


@pytest.fixture
def hostile_bank(tmp_path, runner):
    root = tmp_path / "bank"
    write_catalog(root)
    payload = "\n\n".join(HOSTILE + MORE_HOSTILE)
    write_worded_item(
        root,
        "PY-MD-001",
        "Why is quarantine <b onclick=x>needed</b>?",
        f"Quarantine text. {payload}",
    )
    write_worded_item(
        root,
        "PY-ERR-001",
        "Quarantine <script>alert(1)</script> error",
        f"Quarantine root. {payload}",
        kind="error",
    )
    load(runner, root)


@pytest.mark.parametrize(
    "url",
    [
        "/library/PY-MD-001",
        "/library/PY-ERR-001",
        "/library?q=quarantine",
        "/library?q=alert",
        "/library/errors",
        "/feed.atom",
    ],
)
def test_hostile_markdown_is_neutralised_on_library_pages(client, hostile_bank, url):
    page = client.get(url).get_data(as_text=True)
    assert "PY-" in page
    # from the first item on: the bank's content, not the app's own htmx attributes
    html = page[page.index("data-item=") :] if "data-item=" in page else page
    html = html.split('<footer class="site-footer">')[0]
    html = html.replace('<script src="/static/js/library.js" defer>', "")
    assert "Quarantine" in html or "quarantine" in html
    assert not DANGEROUS_TAG.search(html), url
    assert not DANGEROUS_ATTRIBUTE.search(html), url
    assert not DANGEROUS_LINK.search(html), url
