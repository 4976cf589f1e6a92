"""How the day is going, in one snapshot: arrivals per quarter hour, each session's check-ins
against those expected, who is on site, and who has not come yet (names and the end of their
ticket code only: nothing about their needs)."""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from . import dates, surnames
from .data import checkins as checkins_data
from .data import dashboard as data
from .data.dashboard import Awaited
from .events import Event, Session, get_event, list_sessions
from .store import Store

QUARTER = timedelta(minutes=15)
CODE_END = 6  # characters of the ticket code shown: enough to tell two people of one name apart
LISTED = 200  # people still expected listed at most (the count says how many in all)

# Names change rarely between refreshes: their sort keys are worked out once.
_sort_key = functools.lru_cache(maxsize=1 << 16)(surnames.sort_key)


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
    arrived: int
    on_site: int
    left: int
    sessions: tuple[SessionCount, ...]  # the day's sessions, in time order
    still_expected: tuple[Awaited, ...]  # the first LISTED in surname order, code cut to its end
    still_expected_count: int


def snapshot(store: Store, event_ref: str | int, *, at: datetime | None = None) -> Dashboard:
    """The event's day at `at` (now by default), read afresh."""
    event = get_event(store, event_ref)
    moment = at or dates.utcnow()
    day = event.local_day(moment)
    today = day.isoformat()
    sessions = [s for s in list_sessions(store, event.id) if event.local_day(s.starts_at) == day]
    checked_in = data.session_checked_in(store, event.id, today)
    counts = tuple(SessionCount(s, checked_in.get(s.id, 0), checkins_data.expected_count(
        store, event.id, s.id if s.booking_required else None)) for s in sessions)
    quarters = data.quarters(store, event.id, today)
    arrived, on_site = sum(q.arrived for q in quarters), sum(q.on_site for q in quarters)
    waiting = data.still_expected(store, event.id, today)
    listed = tuple(Awaited(p.registration_id, p.name, (p.code or "")[-CODE_END:] or None)
                   for p in heapq.nsmallest(LISTED, waiting, key=lambda p: _sort_key(p.name)))
    return Dashboard(
        event=event, day=day, now=event.show(moment, with_date=False),
        arrivals=_quarters(event, quarters, _hours(event, sessions, day), moment),
        expected=checkins_data.expected_count(store, event.id, None), arrived=arrived,
        on_site=on_site, left=arrived - on_site, sessions=counts, still_expected=listed,
        still_expected_count=len(waiting))


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


def _quarters(event: Event, counted: list[data.Quarter], hours: tuple[datetime, datetime] | None,
              now: datetime) -> tuple[tuple[str, int], ...]:
    """Every quarter hour from an hour before the day starts (or the first arrival) to now (or
    the day's end, or the last arrival), with its arrivals: quiet quarters show as nothing."""
    found = {datetime.fromisoformat(q.starts).replace(tzinfo=UTC): q.arrived for q in counted}
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


def _floor(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)
