"""Practice's scheduler against Anki's own, through the same generated review history.

Both schedulers take the same cards, ratings and moments: Anki's Rust backend (the `anki`
package) in a temporary collection with FSRS on, and practice.domain.scheduling. Both use the
same 21 FSRS-6 parameters, desired retention 0.9, learning steps 1m 10m, relearning step 10m,
maximum interval 36,500 days, in one time zone with the study day starting at 04:00.

Run 1, fuzz off in both: after every review the two cards must agree exactly: the state, the
wait (a review's due study day, a learning step's due second) and the memory state.
Run 2, fuzz on in both: Anki draws its fuzz from its own generator (ChaCha seeded with the
card id and reps), which Practice does not copy; so Practice follows Anki's due dates and each
of Anki's fuzzed waits must lie in the range Practice's fuzz can give for that review (its
lowest and highest draws), floors and Hard < Good < Easy included.

The history mixes ratings (Again 15%, Hard 15%, Good 55%, Easy 15%) and moments: on the due
day, overdue, early, again the same study day, learning steps answered on time, late or the
next day, in sessions just after the day start, in the morning, the evening, around midnight
and just before the next day start. Each next moment is drawn from Anki's card (the
reference), so both see exactly the same history.

Anki's clock: the backend reads the system time (for "now", today's day number and the next day
start), so the Anki side runs in a child process under libfaketime (Debian package `faketime`),
preloaded with FAKETIME_TIMESTAMP_FILE and FAKETIME_NO_CACHE=1: before each answer the child
writes the moment into that file and every clock read in the process (Rust and Python) returns
it, frozen to the second. Moving the collection's day numbers and card fields instead was
rejected: Anki also stamps each answer with the time (revlog ids, last_review_time) and derives
the days elapsed from it. ANKI_TEST_MODE=1 turns Anki's fuzz off for run 1; it also makes
Anki's clock read two hours early between 02:00 and 04:00 local time (a shim for Anki's own
tests), so the child runs with TZ=UTC and opens the collection in server mode with the study
zone's offset in its config (localOffset, creationOffset): Anki then counts its days in the
study zone, and the history keeps out of 02:00-04:00 UTC (07:30-09:30 in the default zone, no
session of interest). The load balancer is off (it moves fuzzed intervals by other cards' due
counts). The zone must keep one UTC offset over the history (server mode takes a fixed offset).

Differences by design that this history does not reach: Anki counts elapsed days as whole
86,400-second periods back from the next day start, with the UTC offset in force now, so within
an hour of a DST change it can count a day more or less than the study days crossed, which
Practice counts; a review at exactly the second a day starts is a day older to Anki.

    python bench/anki_conformance.py [--cards 300] [--days 150] [--seed 7] [--zone Asia/Kolkata]
                                     [--no-fuzz-run]

Ends with `RESULT interval_exact=... stability_max_rel=... difficulty_max_rel=... cards=...
reviews=... fuzz_in_range=... fuzz_reviews=...`.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fsrs.scheduler import DEFAULT_PARAMETERS  # noqa: E402

from practice.domain import scheduling  # noqa: E402
from practice.domain.scheduling import (  # noqa: E402
    Memory,
    SchedulerSettings,
    day_start,
    review,
    study_day,
)

FAKETIME_LIBRARIES = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
)
DAY_START_HOUR = 4
RATING_WEIGHTS = (15, 15, 55, 15)
START = date(2025, 1, 6)
STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
# Hours after the day start: just after it, morning, evening, around midnight, just before
# the next one.
SESSIONS = ((0, 0.5), (6, 8), (15, 19.4), (19.5, 20.5), (23.5, 24))


def faketime_library() -> str | None:
    return next((path for path in FAKETIME_LIBRARIES if Path(path).exists()), None)


def fixed_minutes_west(zone: str) -> int:
    """The zone's one UTC offset over the history, in minutes west (Anki's unit)."""
    moments = (
        datetime.combine(START + timedelta(days=n), datetime.min.time()) for n in range(0, 800, 7)
    )
    offsets = {ZoneInfo(zone).utcoffset(moment) for moment in moments}
    if len(offsets) != 1:
        raise SystemExit(f"{zone} changes its UTC offset: pick a zone without DST")
    offset = offsets.pop()
    assert offset is not None
    return -int(offset.total_seconds() // 60)


def in_anki_shift(moment: datetime) -> bool:
    """02:00-04:00 UTC, when ANKI_TEST_MODE moves Anki's clock (the child runs in UTC)."""
    return 2 <= moment.astimezone(UTC).hour < 4


def clear_of_anki_shift(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC)
    return utc.replace(hour=4) if in_anki_shift(utc) else moment


# --- the Anki side (runs in the child process, under libfaketime) -------------------------


class AnkiSide:
    """A temporary collection with FSRS on; answers one card at a time at a given moment."""

    def __init__(self, folder: Path, clock_file: Path, zone: str, cards: int):
        from anki.collection import Collection, Config

        self.clock_file, self.zone = clock_file, zone
        self.set_clock(day_start(START - timedelta(days=1), zone, DAY_START_HOUR))
        self.col = Collection(str(folder / "conformance.anki2"), server=True)
        minutes_west = fixed_minutes_west(zone)
        self.col.set_config("localOffset", minutes_west)
        self.col.set_config("creationOffset", minutes_west)
        self.col.set_config("fsrs", True)
        self.col.set_config_bool(Config.Bool.LOAD_BALANCER_ENABLED, False)
        preferences = self.col.get_preferences()
        preferences.scheduling.rollover = DAY_START_HOUR
        self.col.set_preferences(preferences)
        config = self.col.decks.get_config(1)
        config["fsrsParams6"] = list(DEFAULT_PARAMETERS)
        config["desiredRetention"] = 0.9
        config["new"]["delays"] = [1.0, 10.0]
        config["lapse"]["delays"] = [10.0]
        config["rev"]["maxIvl"] = 36500
        self.col.decks.update_config(config)
        notetype = self.col.models.by_name("Basic")
        self.card_ids = []
        for n in range(cards):
            note = self.col.new_note(notetype)
            note["Front"], note["Back"] = f"card {n}", "answer"
            self.col.add_note(note, 1)
            self.card_ids.append(note.cards()[0].id)

    def set_clock(self, moment: datetime) -> None:
        if "ANKI_TEST_MODE" in os.environ:
            assert not in_anki_shift(moment), moment
        self.clock_file.write_text(moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S\n"))

    def answer(self, index: int, rating: int, moment: datetime) -> dict:
        """Answer the card at `moment`; the card as Anki left it, due as a study day (review,
        a step into a later day) or a second (learning)."""
        self.set_clock(moment)
        card = self.col.get_card(self.card_ids[index])
        card.start_timer()
        states = self.col._backend.get_scheduling_states(card.id)
        answer = self.col.sched.build_answer(card=card, states=states, rating=rating - 1)
        self.col.sched.answer_card(answer)
        card = self.col.get_card(card.id)
        queue, memory = int(card.queue), card.memory_state
        today = study_day(moment, self.zone, DAY_START_HOUR)
        in_days = queue in (2, 3)  # review, learning step past the day start
        return {
            "type": int(card.type),
            "ivl": card.ivl,
            "due_day": (
                (today + timedelta(days=card.due - self.col.sched.today)).isoformat()
                if in_days
                else None
            ),
            "due_second": None if in_days else card.due,
            "stability": memory.stability if memory else None,
            "difficulty": memory.difficulty if memory else None,
        }


def run_anki_child(run: argparse.Namespace) -> None:
    """Serve answers on stdin/stdout: one JSON request per line, one JSON answer per line."""
    with tempfile.TemporaryDirectory() as folder:
        clock = Path(os.environ["FAKETIME_TIMESTAMP_FILE"])
        side = AnkiSide(Path(folder), clock, run.zone, run.cards)
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            request = json.loads(line)
            moment = datetime.fromtimestamp(request["at"], UTC)
            print(json.dumps(side.answer(request["card"], request["rating"], moment)), flush=True)


# --- the history and the comparison (the parent process) -----------------------------------


class AnkiProcess:
    """The child running Anki under libfaketime, and its clock file."""

    def __init__(self, run: argparse.Namespace, fuzz: bool):
        library = faketime_library()
        if library is None:
            raise SystemExit("libfaketime is missing: apt-get install -y faketime")
        self.folder = tempfile.TemporaryDirectory()
        clock = Path(self.folder.name) / "clock"
        clock.write_text("2025-01-01 00:00:00\n")
        environment = {k: v for k, v in os.environ.items() if k != "ANKI_TEST_MODE"} | {
            "LD_PRELOAD": library,
            "FAKETIME_TIMESTAMP_FILE": str(clock),
            "FAKETIME_NO_CACHE": "1",
            "TZ": "UTC",
        }
        if not fuzz:
            environment["ANKI_TEST_MODE"] = "1"
        command = [sys.executable, __file__, "--anki-child", "--cards", str(run.cards)]
        self.process = subprocess.Popen(
            [*command, "--zone", run.zone],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
            text=True,
        )
        assert json.loads(self.read())["ready"]

    def read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the Anki process stopped (exit {self.process.wait()})")
        return line

    def answer(self, card: int, rating: int, moment: datetime) -> dict:
        assert self.process.stdin is not None
        request = {"card": card, "rating": rating, "at": moment.timestamp()}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.read())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        self.folder.cleanup()


@dataclass
class Tally:
    reviews: int = 0
    agreed: int = 0
    stability_max_rel: float = 0.0
    difficulty_max_rel: float = 0.0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [count, agreed]
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, agreed: bool, note: str) -> None:
        self.reviews += 1
        self.agreed += agreed
        counts = self.kinds.setdefault(kind, [0, 0])
        counts[0] += 1
        counts[1] += agreed
        if not agreed and len(self.examples) < 12:
            self.examples.append(note)

    def memory(self, mine: Memory, reference: dict) -> None:
        self.stability_max_rel = max(
            self.stability_max_rel, relative(mine.stability, reference["stability"])
        )
        self.difficulty_max_rel = max(
            self.difficulty_max_rel, relative(mine.difficulty, reference["difficulty"])
        )

    @property
    def share(self) -> float:
        return self.agreed / max(1, self.reviews)


def relative(a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return 0.0 if a is b else 1.0
    return abs(a - b) / abs(b) if b else abs(a - b)


def session_moment(rng: random.Random, day: date, zone: str, after: datetime | None) -> datetime:
    """A moment of study day `day` in one of the sessions, later than `after`."""
    start = day_start(day, zone, DAY_START_HOUR)
    for _ in range(20):
        low, high = rng.choice(SESSIONS)
        offset = rng.randrange(int(low * 3600) + 1, int(high * 3600) - 1)
        moment = clear_of_anki_shift(start + timedelta(seconds=offset))
        if after is None or moment > after:
            return moment
    later = max(after or start, start) + timedelta(seconds=rng.randrange(60, 3600))
    return clear_of_anki_shift(later)


def next_moment(rng: random.Random, anki: dict, now: datetime, zone: str) -> datetime:
    """When the card is next reviewed, from Anki's card: learning steps on time, late or the
    next day; reviews on the due day, overdue, early or again the same study day."""
    today = study_day(now, zone, DAY_START_HOUR)
    if anki["due_second"] is not None:
        due = datetime.fromtimestamp(anki["due_second"], UTC)
        if rng.random() < 0.12:
            return session_moment(rng, today + timedelta(days=1), zone, due)
        return clear_of_anki_shift(due + timedelta(seconds=rng.choice((0, 5, 40, 300, 1800, 5400))))
    due_day = date.fromisoformat(anki["due_day"])
    interval = max(1, (due_day - today).days)
    pick = rng.random()
    if pick < 0.1:
        day = today  # again on the same study day
    elif pick < 0.25 and interval > 1:
        day = due_day - timedelta(days=rng.randrange(1, interval))  # early
    elif pick < 0.5:
        day = due_day + timedelta(days=rng.randrange(1, max(2, interval)))  # overdue
    else:
        day = due_day
    return session_moment(rng, max(day, today), zone, now)


def wait_of(memory: Memory, zone: str) -> dict:
    """Practice's due in the bench's terms: a study day, or a second for an intraday step."""
    due = memory.due
    assert due is not None
    day = study_day(due, zone, DAY_START_HOUR)
    if memory.state == 2 or due == day_start(day, zone, DAY_START_HOUR):
        return {"due_day": day.isoformat(), "due_second": None}
    return {"due_day": None, "due_second": int(due.timestamp())}


def anki_due(reference: dict, zone: str) -> datetime:
    if reference["due_day"] is not None:
        return day_start(date.fromisoformat(reference["due_day"]), zone, DAY_START_HOUR)
    return datetime.fromtimestamp(reference["due_second"], UTC)


def kind_of(before: Memory, moment: datetime, zone: str) -> str:
    if before.state != 2:
        return STATES[before.state]
    assert before.due is not None
    late = (
        study_day(moment, zone, DAY_START_HOUR) - study_day(before.due, zone, DAY_START_HOUR)
    ).days
    return "review " + ("on time" if late == 0 else "overdue" if late > 0 else "early")


def in_fuzz_range(settings, before: Memory, rating: int, moment: datetime, reference: dict) -> bool:
    """Anki's fuzzed due lies between Practice's dues at its lowest and highest draws."""
    original = scheduling.fuzz_draw
    dues = []
    try:
        for draw in (0.0, 1 - 1e-9):
            scheduling.fuzz_draw = lambda seed, draw=draw: draw
            dues.append(review(settings, before, rating, moment, "").memory.due)
    finally:
        scheduling.fuzz_draw = original
    return dues[0] <= anki_due(reference, settings.time_zone) <= dues[1]


def compare(run: argparse.Namespace, fuzz: bool) -> tuple[Tally, dict[str, int]]:
    """Drive both schedulers through one generated history; the tally and what it covered."""
    rng = random.Random(run.seed + fuzz)
    zone = run.zone
    settings = SchedulerSettings(
        parameters=tuple(DEFAULT_PARAMETERS),
        fuzz=fuzz,
        time_zone=zone,
        day_start_hour=DAY_START_HOUR,
    )
    end = START + timedelta(days=run.days)
    memories = [Memory() for _ in range(run.cards)]
    queue: list[tuple[datetime, int]] = []
    for card in range(run.cards):
        first = START + timedelta(days=rng.randrange(0, max(1, run.days // 3)))
        heapq.heappush(queue, (session_moment(rng, first, zone, None), card))
    anki, tally = AnkiProcess(run, fuzz), Tally()
    covered = {"same study day": 0, "around midnight": 0, "around the day start": 0}
    try:
        while queue:
            moment, card = heapq.heappop(queue)
            rating = rng.choices((1, 2, 3, 4), RATING_WEIGHTS)[0]
            before = memories[card]
            reference = anki.answer(card, rating, moment)
            mine = review(settings, before, rating, moment, f"bench:{card}:{before.reps}").memory
            note = describe(card, rating, moment, zone, mine, reference)
            same_state = mine.state == reference["type"]
            if fuzz:
                agreed = same_state and in_fuzz_range(settings, before, rating, moment, reference)
                mine = replace(mine, due=anki_due(reference, zone))  # follow Anki's draws
            else:
                agreed = same_state and wait_of(mine, zone) == {
                    k: reference[k] for k in ("due_day", "due_second")
                }
            tally.add(kind_of(before, moment, zone), agreed, note)
            tally.memory(mine, reference)
            count_coverage(covered, before, moment, zone)
            memories[card] = mine
            following = next_moment(rng, reference, moment, zone)
            if study_day(following, zone, DAY_START_HOUR) < end:
                heapq.heappush(queue, (following, card))
    finally:
        anki.close()
    return tally, covered


def describe(
    card: int, rating: int, moment: datetime, zone: str, mine: Memory, reference: dict
) -> str:
    local = moment.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")
    anki = {k: reference[k] for k in ("due_day", "due_second", "ivl")}
    return (
        f"card {card} rated {rating} at {local}: Practice {STATES[mine.state]} "
        f"{wait_of(mine, zone)} S={mine.stability}, Anki {STATES[reference['type']]} {anki} "
        f"S={reference['stability']}"
    )


def count_coverage(covered: dict[str, int], before: Memory, moment: datetime, zone: str) -> None:
    local = moment.astimezone(ZoneInfo(zone))
    minutes = local.hour * 60 + local.minute
    if before.last_review is not None and before.state == 2:
        last = study_day(before.last_review, zone, DAY_START_HOUR)
        covered["same study day"] += last == study_day(moment, zone, DAY_START_HOUR)
    covered["around midnight"] += minutes >= 23 * 60 + 30 or minutes < 30
    covered["around the day start"] += abs(minutes - DAY_START_HOUR * 60) <= 30


def report(title: str, tally: Tally, covered: dict[str, int]) -> None:
    print(f"== {title}: {tally.reviews} reviews")
    for kind, (count, agreed) in sorted(tally.kinds.items()):
        print(f"  {kind:>15}: {count:5d} reviews, {agreed / count:.4f} agree")
    print("  history: " + ", ".join(f"{n} reviews {what}" for what, n in covered.items()))
    for example in tally.examples:
        print("  differs:", example)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--days", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--zone", default="Asia/Kolkata")
    parser.add_argument("--no-fuzz-run", action="store_true", help="skip run 2 (fuzz on)")
    parser.add_argument("--anki-child", action="store_true", help=argparse.SUPPRESS)
    run = parser.parse_args(argv)
    if run.anki_child:
        run_anki_child(run)
        return
    exact, covered = compare(run, fuzz=False)
    report("fuzz off, every wait and memory state", exact, covered)
    result = (
        f"RESULT interval_exact={exact.share:.4f} "
        f"stability_max_rel={exact.stability_max_rel:.6f} "
        f"difficulty_max_rel={exact.difficulty_max_rel:.6f} "
        f"cards={run.cards} reviews={exact.reviews}"
    )
    if not run.no_fuzz_run:
        fuzzed, covered = compare(run, fuzz=True)
        report("fuzz on, Anki's wait inside Practice's fuzz range", fuzzed, covered)
        result += f" fuzz_in_range={fuzzed.share:.4f} fuzz_reviews={fuzzed.reviews}"
    print(result)


if __name__ == "__main__":
    main()
