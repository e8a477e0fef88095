"""Near-duplicate detection for item titles: Jaccard similarity of their content words.

Written by hand because the libraries we looked at compare strings pairwise (quadratic on a
5,000-item bank); a prefix-filtered set-similarity join finds every pair above the threshold
while comparing only candidates that share a rare word.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

STOP_WORDS = frozenset(
    """a an and are as at be between by can describe difference do does explain for from how
    i in into is it its of on or should tell that the their them there these this to use used
    using vs versus was we what when where which while who why will with would you your""".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9+#]+)*")


def content_words(title: str) -> frozenset[str]:
    """The set of lower-cased, lightly stemmed words of a title, stop words removed."""
    words = set()
    for word in _WORD.findall(title.lower()):
        if word in STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    """Share of words two sets have in common."""
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def near_duplicate_pairs(
    titles: Sequence[str], threshold: float = 0.8
) -> list[tuple[int, int, float]]:
    """Every pair (earlier index, later index, similarity) at or above the threshold."""
    sets = [content_words(title) for title in titles]
    frequency = Counter(word for words in sets for word in words)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int, float]] = []
    for position, words in enumerate(sets):
        if not words:
            continue
        ordered = sorted(words, key=lambda word: (frequency[word], word))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        candidates = {other for word in prefix for other in index[word]}
        for other in sorted(candidates):
            score = jaccard(sets[other], words)
            if score >= threshold:
                pairs.append((other, position, score))
        for word in prefix:
            index[word].append(position)
    return pairs
