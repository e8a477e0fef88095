"""Browse previews and the feed read as a person expects: the error archive shows the final
exception of a traceback, a cut snippet preview says so beside the code (not as a red error
token inside it), and Atom titles are plain text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.helpers.bank_factory import write_item
from tests.helpers.library import load, text, write_library_bank

ATOM = "{http://www.w3.org/2005/Atom}"
TRACEBACK = """```text
Traceback (most recent call last):
  File "/app/orders/views.py", line 41, in checkout
    total = basket["total"]
  File "/app/orders/basket.py", line 9, in __getitem__
    return self.data[key]
KeyError: 'total'
```"""
LONG_CODE = "```python\n" + "\n".join(f"step_{n} = {n}" for n in range(11)) + "\n```"


@pytest.fixture
def bank(tmp_path, runner):
    root = write_library_bank(tmp_path / "bank")
    write_item(
        root, "PY-ERR-002", "KeyError in checkout", kind="error", sections={"Error": TRACEBACK}
    )
    write_item(root, "PY-SNP-002", "Number the steps", kind="snippet", sections={"Code": LONG_CODE})
    write_item(root, "PY-MD-009", "When does `dict.get(k, [])` hide a bug & why?")
    load(runner, root)
    return root


def entry_of(html: str, external_id: str) -> str:
    return html.split(f'<li data-item="{external_id}">', 1)[1].split("</li>", 1)[0]


def test_the_error_archive_shows_a_tracebacks_final_exception_line(client, bank):
    entry = entry_of(text(client, "/library/errors"), "PY-ERR-002")
    assert '<code class="error-line">KeyError: &#39;total&#39;</code>' in entry
    assert "Traceback" not in entry


def test_a_cut_snippet_preview_says_how_much_is_left_out_beside_the_code(client, bank):
    entry = entry_of(text(client, "/library/snippets"), "PY-SNP-002")
    code = entry.split('<div class="code-preview">', 1)[1].split("</div>", 1)[0]
    assert "step_7" in code and "step_8" not in code
    assert "…" not in code and "tok-err" not in code
    assert 'href="/library/PY-SNP-002"' in entry and "… 3 more lines</a>" in entry
    short = entry_of(text(client, "/library/snippets"), "PY-SNP-001")
    assert "more line" not in short


def test_feed_titles_are_plain_text(client, bank):
    root = ET.fromstring(client.get("/feed.atom").get_data())
    titles = {e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")}
    assert "New: PY-MD-009 When does dict.get(k, []) hide a bug & why?" in titles
    assert not any("`" in title or "<code>" in title for title in titles)
    for entry in root.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}title").get("type") == "text"
        assert entry.find(f"{ATOM}summary").get("type") == "text"
