from practice.domain.similarity import content_words, near_duplicate_pairs


def test_rephrasing_of_one_question_is_a_near_duplicate():
    titles = [
        "How does Flask's application context work?",
        "What is a closure in JavaScript?",
        "Explain how the Flask application contexts work",
    ]
    assert [(a, b) for a, b, _ in near_duplicate_pairs(titles)] == [(0, 2)]


def test_same_concept_in_two_languages_is_not_a_duplicate():
    titles = ["What is a closure in JavaScript?", "What is a closure in Python?"]
    assert near_duplicate_pairs(titles) == []


def test_matches_a_brute_force_join_on_many_titles():
    import itertools
    import random

    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(30)]
    titles = [" ".join(rng.sample(vocabulary, rng.randint(2, 6))) for _ in range(300)]
    sets = [content_words(t) for t in titles]
    expected = {
        (i, j)
        for i, j in itertools.combinations(range(len(titles)), 2)
        if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.8
    }
    assert expected, "the sample should contain some near-duplicates"
    assert {(a, b) for a, b, _ in near_duplicate_pairs(titles)} == expected


def test_terms_are_counted_without_stop_words_plurals_or_ignored_words():
    from practice.domain.similarity import Terms

    terms = Terms(ignored=frozenset({"react"}))
    assert terms("The caches and the cache: React's cache in Node.js") == {
        "cache": 3,
        "node.js": 1,
    }
    assert Terms(frozenset({"reacts"}))("React apps") == {"app": 1}


def test_tfidf_vectors_have_unit_length_and_ignore_terms_found_everywhere():
    import math

    from practice.domain.similarity import tfidf_vectors

    vectors = tfidf_vectors([{"cache": 2, "row": 1}, {"cache": 1, "queue": 3}, {"cache": 1}])
    assert vectors[2] == {}
    assert all("cache" not in vector for vector in vectors)
    assert math.isclose(sum(w * w for w in vectors[0].values()), 1.0)
    assert vectors[1]["queue"] == 1.0


def test_similar_pairs_finds_exactly_the_pairs_a_brute_force_join_finds():
    import itertools
    import random

    from practice.domain.similarity import dot, similar_pairs, tfidf_vectors

    rng = random.Random(5)
    vocabulary = [f"w{n}" for n in range(60)]
    weights = [1 / rank for rank in range(1, 61)]  # a few common words, many rare ones
    documents = []
    for _ in range(250):
        drawn = rng.choices(vocabulary, weights=weights, k=rng.randint(2, 12))
        documents.append({word: drawn.count(word) for word in drawn})
    vectors = tfidf_vectors(documents)
    for threshold in (0.2, 0.5, 0.8):
        expected = {
            (i, j)
            for i, j in itertools.combinations(range(len(vectors)), 2)
            if dot(vectors[i], vectors[j]) >= threshold
        }
        assert expected, f"the sample should hold pairs at {threshold}"
        found = similar_pairs(vectors, threshold)
        assert {(i, j) for i, j, _ in found} == expected
        assert all(abs(score - dot(vectors[i], vectors[j])) < 1e-9 for i, j, score in found)
