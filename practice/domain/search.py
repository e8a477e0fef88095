"""Search text, pure: user input to a safe full-text query, documents to index, highlights.

User input never reaches the engines' query syntax: it is cut into words (letters and digits)
and quoted phrases, and each is quoted again for FTS5 or passed as a bound parameter to
PostgreSQL's plainto_tsquery / phraseto_tsquery. Stray operators and unbalanced quotes are
simply dropped or read as words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import snowballstemmer

from practice.domain.search_words import SYNONYMS, spellings, tech_tokens

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
PREFIX_MIN = 3  # a shorter prefix matches half the bank
WORD = re.compile(r"[^\W_]+")
_MARKUP = re.compile(r"```[^\n]*|[#*`>|~\[\]]+|\(https?://[^)]*\)")
_SPACE = re.compile(r"\s+")
# English stop words (as PostgreSQL's english configuration drops them), dropped on both
# engines so that they agree; words like AND / OR / NOT are never operators either way.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)


@dataclass(frozen=True)
class Term:
    """One thing to match, for the query syntax: a word or a phrase (its words in order), in
    the title only or anywhere, whole or (the word still being typed) as a prefix."""

    words: tuple[str, ...]
    title: bool = False
    prefix: bool = False

    def fts5(self) -> str:
        """The term as an FTS5 expression: quoted, any of a word's spellings."""
        column = "title : " if self.title else ""
        if self.prefix:
            return f'{column}"{self.words[0]}" *'
        if len(self.words) > 1:
            return column + '"' + " ".join(self.words) + '"'
        forms = spellings(self.words[0])
        if len(forms) == 1:
            return f'{column}"{forms[0]}"'
        return "(" + " OR ".join(f'{column}"{form}"' for form in forms) + ")"


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefix: str | None = None  # the last word, still being typed: it matches as a prefix
    typed: str | None = None  # what was typed, for the search box
    any_of: tuple[tuple[Term, ...], ...] = ()  # each: one of these terms must match

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases and not self.prefix and not self.any_of

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word with its other spellings, phrase words included: what results
        highlight (the prefix is highlighted apart)."""
        words = tuple(form for word in self.words for form in spellings(word))
        grouped = tuple(
            form
            for group in self.any_of
            for term in group
            if not term.prefix
            for word in term.words
            for form in spellings(word)
        )
        phrase_words = tuple(w for p in self.phrases for w in p)
        return tuple(dict.fromkeys(words + phrase_words + grouped))

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Every word matched as a prefix (the one still being typed)."""
        grouped = tuple(t.words[0] for group in self.any_of for t in group if t.prefix)
        return ((self.prefix,) if self.prefix else ()) + grouped

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word (any of its spellings) and phrase required,
        each one quoted, the last word as a prefix, and one term of each group."""
        parts = [_fts5_word(word) for word in self.words]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        if self.prefix:
            parts.append(f'"{self.prefix}" *')
        parts += ["(" + " OR ".join(term.fts5() for term in group) + ")" for group in self.any_of]
        return " AND ".join(parts)

    def text(self) -> str:
        """The query as a user would type it again."""
        if self.typed is not None:
            return self.typed
        words = self.words + ((self.prefix,) if self.prefix else ())
        return " ".join(words + tuple(f'"{" ".join(p)}"' for p in self.phrases))


def _fts5_word(word: str) -> str:
    forms = spellings(word)
    if len(forms) == 1:
        return f'"{word}"'
    return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"


def parse_query(text: str | None) -> SearchQuery:
    """Words and "quoted phrases" from a search box; an unbalanced quote reads as words. The
    last word, when nothing follows it (the user is still typing), matches as a prefix."""
    typed = (text or "")[:MAX_QUERY_CHARS]
    pieces = tech_tokens(typed).split('"')
    closed = len(pieces) % 2 == 1
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for index, piece in enumerate(pieces):
        tokens = tuple(WORD.findall(piece.lower()))
        quoted = index % 2 == 1 and (closed or index < len(pieces) - 1)
        if quoted and len(tokens) > 1:
            phrases.append(tokens[:MAX_TERMS])
        else:
            words.extend(tokens)
    prefix = _prefix(typed, words)
    if prefix:
        words = words[:-1]
    words = [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:MAX_TERMS]
    phrases = list(dict.fromkeys(phrases))[: max(0, MAX_TERMS - len(words))]
    return SearchQuery(tuple(words), tuple(phrases), prefix, typed.strip())


def _prefix(typed: str, words: list[str]) -> str | None:
    """The last word, when the text ends in it (no space, quote or symbol after it): the word
    the user is still typing."""
    if not words or not typed or not typed[-1].isalnum():
        return None
    last = words[-1]
    if len(last) < PREFIX_MIN or last in STOP_WORDS or last in SYNONYMS:
        return None  # short words and known spellings (go, js, k8s) match as whole words
    return last if typed.lower().endswith(last[-1]) else None


@lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Markdown with its markup and fences stripped and whitespace folded (for excerpts)."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", markdown or "")).strip()


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds for one item, in three weighted parts."""

    title: str
    body: str
    extra: str


def search_document(
    title: str,
    body: str,
    sections: list[list[str]],
    follow_ups: list[str],
    facts: list[str],
) -> SearchDocument:
    """The indexed text of an item: title; prompt, sections and follow-ups; id, track, topics;
    technical tokens (C#, C++, .NET, N+1) written as one word each, as queries write them."""
    parts = [body] + [f"{name}. {text}" for name, text in sections] + list(follow_ups)
    return SearchDocument(
        plain_text(tech_tokens(title)),
        plain_text(tech_tokens("\n".join(parts))),
        tech_tokens(" ".join(facts)),
    )


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The English Snowball stemmer (snowballstemmer ships no types)."""
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def _candidates(terms: tuple[str, ...], prefix: str | None = None) -> re.Pattern[str] | None:
    """Words beginning like a term's stem: a fast first pass before stemming each candidate."""
    # a stem's last letter may differ from the word's ("tri" for "try"): leave it out
    stems = [stem(term) for term in terms + ((prefix,) if prefix else ()) if term]
    starts = {s[: max(1, min(4, len(s) - 1))] for s in stems} | ({prefix} if prefix else set())
    prefixes = sorted(starts, key=len, reverse=True)
    if not prefixes:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")[^\W_]*", re.I)


def _matching_words(
    text: str, terms: tuple[str, ...], prefix: str | None = None
) -> Iterator[re.Match[str]]:
    """Matches of the words in `text` that share a stem with one of the terms, or begin with
    the prefix, in order."""
    pattern = _candidates(terms, prefix)
    if pattern is None:
        return
    stems = {stem(term) for term in terms + ((prefix,) if prefix else ())}
    for match in pattern.finditer(text):
        word = match.group()
        if stem(word) in stems or (prefix and word.lower().startswith(prefix)):
            yield match


def highlight(text: str, terms: tuple[str, ...], prefix: str | None = None) -> str:
    """HTML-escaped text with every word that shares a stem with a term (or begins with the
    prefix) wrapped in <mark>."""
    out, last = [], 0
    for match in _matching_words(text, terms, prefix):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def excerpt(text: str, terms: tuple[str, ...], width: int = 240, prefix: str | None = None) -> str:
    """About `width` characters of plain text around the first matching word, highlighted."""
    first = next((m.start() for m in _matching_words(text, terms, prefix)), 0)
    start = max(0, first - width // 4)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    marked = highlight(window, terms, prefix)
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")
