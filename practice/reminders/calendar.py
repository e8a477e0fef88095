"""The private calendar feed: an iCalendar document (RFC 5545, written with `icalendar`) of
all-day events, one per study day with cards coming due (today's with the count the drill
shows) and one per date from `upcoming_dates`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from practice.domain.reminders import UpcomingDate, countdown
from practice.home.queries import today_for
from practice.models import User
from practice.reminders.dates import upcoming_dates
from practice.stats.learner import clock_of, forecast_for
from practice.web import external_url

FORECAST_DAYS = 14
PRODUCT = "-//Practice//Study calendar//EN"


def feed_for(user: User, now: datetime, base: str) -> bytes:
    """The user's feed as of `now`: the next FORECAST_DAYS study days and every date ahead."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Practice study plan")
    drill = external_url(base, "drill.page")
    for event in _study_events(user, now, drill):
        calendar.add_component(event)
    today = clock_of(user).day(now)
    for upcoming in upcoming_dates(user, now):
        calendar.add_component(_date_event(user, upcoming, today, now, drill))
    return calendar.to_ical()


def _all_day(uid: str, day: date, summary: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy block
    return event


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _study_events(user: User, now: datetime, drill: str) -> list[Event]:
    work = today_for(user, now)
    due_today = work.counts.due + work.counts.learning
    forecast = forecast_for(user, now, FORECAST_DAYS)
    events = []
    for index, (day, count) in enumerate(forecast):
        count = due_today if index == 0 else count
        new = work.counts.new if index == 0 else 0
        if not count and not new:
            continue
        summary = f"Practice: {_plural(count, 'review')} due"
        event = _all_day(f"study-{day.isoformat()}-user{user.id}@practice", day, summary, now)
        lines = [f"{_plural(count, 'review')} due on this study day."]
        if index == 0:
            lines.append(f"{_plural(new, 'new card')} ready; about {work.estimate.minutes} min.")
        else:
            lines.append("A forecast: reviews you do before then move it.")
        event.add("description", " ".join(lines))
        event.add("url", drill)
        events.append(event)
    return events


def _date_event(
    user: User, upcoming: UpcomingDate, today: date, now: datetime, drill: str
) -> Event:
    label = "Due" if upcoming.kind == "assignment" else upcoming.kind.capitalize()
    summary = f"{label}: {upcoming.title}"
    uid = f"{upcoming.key or upcoming.kind}-{upcoming.day.isoformat()}-user{user.id}@practice"
    event = _all_day(uid, upcoming.day, summary, now)
    state = "goal reached" if upcoming.done else countdown(upcoming.day, today)
    event.add("description", f"{upcoming.kind.capitalize()} {upcoming.detail} ({state}).")
    event.add("url", drill)
    return event
