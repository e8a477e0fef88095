"""Bank folders with chosen words in chosen places, for the library's tests."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.bank_factory import item_path, item_text, write_catalog, write_item


def write_worded_item(root: Path, item_id: str, title: str, answer_extra: str = "", **facts):
    """An item whose answer also says `answer_extra` (a body match for search tests)."""
    text = item_text(item_id, title, **facts)
    if answer_extra:
        heading = "## Answer\n" if "## Answer\n" in text else "## Root cause\n"
        text = text.replace(heading, f"{heading}{answer_extra} ", 1)
    path = item_path(root, item_id, facts.get("kind", "question"), facts.get("track", "python"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_library_bank(root: Path) -> Path:
    """Questions, an error, a snippet, a design case and a security topic on known words."""
    write_catalog(root)
    write_worded_item(
        root,
        "PY-SR-001",
        "Why does sharding spread the write load?",
        level="senior",
        topics="[databases]",
    )
    write_worded_item(
        root,
        "PY-MD-001",
        "What does a primary key guarantee?",
        "Unlike sharding, a key only names a row.",
        topics="[databases]",
    )
    write_worded_item(
        root,
        "GO-MD-001",
        "How does a read-through cache decide what to keep?",
        track="go",
        topics="[caching]",
    )
    write_worded_item(
        root,
        "GO-JR-001",
        "What does go test run by default?",
        track="go",
        level="junior",
        topics="[testing]",
    )
    write_item(
        root, "PY-ERR-001", "KeyError when reading the session", kind="error", topics="[databases]"
    )
    write_item(root, "PY-SNP-001", "Sum a range of numbers", kind="snippet", topics="[testing]")
    write_item(
        root,
        "SD-CASE-001",
        "Design a URL shortener",
        kind="design",
        track="system-design",
        level="senior",
        topics="[caching]",
    )
    write_item(
        root,
        "SEC-TOPIC-001",
        "SQL injection through string formatting",
        kind="security",
        track="security",
        level="senior",
        topics="[databases]",
    )
    paths = root / "paths"
    paths.mkdir(exist_ok=True)
    (paths / "data-basics.yaml").write_text(
        "slug: data-basics\ntitle: Data basics\nlevel: mid\n"
        "tracks: [python, go, system-design, security]\nhours: 1.5\nsummary: Keys, then caches.\n"
        "modules:\n"
        "  - title: Keys first\n    topics: []\n    items: [PY-MD-001]\n"
        "  - title: Caches\n    topics: [caching]\n    items: []\n",
        encoding="utf-8",
    )
    return root


def hit_ids(page: str) -> list[str]:
    """External ids of the search hits on a page, in rank order."""
    return re.findall(r'<li class="hit kind-\w+" data-item="([^"]+)"', page)


def load(runner, root: Path) -> None:
    result = runner.invoke(args=["bank", "load", str(root)])
    assert result.exit_code == 0, result.output


def text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def review_through_the_drill(client, external_id: str) -> None:
    page = text(client, f"/drill?item={external_id}&stage=1")
    form = page.split('action="/drill/rate"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert client.post("/drill/rate", data=fields | {"rating": "3"}).status_code == 302
