"""The library's pure parts: query parsing, highlights, facets, paging, path progress."""

from __future__ import annotations

import pytest

from practice.domain.browse import code_preview, error_line
from practice.domain.library import (
    Relaxation,
    best_relaxations,
    facet_values,
    parse_page,
    relaxations,
)
from practice.domain.paging import paging
from practice.domain.path_progress import (
    CardFacts,
    current_module,
    module_item_ids,
    module_progress,
)
from practice.domain.scope import Scope
from practice.domain.search import excerpt, highlight, parse_query


def test_words_and_phrases_are_quoted_for_fts5():
    query = parse_query('Caching "read through" the NEAR(x) AND')
    assert query.words == ("caching", "near", "x")
    assert query.phrases == (("read", "through"),)
    assert query.fts5() == '"caching" AND "near" AND "x" AND "read through"'


@pytest.mark.parametrize(
    ("text", "words", "phrases"),
    [
        ('"unbalanced quote', ("unbalanced", "quote"), ()),
        ('a "b c" "d e', ("d", "e"), (("b", "c"),)),
        ("*^():-+", (), ()),
        ('"" ""', (), ()),
        ("url_map", ("url", "map"), ()),
        ("the and or", (), ()),
    ],
)
def test_query_syntax_is_never_passed_through(text, words, phrases):
    query = parse_query(text)
    typed_words = query.words + ((query.prefix,) if query.prefix else ())
    assert (typed_words, query.phrases) == (words, phrases)
    expression = query.fts5()
    # The one '*' is ours: after the quoted word still being typed, never from the input.
    own_prefix = f'"{query.prefix}" *' if query.prefix else ""
    assert '""' not in expression and "*" not in expression.replace(own_prefix, "")


def test_long_input_is_cut():
    query = parse_query(" ".join(f"w{n}" for n in range(100)))
    assert len(query.words) == 12


def test_highlight_marks_words_sharing_a_stem_and_escapes_the_rest():
    html = highlight("Caches <b>cached</b> a cache", ("caching",))
    assert html == "<mark>Caches</mark> &lt;b&gt;<mark>cached</mark>&lt;/b&gt; a <mark>cache</mark>"


def test_excerpt_centres_on_the_first_match():
    text = " ".join(["filler"] * 100) + " the sharding key " + " ".join(["tail"] * 100)
    html = excerpt(text, ("shard",), width=120)
    assert html.startswith("…") and html.endswith("…") and "<mark>sharding</mark>" in html
    assert len(html) < 160


def test_facets_keep_selected_values_and_drop_empty_ones():
    options = [("go", "Go"), ("python", "Python"), ("php", "PHP")]
    values = facet_values(options, {"python": 3}, ("php",))
    assert [(v.value, v.count, v.selected) for v in values] == [
        ("python", 3, False),
        ("php", 0, True),
    ]


def test_paging_clamps_and_counts():
    assert paging(45, 3).offset == 40 and paging(45, 3).last_shown == 45
    assert paging(45, 9).page == 3 and paging(0, 1).pages == 1 and paging(0, 1).first_shown == 0
    assert parse_page("x") == 1 and parse_page("2") == 2 and parse_page("9" * 12) == 1


def test_relaxations_name_each_filter_and_the_best_come_first():
    scope = Scope(kinds=("error",), tracks=("go",), min_difficulty=3)
    labels = [label for label, _ in relaxations(scope)]
    assert labels == ["kind error", "track go", "difficulty 3–10"]
    found = best_relaxations(
        [Relaxation("a", scope, 0), Relaxation("b", scope, 2), Relaxation("c", scope, 5)]
    )
    assert [r.label for r in found] == ["c", "b"]


def test_module_items_and_progress():
    ids = module_item_ids([5, 2], [2, 7, 9], taken={9})
    assert ids == (5, 2, 7)
    cards = {5: CardFacts(True, 30.0), 2: CardFacts(True, 3.0), 7: CardFacts(False, None)}
    progress = module_progress("M", ids, cards)
    assert (progress.learned, progress.mature, progress.total) == (2, 1, 3)
    done = module_progress("Done", (5,), cards)
    assert current_module([done, progress]) == 1 and current_module([done]) == 0


def test_error_line_and_code_preview():
    assert error_line("```text\n\nKeyError: 'x'\nmore\n```") == "KeyError: 'x'"
    assert error_line("Plain message\nsecond") == "Plain message"
    code = "```python\n" + "\n".join(f"line{n}" for n in range(12)) + "\n```"
    preview = code_preview(code, lines=3)
    assert preview.markdown == "```python\nline0\nline1\nline2\n```" and preview.more_lines == 9
    assert code_preview("no code").markdown == ""
