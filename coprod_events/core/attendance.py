"""Attendance, derived from the check-in log: per session, per course, and who is on site."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil

from . import dates
from .data import checkins as checkins_data
from .data import registrations as registrations_data
from .events import Event, Session, get_event, list_sessions
from .store import Store

GRACE = timedelta(minutes=10)  # arriving later than this is late; leaving earlier, left early
STATUSES = ("present", "late", "left_early", "absent")


@dataclass(frozen=True)
class Rule:
    """The rule the marks were made by, in figures and in words, so a report says what it means."""
    late_after_minutes: int
    left_early_minutes: int
    certificate_ratio: float
    checkin_opens_minutes: int
    checkin_closes_minutes: int
    text: tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    registration_id: int
    name: str
    status: str  # present | late | left_early | absent
    arrived_at: str | None
    left_at: str | None
    via: str | None = None  # how they came in: "door" (a door entry that day) or "session"


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    upcoming: bool
    marks: tuple[Mark, ...]
    expected: int = 0  # people it counts: everyone, or those booked (and their PAs) or in it
    counts_booked_only: bool = False  # True: only people booked on it or who came in to it

    def count(self, status: str) -> int:
        return sum(1 for mark in self.marks if mark.status == status)

    def names(self, status: str) -> list[str]:
        return [mark.name for mark in self.marks if mark.status == status]


@dataclass(frozen=True)
class Arrival:
    """Someone expected on a day, and when they were first let in (at the door or a session)."""
    registration_id: int
    name: str
    arrived_at: str | None
    via: str | None  # "door" | "session" | None (did not come)


@dataclass(frozen=True)
class DoorDay:
    day: str  # local ISO date
    upcoming: bool
    today: bool  # still going: who has not come yet may yet come
    arrivals: tuple[Arrival, ...]  # everyone confirmed, by name; empty while upcoming

    @property
    def came(self) -> int:
        return sum(1 for a in self.arrivals if a.arrived_at)


@dataclass(frozen=True)
class SeriesRow:
    """One person's tally over the sessions they are expected at (all of a course's; at a
    conference, the open ones and those they booked)."""
    registration_id: int
    name: str
    attended: int
    held: int  # of their sessions, those started by now
    total: int  # all their sessions
    eligible: bool  # over the whole course: attended >= ratio x total
    eligible_so_far: bool = False  # over the sessions held so far: attended >= ratio x held
    needed: int = 0  # sessions to attend for a certificate over the whole course


@dataclass(frozen=True)
class Attendance:
    event: Event
    sessions: tuple[SessionAttendance, ...]
    series: tuple[SeriesRow, ...]
    days: tuple[DoorDay, ...] = ()
    rule: Rule | None = None


@dataclass(frozen=True)
class OnSite:
    registration_id: int
    name: str
    since: str
    station: str | None
    assisted_evacuation: bool


def attended_span(session: Session, mark: Mark) -> tuple[datetime, datetime] | None:
    """When someone was in a session they attended: from arriving (or the start, if earlier)
    to leaving (or the end); None if absent. Certificates and payments count hours by it."""
    if mark.status == "absent":
        return None
    start, end = dates.from_db(session.starts_at), dates.from_db(session.ends_at)
    came = max(start, dates.from_db(mark.arrived_at)) if mark.arrived_at else start
    went = min(end, dates.from_db(mark.left_at)) if mark.left_at else end
    return came, max(came, went)


def rule_for(event: Event) -> Rule:
    grace = int(GRACE.total_seconds() // 60)
    ratio = event.certificate_ratio
    return Rule(grace, grace, ratio, event.checkin_opens_minutes, event.checkin_closes_minutes, (
        f"Present: let in by {grace} minutes after the start; late: first let in after that, "
        f"before the end; left early: last out more than {grace} minutes before the end and not "
        "back; absent: not let in.",
        "Only scans that let the person in and were not undone count. Check-in opens "
        f"{event.checkin_opens_minutes} minutes before a session starts and closes "
        f"{event.checkin_closes_minutes} minutes after it ends.",
        "A session open to all counts everyone confirmed, and a door entry that day counts for it; "
        "a session that needs booking counts only the people booked on it (with their PAs) or "
        "who were scanned into it, and only scans into its room.",
        "A day at the door counts everyone confirmed; anyone let in that day (at the door or "
        "into a session) came.",
        f"Certificate: attended at least {ratio:.0%} of the sessions, counted over those held so "
        "far and over the whole course.",
    ))


def _mark(session: Session, day: str, passages: list[checkins_data.Passage],
          now: datetime) -> tuple[str, str | None, str | None, str | None]:
    """present / late / left_early / absent for one person at one session, and how they came in."""
    # each with its stored text, given back as it is rather than written again
    relevant = [(dates.from_db(p.at), p.direction, p.session_id, p.at) for p in passages
                if p.session_id == session.id
                or (p.session_id is None and p.local_day == day and not session.booking_required)]
    start, end = dates.from_db(session.starts_at), dates.from_db(session.ends_at)

    def inside_at(moment: datetime) -> bool:
        before = [r for r in relevant if r[0] <= moment]
        return bool(before) and before[-1][1] == "entry"

    arrivals = [r for r in relevant if r[1] == "entry" and start + GRACE < r[0] <= end]
    if inside_at(start + GRACE):
        status = "present"
        entry = max((r for r in relevant if r[1] == "entry" and r[0] <= start + GRACE),
                    key=lambda r: r[0])
    elif arrivals:
        status, entry = "late", arrivals[0]
    else:
        return "absent", None, None, None
    arrived, via = entry[0], "door" if entry[2] is None else "session"
    left = None
    if now >= end and not inside_at(end - GRACE):
        exits = [r[3] for r in relevant if r[1] == "exit" and arrived <= r[0] <= end - GRACE]
        status, left = "left_early", (exits[-1] if exits else None)
    return status, entry[3], left, via


def _event_days(event: Event, sessions: list[Session]) -> list[date]:
    """The days the door is kept: each session's day, and every day of a conference's span."""
    days = {event.local_day(s.starts_at) for s in sessions}
    if event.kind == "conference":
        first, last = event.local_day(event.starts_at), event.local_day(event.ends_at)
        days |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return sorted(days)


def _door_days(event: Event, days: list[date], people: dict[int, str],
               log: dict[int, list[checkins_data.Passage]], today: date) -> tuple[DoorDay, ...]:
    first_in: dict[tuple[int, str], checkins_data.Passage] = {}
    for reg_id, passages in log.items():
        for p in passages:
            if p.direction == "entry":
                first_in.setdefault((reg_id, p.local_day), p)
    result = []
    for day in days:
        key = day.isoformat()
        if day > today:
            result.append(DoorDay(key, True, False, ()))
            continue
        arrivals = []
        for reg_id, name in people.items():
            first = first_in.get((reg_id, key))
            arrivals.append(Arrival(reg_id, name, first.at if first else None,
                                    None if first is None else "door" if first.session_id is None
                                    else "session"))
        result.append(DoorDay(key, False, day == today, tuple(arrivals)))
    return tuple(result)


def _tally(reg_id: int, name: str, mine: list[SessionAttendance], attended: int, ratio: float) -> SeriesRow:
    held = sum(1 for item in mine if not item.upcoming)
    total = len(mine)
    return SeriesRow(reg_id, name, attended, held, total,
                     eligible=total > 0 and attended >= ratio * total - 1e-9,
                     eligible_so_far=held > 0 and attended >= ratio * held - 1e-9,
                     needed=ceil(ratio * total - 1e-9))


def attendance(store: Store, event_ref: str | int, *, now: datetime | None = None) -> Attendance:
    """Door attendance per day, per-session marks for the people each session counts, and each
    person's tally over their sessions with certificate eligibility (attended at least the
    event's ratio, 80% by default), over the sessions held so far and over the whole course."""
    event = get_event(store, event_ref)
    now = now or dates.utcnow()
    people = registrations_data.names(store, event.id, confirmed_only=True)
    log = checkins_data.passages(store, event.id)
    sessions = list_sessions(store, event.id)
    booked = {s.id: registrations_data.expected(store, event.id, s.id)
              for s in sessions if s.booking_required}
    went_in: defaultdict[int, set[int]] = defaultdict(set)
    for reg_id, passages in log.items():
        for p in passages:
            if p.session_id is not None and p.direction == "entry":
                went_in[p.session_id].add(reg_id)
    result = []
    expected_at: dict[int, list[int]] = {}
    for session in sessions:
        upcoming = now < dates.from_db(session.starts_at)
        day = event.local_day(session.starts_at).isoformat()
        expected = [r for r in people if not session.booking_required
                    or r in booked[session.id] or r in went_in[session.id]]
        expected_at[session.id] = expected
        marks = () if upcoming else tuple(
            Mark(r, people[r], *_mark(session, day, log.get(r, []), now)) for r in expected)
        result.append(SessionAttendance(session, upcoming, marks, len(expected),
                                        session.booking_required))
    theirs: defaultdict[int, list[SessionAttendance]] = defaultdict(list)
    for item in result:
        for r in expected_at[item.session.id]:
            theirs[r].append(item)
    came = Counter(mark.registration_id for item in result for mark in item.marks if mark.status != "absent")
    series = tuple(_tally(r, name, theirs[r], came[r], event.certificate_ratio)
                   for r, name in people.items())
    days = _door_days(event, _event_days(event, sessions), people, log, event.local_day(now))
    return Attendance(event, tuple(result), series, days, rule_for(event))


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
