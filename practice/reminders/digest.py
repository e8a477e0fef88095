"""The daily digest: what it says for one learner, and `send_due_digests`, which sends every
digest due now. Each digest is claimed first, by inserting its (user, local day) row, which
the database keeps unique: of runs on several hosts at once, or a run repeated, one claims it
and sends; the others find it claimed and move on. A send that fails releases its claim, so
the next run (within the catch-up window) tries again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from practice.domain.reminders import (
    UpcomingDate,
    countdown,
    digest_day,
    digest_summary,
    worth_sending,
)
from practice.extensions import db
from practice.home.queries import Today, today_for
from practice.models import DigestSend, ReminderSettings, User
from practice.reminders.dates import upcoming_dates
from practice.reminders.emails import send_reminder
from practice.security import audit
from practice.types import utcnow
from practice.web import external_url

log = logging.getLogger("practice.reminders")
# Claims older than this are deleted by each run: a claim only matters while its day's
# catch-up window is open, and keeping a row per learner per day forever would only grow.
KEEP_CLAIMS = timedelta(days=30)


@dataclass(frozen=True)
class Digest:
    user: User
    today: date  # the learner's calendar day
    work: Today
    upcoming: list[UpcomingDate]

    @property
    def due(self) -> int:
        return self.work.counts.due + self.work.counts.learning

    @property
    def new(self) -> int:
        return self.work.counts.new

    @property
    def summary(self) -> str:
        return digest_summary(self.due, self.new, self.upcoming, self.today)

    @property
    def worth_sending(self) -> bool:
        return worth_sending(self.due, self.new, self.upcoming, self.today)

    def countdown(self, day: date) -> str:
        return countdown(day, self.today)


def digest_for(user: User, now: datetime) -> Digest:
    today = now.astimezone(ZoneInfo(user.time_zone)).date()
    return Digest(user, today, today_for(user, now), upcoming_dates(user, now))


@dataclass
class DigestRun:
    sent: int = 0
    quiet: int = 0  # nothing to say that day: claimed, not sent
    failed: int = 0

    def message(self) -> str:
        return (
            f"{self.sent} digest{'s' if self.sent != 1 else ''} sent, {self.quiet} with nothing "
            f"due (not sent), {self.failed} failed"
        )


def due_now(now: datetime) -> list[tuple[int, date]]:
    """(user id, local day) of every opted-in active learner whose digest is due and not yet
    claimed. A claim made meanwhile by another run is caught by `claim`."""
    rows = db.session.execute(
        select(User.id, User.time_zone, ReminderSettings.digest_hour)
        .join(ReminderSettings, ReminderSettings.user_id == User.id)
        .where(ReminderSettings.digest_enabled.is_(True), User.active.is_(True))
        .order_by(User.id)
    ).all()
    due = [(uid, day) for uid, zone, hour in rows if (day := digest_day(now, zone, hour))]
    if not due:
        return []
    claimed = set(
        tuple(row)
        for row in db.session.execute(
            select(DigestSend.user_id, DigestSend.local_day).where(
                tuple_(DigestSend.user_id, DigestSend.local_day).in_(due)
            )
        )
    )
    return [pair for pair in due if pair not in claimed]


def claim(user_id: int, day: date, now: datetime) -> int | None:
    """Insert the (user, day) row in a transaction of its own: its id, or None when another
    run holds it already."""
    row = DigestSend(user_id=user_id, local_day=day, claimed_at=now, outcome="claimed")
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row.id


def send_due_digests(base: str, now: datetime | None = None) -> DigestRun:
    """Send every digest due at `now` (UTC, aware), each at most once per user and local day."""
    now = now or utcnow()
    run = DigestRun()
    for user_id, day in due_now(now):
        claim_id = claim(user_id, day, now)
        if claim_id is not None:
            _send_claimed(claim_id, user_id, base, now, run)
    db.session.execute(delete(DigestSend).where(DigestSend.claimed_at < now - KEEP_CLAIMS))
    db.session.commit()
    return run


def _send_claimed(claim_id: int, user_id: int, base: str, now: datetime, run: DigestRun) -> None:
    try:
        outcome = _send_one(db.session.get_one(User, user_id), base, now)
    except Exception:
        db.session.rollback()
        log.exception(
            "digest for user %d not sent: its claim is released for the next run", user_id
        )
        db.session.execute(delete(DigestSend).where(DigestSend.id == claim_id))
        db.session.commit()
        run.failed += 1
        return
    db.session.execute(update(DigestSend).where(DigestSend.id == claim_id).values(outcome=outcome))
    db.session.commit()
    if outcome == "sent":
        run.sent += 1
        audit("digest_sent", user=user_id)
    else:
        run.quiet += 1


def _send_one(user: User, base: str, now: datetime) -> str:
    digest = digest_for(user, now)
    if not digest.worth_sending:
        return "quiet"
    send_reminder(
        user,
        "digest",
        f"Practice: {digest.summary}",
        "digest.txt",
        base,
        digest=digest,
        hour=db.session.get_one(ReminderSettings, user.id).digest_hour,
        drill_url=external_url(base, "drill.page"),
    )
    return "sent"
