"""Near-duplicate detection: Jaccard similarity of titles, TF-IDF cosine of whole items.

Written by hand because the libraries we looked at compare strings pairwise (quadratic on a
5,000-item bank) or need numpy and scipy for an estimate (datasketch's MinHash, scikit-learn):
prefix-filtered similarity joins find every pair above a threshold, exactly, while comparing
only candidates that share a rare word.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

STOP_WORDS = frozenset(
    """a an and are as at be between by can describe difference do does explain for from how
    i in into is it its of on or should tell that the their them there these this to use used
    using vs versus was we what when where which while who why will with would you your""".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9+#]+)*")


def light_stem(word: str) -> str:
    """A word without its plural 's' (cheap, enough to match titles); node.js keeps it."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word.isalpha():
        return word[:-1]
    return word


def lower_words(text: str) -> list[str]:
    """The lower-cased words of a text, in order (dotted names such as node.js stay whole)."""
    return _WORD.findall(text.lower())


def content_words(title: str) -> frozenset[str]:
    """The set of lower-cased, lightly stemmed words of a title, stop words removed."""
    return frozenset(light_stem(word) for word in lower_words(title) if word not in STOP_WORDS)


class Terms:
    """Counts the terms of texts: words lightly stemmed, stop words and `ignored` words left out.

    Remembers the term of every word it has seen ('' for a word left out).
    """

    def __init__(self, ignored: frozenset[str] = frozenset()) -> None:
        self._ignored = {light_stem(word) for word in ignored}
        self._terms: dict[str, str] = {}

    def _term(self, word: str) -> str:
        term = light_stem(word)
        if len(word) < 2 or word in STOP_WORDS or term in self._ignored:
            term = ""  # one letter is a contraction's tail ("don't") more often than a word
        self._terms[word] = term
        return term

    def __call__(self, text: str) -> dict[str, int]:
        """How often each term occurs in the text."""
        known = self._terms
        counts: dict[str, int] = {}
        for word, count in Counter(lower_words(text)).items():
            term = known.get(word)
            if term is None:
                term = self._term(word)
            if term:
                counts[term] = counts.get(term, 0) + count
        return counts


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


Vector = dict[str, float]


def idf_weights(documents: Sequence[Iterable[str]]) -> dict[str, float]:
    """ln(N / df) of every term found in some but not all of the documents (each term once)."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(iter(document))  # an iterator, so a mapping counts its keys once
    total = len(documents)
    return {term: math.log(total / count) for term, count in frequency.items() if count < total}


def tfidf_vector(counts: Mapping[str, int], idf: Mapping[str, float]) -> Vector:
    """The unit-length TF-IDF vector of a document's term counts: (1 + ln tf) * idf; {} if none."""
    weights = {
        term: (1.0 + math.log(count) if count > 1 else 1.0) * idf[term]
        for term, count in counts.items()
        if term in idf
    }
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    return {term: weight / norm for term, weight in weights.items()} if norm else {}


def tfidf_vectors(documents: Sequence[Mapping[str, int]]) -> list[Vector]:
    """Unit-length TF-IDF vectors of documents' term counts; a term in all of them weighs 0."""
    idf = idf_weights(documents)
    return [tfidf_vector(counts, idf) for counts in documents]


def dot(left: Vector, right: Vector) -> float:
    """The dot product of two sparse vectors (their cosine when both have unit length)."""
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(term, 0.0) for term, weight in left.items())


def similar_pairs(vectors: Sequence[Vector], threshold: float) -> list[tuple[int, int, float]]:
    """Every pair (earlier, later, dot product) at or above a threshold > 0; norms at most 1.

    An all-pairs similarity join with prefix filtering (Bayardo, Ma and Srikant, 2007): each
    vector's most common terms stay out of the inverted index for as long as they alone could
    not reach the threshold with any vector (bounded by each term's largest weight and by
    Cauchy-Schwarz), so a pair at the threshold always meets in the index, and common words
    make no long posting lists.
    """
    frequency = Counter(term for vector in vectors for term in vector)
    largest: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for term, weight in vector.items():
            largest[term] = max(largest[term], weight)
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    left_out: list[float] = []
    pairs: list[tuple[int, int, float]] = []
    for position, vector in enumerate(vectors):
        partial: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for other, other_weight in index.get(term, ()):
                partial[other] += weight * other_weight
        for other in sorted(partial):
            if partial[other] + left_out[other] >= threshold:
                score = dot(vectors[other], vector)
                if score >= threshold:
                    pairs.append((other, position, score))
        common_first = sorted(vector, key=lambda term: (-frequency[term], term))
        left_out.append(
            _index_rare_terms(position, vector, common_first, largest, threshold, index)
        )
    return pairs


def _index_rare_terms(
    position: int,
    vector: Vector,
    common_first: list[str],
    largest: dict[str, float],
    threshold: float,
    index: dict[str, list[tuple[int, float]]],
) -> float:
    """Index a vector's terms from the first that the commoner ones before it cannot spare.

    Returns the bound on what the terms left out can add to a dot product with any vector.
    """
    by_largest = by_norm = 0.0
    for count, term in enumerate(common_first):
        weight = vector[term]
        next_largest, next_norm = by_largest + weight * largest[term], by_norm + weight * weight
        if min(next_largest, math.sqrt(next_norm)) >= threshold:
            for rare in common_first[count:]:
                index[rare].append((position, vector[rare]))
            break
        by_largest, by_norm = next_largest, next_norm
    return min(by_largest, math.sqrt(by_norm))
