"""Writes valid bank folders of any size for tests and benchmarks.

Every generated item passes the linter with no warnings; callers then break one thing at a
time to see the problem reported.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

TRACKS = """\
- {slug: python, name: "Python", code: PY}
- {slug: go, name: "Go", code: GO}
- {slug: system-design, name: "System design", code: SD}
- {slug: security, name: "Security", code: SEC}
"""
TOPICS = """\
- {slug: databases, name: "Databases"}
- {slug: caching, name: "Caching"}
- {slug: testing, name: "Testing"}
"""
LEVEL_CODE = {"junior": "JR", "mid": "MD", "senior": "SR", "architect": "AR"}
LEVEL_DIFFICULTY = {"junior": 2, "mid": 4, "senior": 6, "architect": 8}
_SYLLABLES = "ka lo mi ne ru sa te vo zu xi pe da fi go hu ja".split()


def pseudo_words(count: int, seed: int = 7) -> list[str]:
    """Distinct made-up words, so that generated titles never look alike."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))))
    return sorted(words)


def prose(words: int, seed: int = 0) -> str:
    """Plain sentences of about ten words each, `words` words long."""
    vocabulary = "the cache keeps a copy of hot rows near the code that reads them".split()
    out, sentence = [], []
    for i in range(words):
        sentence.append(vocabulary[(i + seed) % len(vocabulary)])
        if len(sentence) == 10 or i == words - 1:
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    return " ".join(out)


def bullets(count: int, question: bool = False) -> str:
    end = "?" if question else "."
    return "\n".join(
        f"- Point number {n} worth {'asking' if question else 'knowing'}{end}"
        for n in range(1, count + 1)
    )


SECTIONS = {
    "question": lambda: [
        ("Answer", "It keeps data close to the reader. It trades freshness for speed."),
        ("Deep dive", prose(130)),
        ("Real world", prose(70, 3)),
        ("Common mistakes", bullets(2)),
        ("Production scenario", prose(70, 5)),
        ("Follow-ups", bullets(3, question=True)),
    ],
    "error": lambda: [
        ("Error", "```text\nKeyError: 'user_id'\n```"),
        ("Root cause", prose(45)),
        ("Fix", prose(45, 2)),
        ("Prevention", prose(25, 4)),
        ("Follow-ups", bullets(3, question=True)),
    ],
    "snippet": lambda: [
        ("Task", prose(20)),
        ("Code", "```python\nprint(sum(range(10)))\n```"),
        ("How it works", prose(65)),
        ("Pitfalls", bullets(2)),
        ("Follow-ups", bullets(3, question=True)),
    ],
    "design": lambda: [
        ("Problem", prose(45)),
        ("Approach", prose(65)),
        ("Deep dive", prose(125)),
        ("Trade-offs", prose(65)),
        ("Common mistakes", bullets(2)),
        ("Follow-ups", bullets(3, question=True)),
    ],
}
SECTIONS["security"] = lambda: [
    (("Defence" if name == "Trade-offs" else name), text) for name, text in SECTIONS["design"]()
]
FOLDERS = {"question": "questions", "error": "errors", "snippet": "snippets"}


def item_text(
    item_id: str,
    title: str,
    kind: str = "question",
    track: str = "python",
    level: str = "mid",
    topics: str = "[databases]",
    difficulty: int | None = None,
    sections: dict[str, str] | None = None,
) -> str:
    """The full text of one valid item file; `sections` replaces the named sections' text."""
    difficulty = LEVEL_DIFFICULTY[level] if difficulty is None else difficulty
    kind_line = "" if kind == "question" else f"kind: {kind}\n"
    front = (
        f"---\nid: {item_id}\n{kind_line}track: {track}\ntopics: {topics}\n"
        f"level: {level}\ndifficulty: {difficulty}\n---\n"
    )
    texts = dict(SECTIONS[kind]()) | (sections or {})
    body = "\n\n".join(f"## {name}\n{text}" for name, text in texts.items())
    return f"{front}# {title}\n\n{body}\n"


def item_path(root: Path, item_id: str, kind: str = "question", track: str = "python") -> Path:
    if kind in FOLDERS:
        return root / FOLDERS[kind] / track / f"{item_id}.md"
    return root / kind / f"{item_id}.md"


def write_item(root: Path, item_id: str, title: str, **facts) -> Path:
    path = item_path(root, item_id, facts.get("kind", "question"), facts.get("track", "python"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(item_text(item_id, title, **facts), encoding="utf-8")
    return path


def write_catalog(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tracks.yaml").write_text(TRACKS, encoding="utf-8")
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")


def write_small_bank(root: Path) -> Path:
    """One item of every kind and a path: the smallest complete bank."""
    write_catalog(root)
    write_item(root, "PY-MD-001", "How does a read-through cache decide what to keep?")
    write_item(
        root,
        "PY-JR-001",
        "What does pytest's fixture scope change?",
        level="junior",
        topics="[testing]",
    )
    write_item(root, "PY-ERR-001", "KeyError when reading the session", kind="error")
    write_item(root, "PY-SNP-001", "Sum a range of numbers", kind="snippet")
    write_item(
        root,
        "SD-CASE-001",
        "Design a URL shortener",
        kind="design",
        track="system-design",
        level="senior",
    )
    write_item(
        root,
        "SEC-TOPIC-001",
        "SQL injection through string formatting",
        kind="security",
        track="security",
        level="senior",
    )
    paths = root / "paths"
    paths.mkdir(exist_ok=True)
    (paths / "python-basics.yaml").write_text(
        "slug: python-basics\ntitle: Python basics\nlevel: junior\n"
        "tracks: [python, go, system-design, security]\nhours: 2\nsummary: Start here.\n"
        "modules:\n  - title: Testing\n    topics: [testing]\n    items: [PY-JR-001]\n"
        "  - title: The rest\n    topics: [databases, caching]\n",
        encoding="utf-8",
    )
    return root


class ZipfWriter:
    """Prose of made-up words drawn with Zipf's law, as real writing draws its words.

    Texts written by one writer share common words but hardly any rare ones, so a bank made
    of them meets the vocabulary a real bank of its size would, and nothing in it looks alike.
    """

    def __init__(self, seed: int = 5, vocabulary: int = 20_000) -> None:
        self.rng = random.Random(seed)
        self.words = pseudo_words(vocabulary, seed + 1)
        self.rng.shuffle(self.words)
        ranks = range(1, vocabulary + 1)
        self.weights = list(itertools.accumulate(1 / rank**1.1 for rank in ranks))

    def phrase(self, words: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.weights, k=words))

    def prose(self, words: int) -> str:
        drawn = self.rng.choices(self.words, cum_weights=self.weights, k=words)
        sentences = [" ".join(drawn[i : i + 10]) for i in range(0, words, 10)]
        return " ".join(sentence.capitalize() + "." for sentence in sentences)

    def story(self, words: int) -> str:
        """A story whose first two words are rare: openings vary as CONTRIBUTING.md asks."""
        opening = " ".join(self.rng.sample(self.words, 2)).capitalize()
        return f"{opening} {self.prose(words)}"

    def question_sections(self) -> dict[str, str]:
        """A question's prose sections, all distinct; every deep dive mentions "cache"."""
        return {
            "Answer": f"{self.prose(20)} {self.prose(10)}",
            "Deep dive": f"The cache keeps a copy of hot rows. {self.prose(130)}",
            "Real world": self.story(70),
            "Production scenario": self.story(70),
        }


def write_synthetic_bank(root: Path, count: int, seed: int = 11) -> Path:
    """`count` valid questions with distinct titles and prose, spread over tracks and levels.

    Titles share a few common words, as real ones do, so the near-duplicate check has
    candidates to weigh.
    """
    write_catalog(root)
    words = pseudo_words(2 * count + 50, seed)
    rng = random.Random(seed)
    rng.shuffle(words)
    writer = ZipfWriter(seed + 1)
    levels = list(LEVEL_CODE)
    for n in range(count):
        track, code = ("python", "PY") if n % 2 else ("go", "GO")
        level = levels[n % 4]
        unique = " ".join(words[2 * n : 2 * n + 2])
        title = f"How would you {unique} with {writer.phrase(3)}?"
        item_id = f"{code}-{LEVEL_CODE[level]}-{n + 1:05d}"
        facts = {"track": track, "level": level, "topics": "[databases, caching]"}
        write_item(root, item_id, title, sections=writer.question_sections(), **facts)
    return root
