"""The search box's small query syntax, as Anki users know it, parsed into plain data.

`-word` excludes, `a OR b` (upper case) takes either, `"a phrase"` keeps its words in order,
`title:word` looks in titles only, and the card terms (`is:due`, `is:new`, `is:suspended`,
`is:buried`, `is:leech`, `rated:N`, `rated:N:R`, `lapses>N`) look at the searcher's own cards.
Nothing typed is ever engine syntax: words are letters and digits (see practice.domain.search),
and what cannot be read is left out with a message saying so, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from practice.domain.search import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    PREFIX_MIN,
    STOP_WORDS,
    WORD,
    SearchQuery,
    Term,
)
from practice.domain.search_words import SYNONYMS, tech_tokens

CARD_STATES = ("due", "new", "suspended", "buried", "leech")
MAX_RATED_DAYS = 365  # as Anki: rated:N looks back a year at most
MAX_LAPSES = 10_000
COMPARISONS = (">=", "<=", ">", "<", "=", ":")
_FIELD = re.compile(r"(title|is|rated|lapses)(>=|<=|>|<|=|:)", re.IGNORECASE)
_OR = "OR"


@dataclass(frozen=True)
class CardFilter:
    """A term about the searcher's own card: its state (`due`, `new`, `suspended`, `buried`,
    `leech`), a rating in the last `number` days (`rated`), or its lapse count (`lapses`)."""

    name: str
    number: int = 0
    compare: str = ""  # for lapses: one of > >= < <= =
    rating: int = 1  # for rated: which button (1 Again ... 4 Easy)

    def text(self) -> str:
        if self.name == "rated":
            return f"rated:{self.number}" + (f":{self.rating}" if self.rating != 1 else "")
        if self.name == "lapses":
            return f"lapses{self.compare}{self.number}"
        return f"is:{self.name}"


Atom = Term | CardFilter


@dataclass(frozen=True)
class Alternative:
    atom: Atom
    negated: bool = False


@dataclass(frozen=True)
class ParsedSearch:
    """The search as clauses that must all hold, each one of its alternatives; what could
    not be read is in `problems` (one sentence each, for the message beside the box)."""

    typed: str = ""
    clauses: tuple[tuple[Alternative, ...], ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def text(self) -> str:
        """What was typed, for the search box and links."""
        return self.typed

    @property
    def card_filters(self) -> tuple[CardFilter, ...]:
        return tuple(
            alt.atom
            for clause in self.clauses
            for alt in clause
            if isinstance(alt.atom, CardFilter)
        )

    @cached_property
    def text_query(self) -> SearchQuery:
        """The clauses of wanted text only (no exclusion, no card term) as one query: what
        ranks and highlights the results; every result matches it."""
        return _merged([clause for clause in self.clauses if _wanted_text(clause)], self.typed)

    @property
    def other_clauses(self) -> tuple[tuple[Alternative, ...], ...]:
        """The clauses `text_query` leaves out: exclusions and card terms, each read apart."""
        return tuple(clause for clause in self.clauses if not _wanted_text(clause))

    def without_card_filters(self) -> ParsedSearch:
        """The search with its card terms left out (what a scope without a user can use)."""
        kept = []
        for clause in self.clauses:
            alternatives = tuple(a for a in clause if not isinstance(a.atom, CardFilter))
            if len(alternatives) == len(clause):
                kept.append(clause)
        return ParsedSearch(self.typed, tuple(kept), self.problems)


def _wanted_text(clause: tuple[Alternative, ...]) -> bool:
    return all(isinstance(a.atom, Term) and not a.negated for a in clause)


def _merged(clauses: list[tuple[Alternative, ...]], typed: str) -> SearchQuery:
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    prefix: str | None = None
    groups: list[tuple[Term, ...]] = []
    for clause in clauses:
        terms = tuple(a.atom for a in clause if isinstance(a.atom, Term))
        only = terms[0]
        if len(terms) > 1 or only.title or (only.prefix and prefix is not None):
            groups.append(terms)
        elif only.prefix:
            prefix = only.words[0]
        elif len(only.words) > 1:
            phrases.append(only.words)
        else:
            words.append(only.words[0])
    return SearchQuery(
        tuple(dict.fromkeys(words)),
        tuple(dict.fromkeys(phrases)),
        prefix,
        typed,
        tuple(dict.fromkeys(groups)),
    )


@dataclass
class _Token:
    value: str
    negated: bool = False
    name: str | None = None  # title, is, rated, lapses
    compare: str = ""
    quoted: bool = False
    last: bool = False  # nothing was typed after it

    @property
    def is_or(self) -> bool:
        return self.value == _OR and not (self.negated or self.name or self.quoted)


def _tokens(text: str) -> list[_Token]:
    """Space-separated tokens, a quoted phrase being one; `-` in front excludes, `name:`
    (or `lapses>`...) names a field. An unbalanced quote is read as a space."""
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1 :]
    tokens, at, end = [], 0, len(text)
    while at < end:
        if text[at].isspace():
            at += 1
            continue
        token = _Token("")
        if text[at] == "-":
            token.negated, at = True, at + 1
        named = _FIELD.match(text, at)
        if named:
            token.name, token.compare = named.group(1).lower(), named.group(2)
            at = named.end()
        if at < end and text[at] == '"':
            close = text.index('"', at + 1)
            token.value, token.quoted, at = text[at + 1 : close], True, close + 1
        else:
            stop = at
            while stop < end and not text[stop].isspace() and text[stop] != '"':
                stop += 1
            token.value, at = text[at:stop], stop
        token.last = at >= end
        if token.value or token.name:
            tokens.append(token)
    return tokens


@dataclass
class _Reader:
    typed: str
    problems: list[str] = field(default_factory=list)

    def atoms(self, token: _Token, grouped: bool) -> list[Atom]:
        """What a token stands for: one atom, or (a plain word run like `read-only`, not
        excluded and not in an OR) one atom per word; none when nothing can be read."""
        if token.name in ("is", "rated", "lapses"):
            card = self.card_filter(token)
            return [card] if card else []
        if token.name == "title" and token.compare != ":":
            self.problems.append(f"Write title:word, not title{token.compare}word.")
            return []
        words = tuple(WORD.findall(token.value.lower()))
        title = token.name == "title"
        if not words:
            return []
        if token.quoted or token.negated or grouped or title:
            if len(words) == 1 and words[0] in STOP_WORDS and not token.quoted:
                return []
            prefix = self.is_prefix(token, words) and len(words) == 1 and not token.negated
            return [Term(words[:MAX_TERMS], title=title, prefix=prefix)]
        kept = [w for w in words if w not in STOP_WORDS]
        atoms: list[Atom] = [Term((word,)) for word in kept]
        if atoms and self.is_prefix(token, words) and kept[-1] == words[-1]:
            atoms[-1] = Term((words[-1],), prefix=True)
        return atoms

    def is_prefix(self, token: _Token, words: tuple[str, ...]) -> bool:
        """The word still being typed: last in the box, letters up to the end, long enough
        and not a known spelling (go, js, k8s match whole)."""
        last = words[-1]
        return (
            token.last
            and not token.quoted
            and self.typed[-1:].isalnum()
            and len(last) >= PREFIX_MIN
            and last not in STOP_WORDS
            and last not in SYNONYMS
            and self.typed.lower().endswith(last[-1])
        )

    def card_filter(self, token: _Token) -> CardFilter | None:
        value = token.value.strip().lower()
        if token.name == "is":
            if token.compare == ":" and value in CARD_STATES:
                return CardFilter(value)
            shown = f"is{token.compare}{token.value[:40]}"
            self.problems.append(
                f"“{shown}” is not a card state: use is:due, is:new, is:suspended, "
                "is:buried or is:leech."
            )
            return None
        if token.name == "rated":
            return self.rated(token, value)
        return self.lapses(token, value)

    def rated(self, token: _Token, value: str) -> CardFilter | None:
        days, _, rating = value.partition(":")
        if token.compare == ":" and days.isdigit() and (not rating or rating in "1234"):
            number = int(days)
            if 1 <= number <= MAX_RATED_DAYS:
                return CardFilter("rated", number, rating=int(rating or 1))
        self.problems.append(
            f"“rated{token.compare}{token.value[:40]}” needs a number of days from 1 to "
            f"{MAX_RATED_DAYS}, e.g. rated:1 (rated Again today) or rated:7:3 (Good, last 7 days)."
        )
        return None

    def lapses(self, token: _Token, value: str) -> CardFilter | None:
        if value.isdigit() and int(value) <= MAX_LAPSES:
            compare = "=" if token.compare == ":" else token.compare
            return CardFilter("lapses", int(value), compare)
        self.problems.append(
            f"“lapses{token.compare}{token.value[:40]}” needs a whole number, e.g. lapses>3."
        )
        return None


def parse_search(text: str | None) -> ParsedSearch:
    """The search box's text as clauses; never raises. `OR` joins the terms beside it (it
    binds closer than the implicit AND): `docker OR podman -compose`."""
    raw = text or ""
    typed = raw[:MAX_QUERY_CHARS]
    reader = _Reader(typed.strip())
    if len(raw) > MAX_QUERY_CHARS:
        reader.problems.append(f"Only the first {MAX_QUERY_CHARS} characters are searched.")
    tokens = _tokens(tech_tokens(typed))
    clauses: list[list[Alternative]] = []
    joining = False
    for index, token in enumerate(tokens):
        if token.is_or:
            joining = bool(clauses)
            continue
        grouped = joining or (index + 1 < len(tokens) and tokens[index + 1].is_or)
        atoms = reader.atoms(token, grouped)
        if not atoms:
            continue
        alternatives = [Alternative(atom, token.negated) for atom in atoms]
        if joining:
            clauses[-1].append(alternatives[0])
            alternatives = alternatives[1:]
        clauses.extend([alternative] for alternative in alternatives)
        joining = False
    return _capped(reader, clauses)


def _capped(reader: _Reader, clauses: list[list[Alternative]]) -> ParsedSearch:
    """At most MAX_TERMS terms in all (each one a read of the index), duplicates once."""
    kept: list[tuple[Alternative, ...]] = []
    count = 0
    for clause in dict.fromkeys(tuple(dict.fromkeys(c)) for c in clauses):
        if count + len(clause) > MAX_TERMS:
            reader.problems.append(f"Only the first {MAX_TERMS} search terms are used.")
            break
        kept.append(clause)
        count += len(clause)
    return ParsedSearch(reader.typed, tuple(kept), tuple(dict.fromkeys(reader.problems)))
