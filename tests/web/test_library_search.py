"""Library search over HTTP, on whichever engine the suite runs: FTS5 or tsvector."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import Item
from tests.helpers.bank_factory import write_synthetic_bank
from tests.helpers.library import hit_ids, load, write_library_bank, write_worded_item


@pytest.fixture
def bank(tmp_path, runner):
    root = write_library_bank(tmp_path / "bank")
    load(runner, root)
    return root


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def facet_count(html: str, name: str, value: str) -> int | None:
    found = re.search(
        rf'name="{name}" value="{value}"[^>]*>\s*[^<]*<span class="facet-count">\((\d+)\)', html
    )
    return int(found.group(1)) if found else None


def test_a_title_match_ranks_above_a_body_match(client, bank):
    html = page(client, "/library?q=sharding")
    assert hit_ids(html) == ["PY-SR-001", "PY-MD-001"]
    assert "<mark>sharding</mark>" in html


def test_stemming_finds_other_forms_of_a_word(client, bank):
    assert hit_ids(page(client, "/library?q=shards"))[:2] == ["PY-SR-001", "PY-MD-001"]
    cached = page(client, "/library?q=caching")
    assert hit_ids(cached)[0] == "GO-MD-001"  # "cache" in its title
    assert "<mark>cache</mark>" in cached


def test_every_word_must_match_and_phrases_keep_their_order(client, bank):
    assert hit_ids(page(client, "/library?q=sharding+write")) == ["PY-SR-001"]
    assert hit_ids(page(client, '/library?q="read-through cache"')) == ["GO-MD-001"]
    assert hit_ids(page(client, '/library?q="cache through read"')) == []


def test_filters_combine_with_text_and_each_other_with_facet_counts(client, bank):
    html = page(client, "/library?q=sharding")
    assert facet_count(html, "level", "senior") == 1 and facet_count(html, "level", "mid") == 1
    assert facet_count(html, "kind", "question") == 2
    filtered = page(client, "/library?q=sharding&level=senior")
    assert hit_ids(filtered) == ["PY-SR-001"]
    # a facet's own filter is left out of its counts, so the alternatives stay visible
    assert facet_count(filtered, "level", "mid") == 1
    assert 'value="senior" checked' in filtered
    both = page(client, "/library?track=python&kind=error")
    assert hit_ids(both) == ["PY-ERR-001"]
    assert facet_count(both, "kind", "question") == 2  # python questions, any kind
    assert facet_count(both, "track", "go") is None  # no go errors: not offered
    assert sorted(hit_ids(page(client, "/library?min_difficulty=5&max_difficulty=6"))) == [
        "PY-SR-001",
        "SD-CASE-001",
        "SEC-TOPIC-001",
    ]
    assert hit_ids(page(client, "/library?topic=caching&topic=testing&kind=question")) == [
        "GO-JR-001",
        "GO-MD-001",
    ]


def test_an_empty_query_browses_every_kind_with_the_filters_alone(client, bank):
    everything = page(client, "/library")
    assert len(hit_ids(everything)) == 8 and "1–8 of 8 items" in everything
    assert sorted(hit_ids(page(client, "/library?track=go"))) == ["GO-JR-001", "GO-MD-001"]


def test_no_result_suggests_dropping_a_filter(client, bank):
    html = page(client, "/library?q=sharding&kind=error&track=python")
    assert hit_ids(html) == [] and "Nothing matches" in html
    assert "without kind error" in html and "(2 results)" in html
    assert "without track python" not in html  # dropping it alone still finds nothing
    assert "Check the spelling" in page(client, "/library?q=xylophone")


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'sharding"',
        "AND",
        "OR NOT",
        "*",
        "(",
        ")",
        "^",
        "title:x",
        "NEAR(a b)",
        '"" OR ""',
        "'; DROP TABLE items; --",
        "a" * 5000,
        "-",
        "%",
        "\\",
        "日本語",
    ],
)
def test_query_syntax_never_breaks_the_search(app, client, bank, query):
    response = client.get("/library", query_string={"q": query})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Item.id))) == 8


def test_a_nul_in_a_query_is_a_clear_400_and_changes_nothing(app, client, bank):
    response = client.get("/library", query_string={"q": "cache\x00"})
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Item.id))) == 8


def test_only_the_documented_or_is_an_operator(client, bank):
    # `OR` (upper case) is the query syntax's; `or`, NOT and AND are ignored English words
    assert sorted(hit_ids(page(client, "/library?q=sharding+OR+xylophone"))) == [
        "PY-MD-001",
        "PY-SR-001",
    ]
    assert hit_ids(page(client, "/library?q=sharding+or+xylophone")) == []
    assert hit_ids(page(client, "/library?q=sharding+NOT+spread")) == ["PY-SR-001"]
    assert hit_ids(page(client, '/library?q=sharding+AND+"spread')) == ["PY-SR-001"]


def test_bad_filters_get_a_clear_message(client, bank):
    response = client.get("/library?level=wizard")
    assert response.status_code == 400
    assert "Unknown level" in response.get_data(as_text=True)
    assert client.get("/library?min_difficulty=eleven").status_code == 400


def test_results_are_paged(client, tmp_path, runner):
    load(runner, write_synthetic_bank(tmp_path / "big", 45))
    first = page(client, "/library?q=cache")
    assert len(hit_ids(first)) == 20 and "Page 1 of 3" in first and "1–20 of 45" in first
    third = page(client, "/library?q=cache&page=3")
    assert len(hit_ids(third)) == 5 and "41–45 of 45" in third
    assert not set(hit_ids(first)) & set(hit_ids(page(client, "/library?q=cache&page=2")))
    assert "Page 3 of 3" in page(client, "/library?q=cache&page=99")
    assert "Page 1 of 3" in page(client, "/library?q=cache&page=-2")


def test_htmx_gets_the_results_fragment_and_history_restores_get_the_page(client, bank):
    headers = {"HX-Request": "true", "HX-Target": "library-results"}
    fragment = client.get("/library?q=sharding", headers=headers)
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="library-results"') and "<html" not in text
    assert "HX-Request" in fragment.headers["Vary"]
    restore_headers = headers | {"HX-History-Restore-Request": "true"}
    restore = client.get("/library?q=sharding", headers=restore_headers)
    assert "<html" in restore.get_data(as_text=True)


def test_the_index_follows_every_load(client, bank, runner):
    assert hit_ids(page(client, "/library?q=zebrafish")) == []
    write_worded_item(
        bank,
        "GO-MD-001",
        "How does a read-through cache decide what to keep?",
        "Even a zebrafish could tell.",
        track="go",
        topics="[caching]",
    )
    write_worded_item(bank, "GO-MD-002", "Why is a zebrafish transparent?", track="go")
    load(runner, bank)
    assert hit_ids(page(client, "/library?q=zebrafish")) == ["GO-MD-002", "GO-MD-001"]
    assert hit_ids(page(client, "/library?q=decide")) == ["GO-MD-001"]  # still indexed once
    (bank / "questions" / "go" / "GO-MD-002.md").unlink()
    load(runner, bank)
    assert hit_ids(page(client, "/library?q=zebrafish")) == ["GO-MD-001"]  # retired: gone
    write_worded_item(bank, "GO-MD-002", "Why is a zebrafish transparent?", track="go")
    load(runner, bank)
    assert hit_ids(page(client, "/library?q=transparent")) == ["GO-MD-002"]  # back again
