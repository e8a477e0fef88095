"""The query syntax, parsed without an app: what each element becomes, and that nothing
typed reaches an engine as syntax."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from practice.domain.card_browser import Sort, due_label, parse_ids, parse_sort
from practice.domain.search import Term
from practice.domain.search_syntax import Alternative, CardFilter, parse_search


def only(text: str):
    clauses = parse_search(text).clauses
    assert len(clauses) == 1, clauses
    return clauses[0]


def test_a_minus_excludes_and_or_joins_its_neighbours():
    parsed = parse_search("docker -compose redis OR memcached ")
    assert parsed.clauses == (
        (Alternative(Term(("docker",))),),
        (Alternative(Term(("compose",)), negated=True),),
        (Alternative(Term(("redis",))), Alternative(Term(("memcached",)))),
    )
    assert parsed.text_query.fts5() == '"docker" AND ("redis" OR "memcached")'


def test_or_in_lower_case_is_an_ignored_word_and_a_lone_or_is_dropped():
    assert parse_search("redis or memcached ").text_query.words == ("redis", "memcached")
    assert parse_search("OR").is_empty and parse_search("OR OR docker OR").text_query.words == (
        "docker",
    )


def test_phrases_titles_and_the_word_being_typed():
    assert only('"read through" ') == (Alternative(Term(("read", "through"))),)
    assert only("title:kubern") == (Alternative(Term(("kubern",), title=True, prefix=True)),)
    assert only('-title:"cache stampede"') == (
        Alternative(Term(("cache", "stampede"), title=True), negated=True),
    )


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("is:due", CardFilter("due")),
        ("IS:Suspended", CardFilter("suspended")),
        ("is:leech", CardFilter("leech")),
        ("rated:1", CardFilter("rated", 1)),
        ("rated:7:3", CardFilter("rated", 7, rating=3)),
        ("lapses>3", CardFilter("lapses", 3, ">")),
        ("lapses<=2", CardFilter("lapses", 2, "<=")),
        ("lapses:4", CardFilter("lapses", 4, "=")),
    ],
)
def test_card_terms(text, term):
    assert only(text) == (Alternative(term),)
    assert parse_search(text).without_card_filters().is_empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("is:wizard", "is not a card state"),
        ("rated:0", "from 1 to 365"),
        ("rated:400", "from 1 to 365"),
        ("rated:2:5", "from 1 to 365"),
        ("lapses>x", "whole number"),
        ("title>x", "title:word"),
        ("x" * 300, "first 200 characters"),
    ],
)
def test_what_cannot_be_read_is_a_sentence_and_never_an_error(text, problem):
    parsed = parse_search(text)
    assert any(problem in p for p in parsed.problems), parsed.problems


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"""',
        "-",
        "- - -",
        "*",
        "NEAR(a b)",
        "a^b",
        "x:*",
        "{title}:x",
        "a AND NOT b",
        "é" * 300,
    ],
)
def test_engine_syntax_typed_by_a_user_stays_words(text):
    expression = parse_search(text).text_query.fts5()
    body = expression.replace('" *', '"')  # our own prefix star, after a quoted word
    assert "*" not in body and "^" not in body and "{" not in body and "NEAR(" not in body
    # every quote is ours: an even number, wrapping words of letters and digits
    assert expression.count('"') % 2 == 0


def test_at_most_twelve_terms_are_read():
    parsed = parse_search(" ".join(f"w{n} OR v{n}" for n in range(20)))
    assert sum(len(clause) for clause in parsed.clauses) <= 12
    assert any("12 search terms" in p for p in parsed.problems)


def test_sorting_parses_and_toggles():
    assert parse_sort("lapses", "desc") == Sort("lapses", "desc")
    assert parse_sort("nope", "sideways") == Sort("due", "asc")
    assert Sort("due", "asc").toggled("due") == Sort("due", "desc")
    assert Sort("due", "desc").toggled("lapses") == Sort("lapses", "asc")


def test_selected_ids_are_whole_numbers_once_each_and_not_too_many():
    assert parse_ids(["3", "1", "3"]) == [3, 1]
    assert parse_ids(["1", "x"]) is None and parse_ids(["-1"]) is None
    assert parse_ids([str(n) for n in range(501)]) is None


def test_due_is_shown_on_the_learners_clock():
    due = datetime(2026, 1, 1, 20, 30, tzinfo=UTC)
    assert due_label(due, 2, "Asia/Tokyo") == "2026-01-02"
    assert due_label(due, 1, "Asia/Tokyo") == "2026-01-02 05:30"
    assert due_label(due, 0, "Asia/Tokyo") == "new"
