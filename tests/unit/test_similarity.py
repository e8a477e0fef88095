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
