"""One paginator for every paged list: which page to show and which rows it holds."""

from __future__ import annotations

import math
from dataclasses import dataclass

PER_PAGE = 20


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int
    total: int
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.total, self.offset + self.per_page)


def paging(total: int, requested: int, per_page: int = PER_PAGE) -> Paging:
    """The page to show: a page past the end shows the last one, below 1 the first."""
    pages = max(1, math.ceil(total / per_page))
    return Paging(min(max(1, requested), pages), pages, total, per_page)
