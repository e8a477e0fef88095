"""How developers spell things, for search: technical tokens kept whole, and synonyms.

One data table each. Both the indexed text and the query pass through `tech_tokens`, so
`C#` and `C++` stay apart on both engines (a plain tokeniser reads both as `c`); a query
word with synonyms matches any spelling of its group.
"""

from __future__ import annotations

import re

# Spellings a word tokeniser would break, and the single word each is indexed as.
TECH_TOKENS: tuple[tuple[str, str], ...] = (
    (r"(?<![\w+#])c\+\+(?![\w+])", "cplusplus"),
    (r"(?<![\w+#])c#(?!\w)", "csharp"),
    (r"(?<![\w+#])f#(?!\w)", "fsharp"),
    (r"(?<![\w.])\.net(?!\w)", "dotnet"),
    (r"(?<=\w)\.net(?!\w)", " dotnet"),  # ASP.NET, VB.NET
    (r"(?<!\w)n\s?\+\s?1(?!\w)", "nplus1"),
    (r"(?<!\w)(node|react|vue|next|nuxt|express)\.js(?!\w)", r"\1js"),
)
_TECH = [(re.compile(pattern, re.IGNORECASE), word) for pattern, word in TECH_TOKENS]

# Groups of spellings that mean the same thing; the first is the one the bank mostly uses.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("postgresql", "postgres", "psql"),
    ("kubernetes", "k8s", "kube"),
    ("javascript", "js", "ecmascript"),
    ("typescript", "ts"),
    ("python", "py"),
    ("go", "golang"),
    ("react", "reactjs"),
    ("node", "nodejs"),
    ("database", "db"),
)
SYNONYMS: dict[str, tuple[str, ...]] = {word: group for group in SYNONYM_GROUPS for word in group}


def tech_tokens(text: str) -> str:
    """The text with C#, C++, .NET, N+1, Node.js and the like written as one word each."""
    for pattern, word in _TECH:
        text = pattern.sub(word, text)
    return text


def spellings(word: str) -> tuple[str, ...]:
    """Every spelling a query word stands for (the word alone when it has no synonyms)."""
    return SYNONYMS.get(word, (word,))
