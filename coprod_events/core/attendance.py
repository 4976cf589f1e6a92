"""Attendance, derived from the check-in log: per session, per course, and who is on site."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import dates
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


def _log(store: Store, event_id: int) -> dict[int, list[tuple]]:
    """Admitted, not-undone rows per registration: (at, direction, session_id, local_day)."""
    rows = defaultdict(list)
    for reg_id, at, direction, session_id, day in store.conn.execute(
            "SELECT registration_id, at, direction, session_id, local_day FROM checkins "
            "WHERE event_id = ? AND success AND annulled_at IS NULL AND registration_id IS NOT NULL "
            "ORDER BY at, recorded_at", [event_id]):
        rows[reg_id].append((dates.from_db(at), direction, session_id, day))
    return rows


def _mark(session: Session, day: str, rows: list[tuple], now: datetime) -> tuple[str, str | None, str | None]:
    """present / late / left_early / absent for one person at one session."""
    relevant = [r for r in rows if r[2] == session.id
                or (r[2] is None and r[3] == day and not session.booking_required)]
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
    people = {row[0]: row[1] for row in store.conn.execute(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id "
        "WHERE r.event_id = ? AND r.status = 'confirmed' ORDER BY p.name", [event.id])}
    booked = defaultdict(set)
    for reg_id, session_id in store.conn.execute(
            "SELECT b.registration_id, b.session_id FROM bookings b JOIN sessions s ON s.id = b.session_id "
            "WHERE s.event_id = ? AND b.status = 'confirmed'", [event.id]):
        booked[session_id].add(reg_id)
    log = _log(store, event.id)
    sessions = list_sessions(store, event.id)
    result = []
    for session in sessions:
        upcoming = now < dates.from_db(session.starts_at)
        day = event.local_day(session.starts_at).isoformat()
        expected = [r for r in people if not session.booking_required or r in booked[session.id]
                    or any(row[2] == session.id for row in log.get(r, ()))]
        marks = () if upcoming else tuple(
            Mark(r, people[r], *_mark(session, day, log.get(r, []), now)) for r in expected)
        result.append(SessionAttendance(session, upcoming, marks))
    attended = defaultdict(int)
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
    latest: dict[int, tuple] = {}
    for reg_id, at, direction, session_id, station in store.conn.execute(
            "SELECT registration_id, at, direction, session_id, station FROM checkins "
            "WHERE event_id = ? AND local_day = ? AND success AND annulled_at IS NULL "
            "AND registration_id IS NOT NULL ORDER BY at, recorded_at", [event.id, day]):
        if direction == "entry":
            latest.setdefault(reg_id, (at, station))
        elif session_id is None:  # leaving a room is not leaving the building
            latest.pop(reg_id, None)
    evacuation = {row[0] for row in store.conn.execute(
        "SELECT DISTINCT a.registration_id FROM registration_access a "
        "JOIN registrations r ON r.id = a.registration_id "
        "WHERE r.event_id = ? AND a.code = 'assisted_evacuation'", [event.id])}
    names = dict(store.conn.execute(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id "
        "WHERE r.event_id = ?", [event.id]).fetchall())
    present = [OnSite(r, names[r], at, station, r in evacuation) for r, (at, station) in latest.items()]
    return sorted(present, key=lambda p: (not p.assisted_evacuation, p.name.casefold()))
