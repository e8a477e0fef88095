"""The values a bank is read into, and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"
# A pair of items the near-duplicate check finds alike: printed for a person to judge (merge
# them or make them clearly different); it fails `flask bank check --strict` only.
REVIEW = "review"


class BankUnreadable(Exception):
    """The folder cannot be read as a bank at all (one-line reason)."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Track:
    slug: str
    name: str
    code: str


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str


@dataclass(frozen=True)
class BankItem:
    external_id: str
    kind: str
    track: str
    topics: tuple[str, ...]
    level: str
    difficulty: int
    title: str
    body: str
    sections: tuple[tuple[str, str], ...]
    follow_ups: tuple[str, ...]
    source_path: str
    content_hash: str
    title_line: int = 1


@dataclass(frozen=True)
class PathModule:
    title: str
    topics: tuple[str, ...]
    items: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class LearningPath:
    slug: str
    title: str
    level: str
    summary: str
    modules: tuple[PathModule, ...]
    source_path: str
    content_hash: str
    tracks: tuple[str, ...] = ()
    hours: float = 0.0


@dataclass(frozen=True)
class Bank:
    tracks: tuple[Track, ...]
    topics: tuple[Topic, ...]
    items: tuple[BankItem, ...]
    paths: tuple[LearningPath, ...]


@dataclass
class BankReport:
    """The parsed bank and every problem found in it."""

    bank: Bank
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def reviews(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == REVIEW]
