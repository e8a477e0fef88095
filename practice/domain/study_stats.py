"""A learner's own statistics, pure: study days, activity per day, the streak with its freezes,
true retention, the due forecast, mastery buckets, histograms and the time a session takes.

Every day here is a study day: the learner's own date, starting at their own hour in their own
zone (`StudyClock`). Times are aware datetimes; `today` is passed in, never read from a clock.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practice.domain.card_status import CardStatus
from practice.domain.study_days import study_day

MATURE_DAYS = 21.0  # a review card whose stability reaches this many days is mature
DEFAULT_STREAK_GOAL = 10
FALLBACK_SECONDS = 30  # per card, until the learner has MIN_TIMED timed reviews of their own
MIN_TIMED = 20
KINDS = ("learning", "review", "relearn")


@dataclass(frozen=True)
class StudyClock:
    """Where a learner's study days begin, and the days of moments by that rule."""

    time_zone: str
    day_start_hour: int

    def day(self, moment: datetime) -> date:
        return study_day(moment, self.time_zone, self.day_start_hour)

    def start(self, day: date) -> datetime:
        """The moment `day` begins (aware, in the learner's zone; DST-safe)."""
        return datetime.combine(day, time(self.day_start_hour), tzinfo=ZoneInfo(self.time_zone))

    def calendar(self, first: date, last: date) -> Calendar:
        """The days first..last with the moments they begin: one zone lookup a day."""
        count = (last - first).days + 1
        starts = [self.start(first + timedelta(days=n)).timestamp() for n in range(count + 1)]
        return Calendar(first, count, starts)

    def days_of(self, moments: Sequence[datetime], first: date, last: date) -> list[date | None]:
        """The study day of each moment, None outside first..last."""
        calendar = self.calendar(first, last)
        return [calendar.day(calendar.index(m.timestamp())) for m in moments]


@dataclass(frozen=True)
class Calendar:
    """Consecutive study days as POSIX times: a binary search finds a moment's day, so long
    histories stay cheap (no time-zone arithmetic per review)."""

    first: date
    count: int
    starts: list[float]  # count + 1 boundaries: each day's start, then the end of the last

    def index(self, stamp: float) -> int:
        """The day's number from `first` (-1 before it, `count` after the last day)."""
        return bisect.bisect_right(self.starts, stamp) - 1

    def day(self, index: int) -> date | None:
        return self.first + timedelta(days=index) if 0 <= index < self.count else None


@dataclass(frozen=True)
class Review:
    """One counted (not undone) review as the figures need it."""

    at: datetime
    rating: int
    state_before: int  # CardStatus before the rating (NEW for a card's first review)
    duration_ms: int | None = None
    item_id: int = 0
    due_after: datetime | None = None
    stamp: float = field(init=False, compare=False, repr=False)
    due_stamp: float | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stamp", self.at.timestamp())
        due = self.due_after.timestamp() if self.due_after else None
        object.__setattr__(self, "due_stamp", due)

    @property
    def kind(self) -> str:
        """learning (new or learning card), review, or relearn."""
        return kind_of(self.state_before)


def kind_of(state_before: int) -> str:
    """A review's kind by the card's status before it: learning, review or relearn."""
    if state_before == CardStatus.REVIEW:
        return "review"
    if state_before == CardStatus.RELEARNING:
        return "relearn"
    return "learning"


@dataclass(frozen=True)
class DayTally:
    """The counted reviews of one study day with one card status before the rating, split by
    whether they were rated Again: what every per-day figure is summed from. The database
    groups a long history into these (practice.stats.days_sql); `tally` groups a list."""

    day: date
    state_before: int
    again: bool
    count: int
    seconds: float = 0.0


def tally(reviews: Iterable[Review], clock: StudyClock, first: date, last: date) -> list[DayTally]:
    """The reviews between the study days first and last grouped into tallies."""
    calendar = clock.calendar(first, last)
    counts: Counter[tuple[int, int, bool]] = Counter()
    seconds: dict[tuple[int, int, bool], float] = {}
    for review in reviews:
        index = calendar.index(review.stamp)
        if 0 <= index < calendar.count:
            key = (index, review.state_before, review.rating == 1)
            counts[key] += 1
            seconds[key] = seconds.get(key, 0.0) + (review.duration_ms or 0) / 1000
    return [
        DayTally(first + timedelta(days=index), state, again, count, seconds[key])
        for key, count in counts.items()
        for index, state, again in [key]
    ]


@dataclass(frozen=True)
class DayActivity:
    day: date
    learning: int = 0
    review: int = 0
    relearn: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.learning + self.review + self.relearn


def window(today: date, days: int) -> tuple[date, date]:
    """The first and last day of the `days` days that end today."""
    return today - timedelta(days=days - 1), today


def activity(
    reviews: Sequence[Review], clock: StudyClock, today: date, days: int
) -> list[DayActivity]:
    """Reviews per study day split by kind, with the time spent, oldest first, `days` days."""
    first, last = window(today, days)
    return activity_of(tally(reviews, clock, first, last), first, days)


def activity_of(tallies: Iterable[DayTally], first: date, days: int) -> list[DayActivity]:
    """Reviews per day split by kind, with the time spent, for the `days` days from `first`
    (tallies outside them are left out)."""
    counts = [[0, 0, 0] for _ in range(days)]
    seconds = [0.0] * days
    slot = {"learning": 0, "review": 1, "relearn": 2}
    for row in tallies:
        index = (row.day - first).days
        if 0 <= index < days:
            counts[index][slot[kind_of(row.state_before)]] += row.count
            seconds[index] += row.seconds
    return [
        DayActivity(first + timedelta(days=n), c[0], c[1], c[2], seconds[n])
        for n, c in enumerate(counts)
    ]


def unfinished_days(
    reviews: Iterable[Review], clock: StudyClock, first: date, today: date
) -> set[date]:
    """Days from `first` to today that ended with a card still due: from each review's due day
    to the day before the card's next review; a card not reviewed since keeps every day from
    its due day to today unfinished (today too: it is due and not done yet)."""
    calendar = clock.calendar(first, today)
    by_item: dict[int, list[Review]] = {}
    for review in reviews:
        by_item.setdefault(review.item_id, []).append(review)
    stretches: Counter[tuple[int, int]] = Counter()
    for history in by_item.values():
        history.sort(key=lambda r: r.stamp)
        for review, following in zip(history, [*history[1:], None], strict=True):
            if review.due_stamp is None:
                continue
            due = max(0, calendar.index(review.due_stamp))
            until = calendar.index(following.stamp) if following else calendar.count
            stretches[(due, until)] += 1
    return open_days(stretches, first, calendar.count)


def open_days(stretches: Mapping[tuple[int, int], int], first: date, count: int) -> set[date]:
    """The days (numbered from `first`, `count` of them) inside any stretch [due, until) of a
    card left due: the arithmetic of unfinished_days, for stretches the database found."""
    marks = [0] * (count + 2)  # +1 where an unfinished stretch starts, -1 after it
    for (due, until), cards in stretches.items():
        if cards and due < until and due < count:
            marks[due] += 1
            marks[min(until, count)] -= 1
    days, open_stretches = set(), 0
    for index in range(count):
        open_stretches += marks[index]
        if open_stretches > 0:
            days.add(first + timedelta(days=index))
    return days


@dataclass(frozen=True)
class Streak:
    current: int  # study days in the streak that is still alive (frozen days not counted)
    longest: int
    frozen: tuple[date, ...] = ()  # missed days a freeze bridged, in every streak shown
    today_done: bool = False
    counted_days: frozenset[date] = field(default_factory=frozenset)


def counted_days(per_day: dict[date, int], unfinished: set[date], goal: int) -> frozenset[date]:
    """Days that count toward the streak: at least `goal` reviews, or at least one review and
    nothing left due at the day's end."""
    return frozenset(
        day
        for day, count in per_day.items()
        if count >= goal or (count > 0 and day not in unfinished)
    )


def streak(days: frozenset[date], today: date) -> Streak:
    """Current and longest streak over counted days, one missed day a week (Monday to Sunday)
    bridged by a freeze. A freeze only holds a streak together: it never adds a day, and a
    missed today is not a miss yet (the day is still open)."""
    if not days:
        return Streak(0, 0)
    run = longest = 0
    frozen: list[date] = []
    pending: list[date] = []  # freezes spent since the last counted day
    used_weeks: set[tuple[int, int]] = set()
    day = min(days)
    while day <= today:
        week = day.isocalendar()[:2]
        if day in days:
            run += 1
            longest = max(longest, run)
            frozen += pending
            pending = []
        elif day == today:
            pass
        elif run and week not in used_weeks:
            used_weeks.add(week)
            pending.append(day)
        else:
            run, pending = 0, []
        day += timedelta(days=1)
    return Streak(run, longest, tuple(frozen + pending), today in days, days)


@dataclass(frozen=True)
class Retention:
    """True retention: the share of ratings of review cards that were not Again."""

    label: str
    passed: int
    total: int

    @property
    def share(self) -> float | None:
        return self.passed / self.total if self.total else None


def period_label(day: date, period: str) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def retention_by_period(
    reviews: Sequence[Review], clock: StudyClock, today: date, days: int, period: str
) -> list[Retention]:
    """True retention per day, ISO week or month over the `days` days ending today, oldest
    first; periods with no review-card rating are left out."""
    first, last = window(today, days)
    return retention_of(tally(reviews, clock, first, last), first, last, period)


def retention_of(
    tallies: Iterable[DayTally], first: date, last: date, period: str
) -> list[Retention]:
    """True retention per day, ISO week or month from first to last, oldest first, from the
    tallies of review cards; periods with no review-card rating are left out."""
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    rows = sorted(
        (row.day, row.again, row.count)
        for row in tallies
        if row.state_before == CardStatus.REVIEW and first <= row.day <= last
    )
    order: dict[str, None] = {}
    for day, again, count in rows:
        label = period_label(day, period)
        order.setdefault(label)
        total[label] += count
        passed[label] += 0 if again else count
    return [Retention(label, passed[label], total[label]) for label in order]


def retention_by_group(
    per_item: Mapping[int, tuple[int, int]], groups: Mapping[int, Sequence[str]]
) -> list[Retention]:
    """True retention per group (a track, a topic), by name, from each item's review-card
    ratings (not Again, all); `groups` maps an item to the groups it belongs to."""
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item, (not_again, ratings) in per_item.items():
        for name in groups.get(item, ()):
            total[name] += ratings
            passed[name] += not_again
    return [Retention(name, passed[name], total[name]) for name in sorted(total)]


def due_forecast(
    dues: Iterable[datetime], clock: StudyClock, today: date, days: int = 30
) -> list[tuple[date, int]]:
    """Cards coming due per study day from today on; anything overdue is due today."""
    return forecast_of(Counter(clock.day(due) for due in dues), today, days)


def forecast_of(per_day: Mapping[date, int], today: date, days: int = 30) -> list[tuple[date, int]]:
    """Cards due per study day for `days` days from today, from the cards due on each day;
    anything overdue is due today."""
    counts: Counter[date] = Counter()
    for day, cards in per_day.items():
        counts[max(today, day)] += cards
    return [(today + timedelta(days=n), counts[today + timedelta(days=n)]) for n in range(days)]


MASTERY = ("new", "learning", "young", "mature")


def mastery(state: int, stability: float | None) -> str:
    """new, learning (learning or relearning), young or mature (stability >= 21 days)."""
    if state == CardStatus.NEW or stability is None:
        return "new"
    if state != CardStatus.REVIEW:
        return "learning"
    return "mature" if stability >= MATURE_DAYS else "young"


@dataclass(frozen=True)
class Bin:
    label: str
    count: int


def histogram(values: Iterable[float], edges: Sequence[float], unit: str = "") -> list[Bin]:
    """Counts of values in [edges[i], edges[i+1]); the last bin takes everything above."""
    counts = [0] * len(edges)
    for value in values:
        counts[bin_index(value, edges)] += 1
    return histogram_of(counts, edges, unit)


def bin_index(value: float, edges: Sequence[float]) -> int:
    """The bin of a value: the last edge at or below it (the first bin below every edge)."""
    return max(0, bisect.bisect_right(edges, value) - 1)


def histogram_of(counts: Sequence[int], edges: Sequence[float], unit: str = "") -> list[Bin]:
    """The labelled bins of counts already made per bin (by bin_index, or its SQL twin)."""
    labels = [
        f"{_num(low)}-{_num(high)}{unit}" for low, high in zip(edges, edges[1:], strict=False)
    ] + [f"{_num(edges[-1])}{unit}+"]
    return [Bin(label, count) for label, count in zip(labels, counts, strict=True)]


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Estimate:
    minutes: int
    seconds_per_card: float
    from_own_reviews: bool  # False: too few timed reviews, the stated fallback is used


def minutes_estimate(durations_ms: Sequence[int], cards: int) -> Estimate:
    """Minutes `cards` cards will take at the learner's median answer time, or at
    FALLBACK_SECONDS a card while they have fewer than MIN_TIMED timed reviews."""
    timed = [d for d in durations_ms if d and d > 0]
    own = len(timed) >= MIN_TIMED
    per_card = statistics.median(timed) / 1000 if own else float(FALLBACK_SECONDS)
    minutes = -(-round(per_card * cards) // 60) if cards else 0
    return Estimate(int(minutes), per_card, own)
