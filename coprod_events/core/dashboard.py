"""How the day is going, in one snapshot: arrivals per quarter hour, each session's check-ins
against those expected, who is on site, and who has not come yet (names and the end of their
ticket code only: nothing about their needs).

A `Watch` keeps one event's day between refreshes, so a refresh after another desk's scan reads
only the new rows of the log (see data/dashboard.py); `snapshot` is a one-off read.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from . import dates, surnames
from .data import checkins as checkins_data
from .data import dashboard as data
from .data.dashboard import Awaited, Passage
from .events import Event, Session, get_event, list_sessions
from .store import Store

QUARTER = timedelta(minutes=15)
CODE_END = 6  # characters of the ticket code shown: enough to tell two people of one name apart
LISTED = 200  # people still expected listed at most (the count says how many in all)
EXPECTED_MAX_AGE = 60.0  # seconds: who is expected is read again at least this often (edits)


@dataclass(frozen=True)
class SessionCount:
    session: Session
    checked_in: int
    expected: int  # everyone confirmed, or those booked (and their PAs) where it needs booking


@dataclass(frozen=True)
class Dashboard:
    event: Event
    day: date  # the event's local day shown
    now: str  # local "HH:MM" the snapshot was taken
    arrivals: tuple[tuple[str, int], ...]  # (local "HH:MM" of a quarter hour, first arrivals)
    expected: int  # at the door today: everyone confirmed
    arrived: int  # let in at least once today, at the door or a session
    on_site: int  # whose latest entry has no later exit at the door
    left: int  # came today, and their latest passage was out of the door
    sessions: tuple[SessionCount, ...]  # the day's sessions, in time order
    still_expected: tuple[Awaited, ...]  # the first LISTED in surname order, code cut to its end
    still_expected_count: int


@dataclass
class _Person:
    """One person's day, folded from their rows in the order logged."""
    first_in: str | None = None
    last_in: tuple[str, str] | None = None  # (at, recorded_at): the log's order
    last_out: tuple[str, str] | None = None  # at the door

    @property
    def on_site(self) -> bool:
        return self.last_in is not None and (self.last_out is None or self.last_in > self.last_out)


@dataclass
class _Expected:
    """Who is expected, and the day's sessions: read again when registrations change."""
    mark: tuple
    read_at: float
    people: list[Awaited]  # in surname order
    sessions: list[tuple[Session, int]]  # with how many are expected there

    def __post_init__(self) -> None:
        self.ids = frozenset(person.registration_id for person in self.people)


@dataclass
class _Day:
    day: str
    undone: int
    seen: int = 0  # rowid of the newest row of the log read
    people: dict[int, _Person] = field(default_factory=dict)
    came: set[int] = field(default_factory=set)  # let in today
    on_site: int = 0
    in_session: dict[int, set[int]] = field(default_factory=dict)
    quarters: Counter[str] = field(default_factory=Counter)  # UTC quarter hour: first arrivals

    def add(self, row: Passage) -> None:
        """One more row, in the order logged: the totals follow the person's fold."""
        person = self.people.setdefault(row.registration_id, _Person())
        was_on_site = person.on_site
        self._fold(person, row)
        self.on_site += person.on_site - was_on_site

    def _fold(self, person: _Person, row: Passage) -> None:
        moment = (row.at, row.recorded_at)
        if row.direction == "entry":
            if person.first_in is None or row.at < person.first_in:
                if person.first_in is not None:  # a paper list typed in later: earlier than thought
                    self.quarters[_quarter(person.first_in)] -= 1
                person.first_in = row.at
                self.quarters[_quarter(row.at)] += 1
                self.came.add(row.registration_id)
            if person.last_in is None or moment > person.last_in:
                person.last_in = moment
            if row.session_id is not None:
                self.in_session.setdefault(row.session_id, set()).add(row.registration_id)
        elif row.session_id is None and (person.last_out is None or moment > person.last_out):
            person.last_out = moment


class Watch:
    """One event's dashboard, kept between refreshes. Safe to call from several worker threads
    (one at a time)."""

    def __init__(self, event_ref: str | int):
        self.event_ref = event_ref
        self._lock = threading.Lock()
        self._day: _Day | None = None
        self._expected: _Expected | None = None

    def snapshot(self, store: Store, at: datetime | None = None) -> Dashboard:
        with self._lock:
            event = get_event(store, self.event_ref)
            moment = at or dates.utcnow()
            day = event.local_day(moment)
            expected = self._read_expected(store, event, day)
            log = self._read_log(store, event, day.isoformat())
            return _paint(event, day, moment, expected, log)

    def _read_expected(self, store: Store, event: Event, day: date) -> _Expected:
        mark = (day, data.registrations_mark(store, event.id))
        known = self._expected
        if known is None or known.mark != mark or time.monotonic() - known.read_at > EXPECTED_MAX_AGE:
            people = data.expected_people(store, event.id)
            people.sort(key=lambda person: surnames.sort_key(person.name))
            sessions = [s for s in list_sessions(store, event.id) if event.local_day(s.starts_at) == day]
            known = self._expected = _Expected(mark, time.monotonic(), people, [
                (s, checkins_data.expected_count(store, event.id, s.id if s.booking_required else None))
                for s in sessions])
        return known

    def _read_log(self, store: Store, event: Event, today: str) -> _Day:
        undone = data.undone_count(store, event.id, today)  # before the rows: an undo since is seen next time
        log = self._day
        if log is None or log.day != today or log.undone != undone:
            log = self._day = _Day(today, undone)
        newest = data.last_rowid(store)
        for row in data.passages(store, event.id, today, log.seen, newest):
            log.add(row)
        log.seen = newest
        return log


def snapshot(store: Store, event_ref: str | int, *, at: datetime | None = None) -> Dashboard:
    """The event's day at `at` (now by default), read afresh."""
    return Watch(event_ref).snapshot(store, at)


def _paint(event: Event, day: date, moment: datetime, expected: _Expected, log: _Day) -> Dashboard:
    """The snapshot, from what is known of the day."""
    came = log.came
    listed: list[Awaited] = []
    for person in expected.people:  # in surname order, up to the LISTED first not come yet
        if len(listed) == LISTED:
            break
        if person.registration_id not in came:
            code = (person.code or "")[-CODE_END:] or None
            listed.append(Awaited(person.registration_id, person.name, code))
    quarters = {datetime.fromisoformat(quarter).replace(tzinfo=UTC): people
                for quarter, people in log.quarters.items() if people}
    return Dashboard(
        event=event, day=day, now=event.show(moment, with_date=False),
        arrivals=_quarters(event, quarters, _hours(event, [s for s, _ in expected.sessions], day), moment),
        expected=len(expected.people), arrived=len(came), on_site=log.on_site,
        left=len(came) - log.on_site,
        sessions=tuple(SessionCount(s, len(log.in_session.get(s.id, ())), count)
                       for s, count in expected.sessions),
        still_expected=tuple(listed), still_expected_count=len(expected.ids - came))


def _hours(event: Event, sessions: list[Session], day: date) -> tuple[datetime, datetime] | None:
    """The day's span in UTC, from an hour before it starts (when most check-in opens; an event
    open all day would otherwise draw a day of empty quarters): its sessions', else the event's."""
    spans = [(s.starts_at, s.ends_at) for s in sessions] or (
        [(event.starts_at, event.ends_at)] if event.local_day(event.starts_at) == day else [])
    if not spans:
        return None
    early = timedelta(minutes=min(event.checkin_opens_minutes, 60))
    return (dates.from_db(min(start for start, _ in spans)) - early,
            dates.from_db(max(end for _, end in spans)))


def _quarters(event: Event, found: dict[datetime, int], hours: tuple[datetime, datetime] | None,
              now: datetime) -> tuple[tuple[str, int], ...]:
    """Every quarter hour from an hour before the day starts (or the first arrival) to now (or
    the day's end, or the last arrival), with its arrivals: quiet quarters show as nothing."""
    ends = list(found)
    if hours is not None:
        ends += [hours[0], min(max(now, hours[0]), hours[1])]
    if not ends:
        return ()
    first, last = _floor(min(ends)), _floor(max(ends))
    quarters = []
    moment = first
    while moment <= last:
        quarters.append((event.show(moment, with_date=False), found.get(moment, 0)))
        moment += QUARTER
    return tuple(quarters)


def _quarter(at: str) -> str:
    """The quarter hour of a stored time ("2026-12-03T09:14:33.000000Z" -> "2026-12-03T09:00")."""
    return f"{at[:14]}{int(at[14:16]) // 15 * 15:02d}"


def _floor(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)
