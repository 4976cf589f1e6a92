"""Attendance, derived from the check-in log: per session, per course, and who is on site."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import dates
from .data import checkins as checkins_data
from .data import registrations as registrations_data
from .events import Event, Session, get_event, list_sessions
from .store import Store

GRACE = timedelta(minutes=10)  # arriving later than this is late; leaving earlier, left early
STATUSES = ("present", "late", "left_early", "absent")


@dataclass(frozen=True)
class Mark:
    registration_id: int
    name: str
    status: str  # present | late | left_early | absent
    arrived_at: str | None
    left_at: str | None


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    upcoming: bool
    marks: tuple[Mark, ...]

    def count(self, status: str) -> int:
        return sum(1 for mark in self.marks if mark.status == status)


@dataclass(frozen=True)
class SeriesRow:
    registration_id: int
    name: str
    attended: int
    held: int
    total: int
    eligible: bool


@dataclass(frozen=True)
class Attendance:
    event: Event
    sessions: tuple[SessionAttendance, ...]
    series: tuple[SeriesRow, ...]


@dataclass(frozen=True)
class OnSite:
    registration_id: int
    name: str
    since: str
    station: str | None
    assisted_evacuation: bool


def _mark(session: Session, day: str, passages: list[checkins_data.Passage],
          now: datetime) -> tuple[str, str | None, str | None]:
    """present / late / left_early / absent for one person at one session."""
    relevant = [(dates.from_db(p.at), p.direction) for p in passages if p.session_id == session.id
                or (p.session_id is None and p.local_day == day and not session.booking_required)]
    start, end = dates.from_db(session.starts_at), dates.from_db(session.ends_at)

    def inside_at(moment: datetime) -> bool:
        before = [r for r in relevant if r[0] <= moment]
        return bool(before) and before[-1][1] == "entry"

    arrivals = [r[0] for r in relevant if r[1] == "entry" and start + GRACE < r[0] <= end]
    if inside_at(start + GRACE):
        status = "present"
        arrived = max(r[0] for r in relevant if r[1] == "entry" and r[0] <= start + GRACE)
    elif arrivals:
        status, arrived = "late", arrivals[0]
    else:
        return "absent", None, None
    left = None
    if now >= end and not inside_at(end - GRACE):
        exits = [r[0] for r in relevant if r[1] == "exit" and arrived <= r[0] <= end - GRACE]
        status, left = "left_early", (exits[-1] if exits else None)
    return status, dates.to_db(arrived), dates.to_db(left) if left else None


def attendance(store: Store, event_ref: str | int, *, now: datetime | None = None) -> Attendance:
    """Per-session marks for everyone expected, and the series tally with certificate
    eligibility (attended at least the event's ratio, 80% by default, of all its sessions)."""
    event = get_event(store, event_ref)
    now = now or dates.utcnow()
    people = registrations_data.names(store, event.id, confirmed_only=True)
    log = checkins_data.passages(store, event.id)
    sessions = list_sessions(store, event.id)
    expected_at = {s.id: registrations_data.expected(store, event.id, s.id)
                   for s in sessions if s.booking_required}
    result = []
    for session in sessions:
        upcoming = now < dates.from_db(session.starts_at)
        day = event.local_day(session.starts_at).isoformat()
        expected = [r for r in people if not session.booking_required
                    or r in expected_at[session.id]
                    or any(p.session_id == session.id for p in log.get(r, ()))]
        marks = () if upcoming else tuple(
            Mark(r, people[r], *_mark(session, day, log.get(r, []), now)) for r in expected)
        result.append(SessionAttendance(session, upcoming, marks))
    attended: defaultdict[int, int] = defaultdict(int)
    for item in result:
        for mark in item.marks:
            attended[mark.registration_id] += mark.status != "absent"
    total = len(sessions)
    held = sum(1 for item in result if not item.upcoming)
    series = tuple(
        SeriesRow(r, people[r], attended[r], held, total,
                  eligible=total > 0 and attended[r] >= event.certificate_ratio * total - 1e-9)
        for r in people)
    return Attendance(event, tuple(result), series)


def on_site(store: Store, event_ref: str | int, *, now: datetime | None = None) -> list[OnSite]:
    """Everyone in the building today, for a fire roll call: whose last entry today (at the
    door or a session) has no later door exit. People needing assisted evacuation first."""
    event = get_event(store, event_ref)
    day = event.local_day(now or dates.utcnow()).isoformat()
    inside = checkins_data.on_site_today(store, event.id, day)
    evacuation = registrations_data.with_need(store, event.id, "assisted_evacuation")
    names = registrations_data.names(store, event.id)
    present = [OnSite(r, names[r], p.at, p.station, r in evacuation) for r, p in inside.items()]
    return sorted(present, key=lambda p: (not p.assisted_evacuation, p.name.casefold()))
