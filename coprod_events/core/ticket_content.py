"""What a ticket says beyond the event and the code: the person's dates, and how large to print.

A conference ticket lists the sessions the person booked (a PA's, those of the person they
support too), with times and rooms; a course's ticket lists every one of its dates, with the
cancelled weeks marked, since a course is booked whole. The print size comes from a large-print
request (its size, else 18pt) and changes the layout only: no ticket or email says why.
Nothing here reads roles, other access needs or notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import dates
from .data import events as events_data
from .data import tickets as data
from .events import Event, Session
from .store import Store

LARGE_PRINT = 18.0  # points, when someone asks for large print without a size
SMALLEST, LARGEST = 16.0, 36.0  # what a large-print request is held to (36pt still fits A4)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Line:
    """One dated line: a session, or a course's cancelled date."""

    when: str  # "Thu 3 Dec 2026, 11:15–12:45", or the times alone on a one-day event
    title: str
    room: str | None = None
    note: str | None = None  # "cancelled", "waiting list"

    def text(self) -> str:
        room = f" ({self.room})" if self.room else ""
        note = f": {self.note.upper()}" if self.note else ""
        return f"{self.when}  {self.title}{room}{note}"


@dataclass(frozen=True)
class Agenda:
    heading: str = ""  # "Your sessions" or "Course dates"
    lines: tuple[Line, ...] = ()


NOTHING = Agenda()


def print_size(detail: str | None) -> float:
    """The size a large-print request asks for ("18pt", "24 point", "size 20"), else 18pt."""
    match = _NUMBER.search(detail or "")
    size = float(match[0]) if match else LARGE_PRINT
    return min(max(size, SMALLEST), LARGEST)


def print_sizes(store: Store, event: Event, registration_id: int | None = None) -> dict[int, float]:
    """Registration -> the point size of its ticket, for those who asked for large print."""
    return {reg_id: print_size(detail) for reg_id, detail
            in data.access_details(store, event.id, "large_print", registration_id).items()}


def agendas(store: Store, event: Event, registration_id: int | None = None) -> dict[int, Agenda]:
    """Registration -> its agenda, for the event's registrations (or one); anyone missing has
    nothing to list (`NOTHING`)."""
    sessions = events_data.sessions(store, event.id, include_cancelled=True)
    with_dates = len({event.local_day(s.starts_at) for s in sessions}) > 1
    if event.repeat_rule:
        course = _course(event, sessions, with_dates)
        ids = [registration_id] if registration_id is not None else _registrations(store, event)
        return dict.fromkeys(ids, course)
    by_id = {session.id: session for session in sessions}
    return {reg_id: Agenda("Your sessions", tuple(
                _line(event, by_id[s], with_dates, booked[s]) for s in sorted(
                    booked, key=lambda s: (by_id[s].starts_at, s))))
            for reg_id, booked in data.booked(store, event.id, registration_id).items()}


def agenda(store: Store, event: Event, registration_id: int) -> Agenda:
    return agendas(store, event, registration_id).get(registration_id, NOTHING)


def _registrations(store: Store, event: Event) -> list[int]:
    return [holder.registration_id for holder in data.holders(store, event.id)]


def _course(event: Event, sessions: list[Session], with_dates: bool) -> Agenda:
    """Every date of the course in order: its sessions (a cancelled one marked), and the weeks
    its rule skips."""
    dated: list[tuple[str, Line]] = [(s.starts_at, _line(event, s, with_dates)) for s in sessions]
    for text in event.except_dates:
        day = date.fromisoformat(text)
        dated.append((day.isoformat(), Line(dates.day(day), "No session", note="cancelled")))
    dated.sort(key=lambda pair: pair[0])
    return Agenda("Course dates", tuple(line for _, line in dated))


def _line(event: Event, session: Session, with_dates: bool, status: str = "confirmed") -> Line:
    start, end = dates.local(session.starts_at, event.tz), dates.local(session.ends_at, event.tz)
    times = f"{start:%H:%M}–{end:%H:%M}"
    note = "cancelled" if session.cancelled else "waiting list" if status == "waitlisted" else None
    room = session.room if session.room != event.venue else None  # the venue is said above
    return Line(f"{dates.day(start)}, {times}" if with_dates else times, session.title, room, note)
