"""Search that understands developers, on whichever engine the suite runs: the word being
typed matches as a prefix, C# and C++ and .NET stay whole, and common spellings are synonyms."""

from __future__ import annotations

import re

import pytest

from tests.helpers.bank_factory import write_catalog, write_item
from tests.helpers.library import hit_ids, load

TITLES = {
    "PY-MD-001": "How do you keep a Docker image small for a Python service?",
    "PY-MD-002": "Why does asyncio need an event loop, and what blocks it?",
    "PY-MD-003": "How does PostgreSQL choose between an index scan and a sequential scan?",
    "PY-MD-004": "What does a Kubernetes readiness probe protect you from?",
    "GO-MD-001": "How do C# records compare with C++ structs for value semantics?",
    "GO-MD-002": "What is the N+1 query problem and how does an ORM cause it?",
    "GO-MD-003": "When does ASP.NET Core dispose a scoped service?",
    "GO-MD-004": "How does C decide the size of a struct with padding?",
}


@pytest.fixture
def bank(tmp_path, runner):
    root = tmp_path / "bank"
    write_catalog(root)
    for external_id, title in TITLES.items():
        track = "python" if external_id.startswith("PY") else "go"
        write_item(root, external_id, title, track=track)
    load(runner, root)
    return root


def found(client, q: str) -> list[str]:
    response = client.get("/library", query_string={"q": q})
    assert response.status_code == 200
    return sorted(hit_ids(response.get_data(as_text=True)))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("docke", "PY-MD-001"),
        ("asyn", "PY-MD-002"),
        ("postgre", "PY-MD-003"),
        ("kubern", "PY-MD-004"),
    ],
)
def test_the_word_being_typed_matches_as_a_prefix(client, bank, typed, expected):
    assert found(client, typed) == [expected]


def test_a_finished_word_with_a_space_after_it_is_a_whole_word(client, bank):
    assert found(client, "docke ") == []
    assert found(client, "docker ") == ["PY-MD-001"]


def test_the_prefix_is_highlighted_in_the_results(client, bank):
    html = client.get("/library?q=docke").get_data(as_text=True)
    assert "<mark>Docker</mark>" in html


def test_csharp_and_cplusplus_are_different_words_and_not_c(client, bank):
    assert found(client, "C#") == ["GO-MD-001"]
    assert found(client, "C++") == ["GO-MD-001"]
    assert "GO-MD-004" not in found(client, "C#")  # plain C is another language
    assert found(client, ".NET") == ["GO-MD-003"]
    assert found(client, "N+1") == ["GO-MD-002"]


def test_the_search_box_keeps_what_was_typed(client, bank):
    html = client.get("/library?q=C%23").get_data(as_text=True)
    assert 'value="C#"' in html


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("postgres", ["PY-MD-003"]),
        ("k8s", ["PY-MD-004"]),
        ("golang", ["GO-MD-001", "GO-MD-002", "GO-MD-003", "GO-MD-004"]),  # the Go track
    ],
)
def test_common_spellings_find_the_same_items(client, bank, spelling, expected):
    assert found(client, spelling + " ") == expected
    assert found(client, spelling) == expected  # a known spelling is never a mere prefix


def test_drilling_a_search_drills_exactly_its_results(app, client, bank, user_id):
    from tests.helpers.accounts import log_in
    from tests.helpers.drill import rate, reveal, shown_card

    log_in(client)
    results = client.get("/library?q=scan").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Drill these results</a>', results).group(1)
    assert "q=scan" in link
    seen = []
    page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Scope: search “scan”" in page
    while shown_card(page) and len(seen) < 5:
        seen.append(shown_card(page))
        answered = reveal(client, page)
        location = rate(client, answered, 4).headers["Location"]
        page = client.get(location).get_data(as_text=True)
    assert seen == ["PY-MD-003"]  # the one item whose text says "scan", and nothing else
