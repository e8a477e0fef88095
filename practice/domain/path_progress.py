"""Learning-path progress, pure: which items make each module, what is learned and mature."""

from __future__ import annotations

from dataclasses import dataclass

MATURE_DAYS = 21.0


@dataclass(frozen=True)
class CardFacts:
    """What progress needs of a user's card: studied at all, and its stability in days."""

    reviewed: bool
    stability: float | None
    suspended: bool = False


@dataclass(frozen=True)
class ModuleProgress:
    title: str
    item_ids: tuple[int, ...]
    learned: int
    mature: int
    suspended: int = 0  # not learned and suspended: the drill will not show them

    @property
    def studyable(self) -> bool:
        """Items are left that the drill can still show as new."""
        return self.learned + self.suspended < self.total

    @property
    def total(self) -> int:
        return len(self.item_ids)

    @property
    def complete(self) -> bool:
        return self.learned >= self.total


def module_item_ids(
    explicit: list[int], topic_items: list[int], taken: set[int] | None = None
) -> tuple[int, ...]:
    """A module's items: its explicit items in their order, then its topics' items, once each."""
    seen = set(taken or ())
    ordered = []
    for item_id in list(explicit) + list(topic_items):
        if item_id not in seen:
            seen.add(item_id)
            ordered.append(item_id)
    return tuple(ordered)


def module_progress(
    title: str, item_ids: tuple[int, ...], cards: dict[int, CardFacts]
) -> ModuleProgress:
    learned = [cards[i] for i in item_ids if i in cards and cards[i].reviewed]
    mature = [c for c in learned if (c.stability or 0) >= MATURE_DAYS]
    held = [i for i in item_ids if i in cards and cards[i].suspended and not cards[i].reviewed]
    return ModuleProgress(title, item_ids, len(learned), len(mature), len(held))


def current_module(modules: list[ModuleProgress]) -> int:
    """The first module with items left to learn, suspended ones aside (the drill would find
    nothing there); the last one when all are learned."""
    for index, module in enumerate(modules):
        if module.studyable:
            return index
    return max(0, len(modules) - 1)


def module_minutes(path_hours: float, module_items: int, path_items: int) -> int:
    """A module's share of the path's estimated study time, by its share of the items, in
    whole minutes (at least one for a module with items)."""
    if path_items <= 0 or module_items <= 0 or path_hours <= 0:
        return 0
    return max(1, round(path_hours * 60 * module_items / path_items))


def duration_label(minutes: int) -> str:
    """'45 min', '2 h', '3 h 20 min': how a person reads a study-time estimate."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")
