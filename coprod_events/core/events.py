"""Events (conference, training course, workshop) and their dated sessions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from . import dates, repeats
from .data import events as data
from .data.events import Event, EventSummary, Places, Session
from .errors import CoprodError, NotFound, quote
from .store import Store
from .text import MAX_CAPACITY, as_id, clean, slug, whole_number

KINDS = ("conference", "training", "workshop")
DEFAULT_LENGTH = timedelta(hours=2)


def slugify(title: str) -> str:
    made = slug(title, 60)
    # An all-digit slug would read as an event id.
    return f"event-{made}" if made.isdigit() else made or "event"


def _unique_slug(store: Store, title: str) -> str:
    base = slugify(title)
    taken = data.slugs_like(store, base)
    unique, n = base, 2
    while unique in taken:
        unique, n = f"{base}-{n}", n + 1
    return unique


def _moment(value: str | datetime, tz: str) -> datetime:
    if isinstance(value, datetime):
        zone = dates.zone(tz)
        return dates.in_range(value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone))
    return dates.parse_when(value, tz)


def _span(starts: str | datetime, ends: str | datetime | None, tz: str) -> tuple[datetime, datetime]:
    start = _moment(starts, tz)
    end = _moment(ends, tz) if ends not in (None, "") else start + DEFAULT_LENGTH
    dates.check_span(start, end)
    return start, end


def _check_settings(opens_minutes: int, closes_minutes: int, certificate_ratio: float) -> None:
    for minutes, which in ((opens_minutes, "opens"), (closes_minutes, "closes")):
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 24 * 60:
            raise CoprodError(f"Check-in {which} at most 24 hours (1440 minutes) either side: "
                              f"give whole minutes from 0 to 1440, not {quote(minutes)}.")
    if not isinstance(certificate_ratio, (int, float)) or not 0 < certificate_ratio <= 1:
        raise CoprodError("The certificate rule is a share of sessions between 0 and 1, e.g. 0.8.")


def _check_capacity(capacity: int | str | None) -> int | None:
    """No limit (None), or whole places from 0 up."""
    if capacity is None or capacity == "":
        return None
    return whole_number(capacity, "capacity", low=0, high=MAX_CAPACITY, key="capacity")


def _title(title: str | None, what: str) -> str:
    cleaned = clean(title, "title", key="title")
    if not cleaned:
        raise CoprodError(f"{what} needs a title.", field="title")
    return cleaned


def _place(text: str | None, field: str) -> str | None:
    return clean(text, field, key=field)


def add_event(
    store: Store,
    title: str,
    *,
    kind: str,
    starts: str | datetime,
    ends: str | datetime | None = None,
    repeat: str | None = None,
    except_dates: list[str] | tuple[str, ...] = (),
    capacity: int | None = None,
    venue: str | None = None,
    tz: str | None = None,
    checkin_opens_minutes: int = 60,
    checkin_closes_minutes: int = 0,
    certificate_ratio: float = 0.8,
) -> Event:
    """Create an event. A repeat rule makes one session per occurrence ("Week 1", ...);
    a training course or workshop without one gets a single session."""
    title = _title(title, "An event")
    venue = _place(venue, "venue")
    capacity = _check_capacity(capacity)
    if kind not in KINDS:
        raise CoprodError(f"Unknown kind {quote(kind)}: choose {', '.join(KINDS)}.")
    tz = dates.zone(tz).key
    _check_settings(checkin_opens_minutes, checkin_closes_minutes, certificate_ratio)
    start, end = _span(starts, ends, tz)
    skipped = [dates.parse_day(text) for text in except_dates]
    occurrences: list[tuple[datetime, datetime]] = []
    if repeat:
        occurrences = repeats.plan(repeat, start, end, skipped).sessions
    elif skipped:
        raise CoprodError("Cancelled weeks only apply to a repeating course: give a repeat rule too.",
                          field="except_dates")
    elif kind != "conference":
        occurrences = [(start, end)]
    with store.write():
        event_id = data.insert_event(store, {
            "slug": _unique_slug(store, title), "title": title, "kind": kind,
            "venue": venue, "tz": tz, "capacity": capacity,
            "starts_at": dates.to_db(occurrences[0][0] if occurrences else start),
            "ends_at": dates.to_db(occurrences[-1][1] if occurrences else end),
            "repeat_rule": repeat.strip() if repeat else None,
            "except_dates": json.dumps([d.isoformat() for d in skipped]),
            "checkin_opens_minutes": checkin_opens_minutes,
            "checkin_closes_minutes": checkin_closes_minutes,
            "certificate_ratio": certificate_ratio,
            "created_at": dates.to_db(dates.utcnow()),
        })
        for number, (s, e) in enumerate(occurrences, 1):
            data.insert_session(store, event_id,
                                _new_session(_auto_title(title, repeat, number), s, e, venue))
    return get_event(store, event_id)


def get_event(store: Store, ref: str | int) -> Event:
    """An event by slug or id."""
    text = str(ref).strip()
    event = data.find(store, text.lower(), as_id(text))
    if event is None:
        raise NotFound(f"No event {quote(text)}. See `coprod-events event list` for slugs.")
    return event


def list_events(store: Store) -> list[EventSummary]:
    """Every event, soonest first, with places taken, waitlisted, checked-in and session counts."""
    return data.summaries(store)


def add_session(
    store: Store,
    event_ref: str | int,
    title: str,
    *,
    starts: str | datetime,
    ends: str | datetime | None = None,
    room: str | None = None,
    capacity: int | None = None,
    booking_required: bool = False,
) -> Session:
    event = get_event(store, event_ref)
    values = _session_values(event, title, starts, ends, room, capacity, booking_required)
    with store.write():
        session_id = data.insert_session(store, event.id, values)
        data.fit_to_sessions(store, event.id)
    return get_session(store, event.id, session_id)


def _session_values(event: Event, title: str, starts, ends, room, capacity, booking_required) -> dict:
    title = _title(title, "A session")
    start, end = _span(starts, ends, event.tz)
    return {
        "title": title, "starts_at": dates.to_db(start), "ends_at": dates.to_db(end),
        "room": _place(room, "room"), "capacity": _check_capacity(capacity),
        "booking_required": int(booking_required),
    }


def get_session(store: Store, event_id: int, session_id: int | str) -> Session:
    text = str(session_id).strip()
    session = data.session(store, event_id, as_id(text))
    if session is None:
        raise NotFound(f"No session {quote(text, 20)} in this event. "
                       "`coprod-events attendance EVENT` lists them.")
    return session


@dataclass(frozen=True)
class Place:
    """Where a desk or kiosk checks people in: an event's door, or one of its sessions."""
    event: Event
    session: Session | None

    @property
    def title(self) -> str:
        return self.event.title + (f"  ·  {self.session.title}" if self.session else "")


def get_place(store: Store, event_ref: str | int, session_id: int | str | None = None) -> Place:
    event = get_event(store, event_ref)
    return Place(event, None if session_id in (None, "") else get_session(store, event.id, session_id))


def list_sessions(store: Store, event_id: int, *, include_cancelled: bool = False) -> list[Session]:
    return data.sessions(store, event_id, include_cancelled=include_cancelled)


@dataclass(frozen=True)
class Schedule:
    """When an event runs, as its form edits it: a conference's own day and hours; for a course
    or workshop, its first occurrence (a one-off's whole span, all its sessions), repeat rule
    and cancelled weeks (dates the rule skips)."""

    starts: str | datetime
    ends: str | datetime | None = None
    repeat: str | None = None
    except_dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleChanges:
    """What saving a new schedule does to the event's sessions."""

    moved: int  # given another day, time or numbered title
    added: int
    removed: list[Session]  # nobody booked them and nobody checked in there

    def summary(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.added, "added"), (self.moved, "moved"),
                                               (len(self.removed), "removed")) if n]
        return (f"Sessions: {', '.join(parts)}." if parts else "The sessions are as they were.")


@dataclass
class _Rewrite:
    """A schedule worked out against the sessions as they are, ready to write."""

    event: dict[str, Any]
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    inserts: list[dict[str, Any]] = field(default_factory=list)
    removed: list[Session] = field(default_factory=list)

    @property
    def changes(self) -> ScheduleChanges:
        return ScheduleChanges(len(self.updates), len(self.inserts), self.removed)


def update_event(
    store: Store,
    ref: str | int,
    *,
    title: str,
    venue: str | None = None,
    capacity: int | None = None,
    checkin_opens_minutes: int | None = None,
    checkin_closes_minutes: int | None = None,
    certificate_ratio: float | None = None,
    schedule: Schedule | None = None,
) -> Event:
    """Save an edited event's details (settings left out keep their values), and its schedule
    when one is given (see `schedule_changes`). Raising the capacity does not promote anyone
    by itself: the waiting list shows who is next."""
    event = get_event(store, ref)
    checkin_opens_minutes = _keep(checkin_opens_minutes, event.checkin_opens_minutes)
    checkin_closes_minutes = _keep(checkin_closes_minutes, event.checkin_closes_minutes)
    certificate_ratio = _keep(certificate_ratio, event.certificate_ratio)
    title = _title(title, "An event")
    venue = _place(venue, "venue")
    _check_settings(checkin_opens_minutes, checkin_closes_minutes, certificate_ratio)
    with store.write():  # one transaction: the details and the sessions change together
        data.update_event(store, event.id, {
            "title": title, "venue": venue,
            "capacity": _check_capacity(capacity),
            "checkin_opens_minutes": checkin_opens_minutes,
            "checkin_closes_minutes": checkin_closes_minutes,
            "certificate_ratio": certificate_ratio,
        })
        if schedule is not None:
            _write(store, event.id, _rewrite(store, event, schedule, title, venue))
    return get_event(store, event.id)


def schedule_changes(store: Store, ref: str | int, schedule: Schedule) -> ScheduleChanges:
    """What `update_event(..., schedule=schedule)` would do to the sessions, or the reason it
    is refused, without writing: a form asks before sessions are removed."""
    event = get_event(store, ref)
    return _rewrite(store, event, schedule, event.title, event.venue).changes


def _rewrite(store: Store, event: Event, schedule: Schedule, title: str, venue: str | None) -> _Rewrite:
    start, end = _span(schedule.starts, schedule.ends, event.tz)
    skipped = [dates.parse_day(text) for text in schedule.except_dates]
    repeat = (schedule.repeat or "").strip() or None
    if skipped and not repeat:
        raise CoprodError("Cancelled weeks only apply to a repeating course: give a repeat rule too.",
                          field="except_dates")
    if event.kind == "conference" and not repeat and not event.repeat_rule:
        return _rehour(store, event, start, end)
    occurrences = repeats.plan(repeat, start, end, skipped).sessions if repeat else [(start, end)]
    rewrite = _Rewrite({
        "starts_at": dates.to_db(occurrences[0][0]), "ends_at": dates.to_db(occurrences[-1][1]),
        "repeat_rule": repeat, "except_dates": json.dumps([d.isoformat() for d in sorted(set(skipped))]),
    })
    _fit_sessions(store, event, occurrences, rewrite, lambda n: _auto_title(title, repeat, n), venue)
    return rewrite


def _rehour(store: Store, event: Event, start: datetime, end: datetime) -> _Rewrite:
    """A conference's own day and hours. A new day moves its sessions with it (keeping their
    times of day), unless someone has checked in: then it has happened and stays. Its hours
    must hold its sessions, as the door's check-in window follows them."""
    shift = start.date() - dates.local(event.starts_at, event.tz).date()
    if shift and data.has_checkins(store, event.id):
        raise CoprodError(f"People have checked in at {event.title}, so its day cannot move: "
                          "change its hours only, or duplicate it for the new day.", field="starts")
    rewrite = _Rewrite({"starts_at": dates.to_db(start), "ends_at": dates.to_db(end)})
    for session in data.sessions(store, event.id, include_cancelled=True):
        first, last = (_shifted(session.starts_at, event.tz, shift),
                       _shifted(session.ends_at, event.tz, shift))
        if not session.cancelled and (first < start or last > end):
            raise CoprodError(
                f"{session.title} ({dates.show(first, event.tz)}–{last:%H:%M}) would be outside the "
                f"event's hours: make them hold it, or move it on the Sessions tab first.",
                field="starts" if first < start else "ends")
        if shift:
            rewrite.updates.append((session.id, {"starts_at": dates.to_db(first),
                                                 "ends_at": dates.to_db(last)}))
    return rewrite


def _fit_sessions(store: Store, event: Event, occurrences: list[tuple[datetime, datetime]],
                  rewrite: _Rewrite, title_of: Callable[[int], str], venue: str | None) -> None:
    """Give each occurrence its sessions, keeping the ones there are as far as the record allows.

    The sessions go by occurrence (`_Occurrence`: a course's day, or a one-off's whole span),
    however many each has. An occurrence on one of the new dates stays on it; the rest move to
    the dates left, in order (a course moved to Thursdays keeps its sessions and their
    bookings), and any still left over are removed. Whatever moves, all of an occurrence's
    sessions move together (`_follow`), so an edit of times alone removes nothing. But nothing
    recorded is silently lost: a session that people were checked into (or turned away from)
    has happened and neither moves nor goes; a live one that people booked is not removed
    (cancel it on the Sessions tab, which keeps who booked); and a cancelled one stays as the
    record of what was planned. Each of those refuses the change, in words, or is kept as it is."""
    records = data.session_records(store, event.id)
    index: dict[date, int] = {}
    for number, (start, _) in enumerate(occurrences):
        index.setdefault(start.date(), number)
    placed: dict[int, _Occurrence] = {}
    loose: list[_Occurrence] = []
    for was in _occurrences(store, event):
        on_day = index.get(was.start.date())
        if on_day is not None and on_day not in placed:
            placed[on_day] = was
        else:
            loose.append(was)
    happened = {s.id for was in loose for s in was.sessions if records.get(s.id, _NONE).checkins}
    if live := [s for was in loose for s in was.sessions if s.id in happened and not s.cancelled]:
        raise _left_out(event, live[0], "has check-ins, so it has happened and stays on its day")
    movable = [was for was in loose if any(s.id not in happened for s in was.sessions)]
    free = [number for number in range(len(occurrences)) if number not in placed]
    placed.update(zip(free, movable, strict=False))
    for was in movable[len(free):]:
        for session in was.sessions:
            if session.id not in records:
                rewrite.removed.append(session)
            elif not session.cancelled and session.id not in happened:
                raise _left_out(event, session, "has bookings, so it is not removed. Cancel it on "
                                                "the Sessions tab (c) first, which keeps who booked")
    for number, (start, end) in enumerate(occurrences):
        its = placed.get(number)
        if its is None:
            rewrite.inserts.append(_new_session(title_of(number + 1), start, end, venue))
            continue
        for there in its.sessions:
            if records.get(there.id, _NONE).checkins:  # one that has happened keeps its time
                continue
            first, last = _follow(event, there, its, start, end)
            auto = _AUTO_TITLE.fullmatch(there.title) or there.title == event.title
            values = {"title": title_of(number + 1) if auto else there.title,
                      "starts_at": dates.to_db(first), "ends_at": dates.to_db(last)}
            if (there.title, there.starts_at, there.ends_at) != tuple(values.values()):
                rewrite.updates.append((there.id, values))


@dataclass(frozen=True)
class _Occurrence:
    """One occurrence of the schedule as it is: when it was planned (local), and its sessions."""

    start: datetime
    end: datetime
    sessions: list[Session]


def _occurrences(store: Store, event: Event) -> list[_Occurrence]:
    """The sessions by occurrence: a course's by day, each planned at the first session's times
    (as its form shows them); a one-off's all in one, its whole span (a training may run over
    two days)."""
    sessions = data.sessions(store, event.id, include_cancelled=True)
    first, last = dates.local(event.starts_at, event.tz), dates.local(event.ends_at, event.tz)
    if not event.repeat_rule:
        return [_Occurrence(first, last, sessions)] if sessions else []
    length = datetime.combine(first.date(), last.time()) - _wall(first)
    if length <= timedelta(0):
        length = DEFAULT_LENGTH  # as the form reads an end that is not after the start
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(event.local_day(session.starts_at), []).append(session)
    made = []
    for day, on_day in by_day.items():
        start = datetime.combine(day, first.time())
        made.append(_Occurrence(start.replace(tzinfo=first.tzinfo),
                                (start + length).replace(tzinfo=first.tzinfo), on_day))
    return made


def _follow(event: Event, session: Session, was: _Occurrence, start: datetime,
            end: datetime) -> tuple[datetime, datetime]:
    """Where a session goes when its occurrence moves to `start`-`end`: on by as much as the
    occurrence's start (on the local clock), and one that ended with the occurrence ends with it
    still (a workshop's only session spans it, old and new)."""
    zone = dates.zone(event.tz)
    shift = _wall(start.astimezone(zone)) - _wall(was.start)
    first = _shifted(session.starts_at, event.tz, shift)
    ends_with_it = dates.local(session.ends_at, event.tz) == was.end
    last = end.astimezone(zone) if ends_with_it else _shifted(session.ends_at, event.tz, shift)
    if last <= first:
        raise CoprodError(f"{session.title} would end at {last:%H:%M}, before it starts "
                          f"({dates.show(first, event.tz)}): give a later end, or move it on the "
                          "Sessions tab first.", field="ends")
    return first, last


def _wall(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


_NONE = data.Records(0, 0)
_AUTO_TITLE = re.compile(r"(Week|Session) \d+")


def _left_out(event: Event, session: Session, why: str) -> CoprodError:
    return CoprodError(f"The new dates leave out {session.title} ({event.show(session.starts_at)}), "
                       f"which {why}.", field="repeat" if event.repeat_rule else "starts")


def _write(store: Store, event_id: int, rewrite: _Rewrite) -> None:
    data.update_event(store, event_id, rewrite.event)
    for session_id, values in rewrite.updates:
        data.update_session(store, session_id, values)
    if rewrite.removed:
        data.delete_sessions(store, [s.id for s in rewrite.removed])
    for values in rewrite.inserts:
        data.insert_session(store, event_id, values)
    data.fit_to_sessions(store, event_id)


def _auto_title(title: str, repeat: str | None, number: int) -> str:
    """A course's sessions are numbered ("Week 3"); a one-off's session has the event's title."""
    if not repeat:
        return title
    return f"{'Week' if 'WEEKLY' in repeat.upper() else 'Session'} {number}"


def _new_session(title: str, start: datetime, end: datetime, room: str | None) -> dict[str, Any]:
    return {"title": title, "starts_at": dates.to_db(start), "ends_at": dates.to_db(end),
            "room": room, "capacity": None, "booking_required": 0}


def _keep(value, current):
    return current if value is None else value


def duplicate_event(store: Store, ref: str | int, *, title: str, starts: str | datetime) -> Event:
    """A copy of an event (its settings and sessions, no registrations) moved to a new first day.
    Session times keep their local wall-clock times; a course keeps its weekly pattern."""
    event = get_event(store, ref)
    new_start = _moment(starts, event.tz)
    old_start = dates.local(event.starts_at, event.tz)
    shift = new_start.date() - old_start.date()
    with store.write():  # one transaction: a failure leaves no half-made copy
        copy = add_event(
            store, title, kind="conference", starts=new_start,
            ends=_shifted(event.ends_at, event.tz, shift), capacity=event.capacity, venue=event.venue,
            tz=event.tz, checkin_opens_minutes=event.checkin_opens_minutes,
            checkin_closes_minutes=event.checkin_closes_minutes,
            certificate_ratio=event.certificate_ratio)
        data.update_event(store, copy.id, {"kind": event.kind, "repeat_rule": event.repeat_rule})
        for session in list_sessions(store, event.id):
            data.insert_session(store, copy.id, {
                "title": session.title,
                "starts_at": dates.to_db(_shifted(session.starts_at, event.tz, shift)),
                "ends_at": dates.to_db(_shifted(session.ends_at, event.tz, shift)),
                "room": session.room, "capacity": session.capacity,
                "booking_required": int(session.booking_required),
            })
    return get_event(store, copy.id)


def _shifted(stored: str, tz: str, shift: timedelta) -> datetime:
    """Move a stored time by whole days on the local calendar (10:00 stays 10:00)."""
    wall = dates.local(stored, tz).replace(tzinfo=None) + shift
    return wall.replace(tzinfo=dates.zone(tz))


def update_session(
    store: Store,
    event_ref: str | int,
    session_id: int | str,
    *,
    title: str,
    starts: str | datetime,
    ends: str | datetime | None = None,
    room: str | None = None,
    capacity: int | None = None,
    booking_required: bool = False,
) -> Session:
    event = get_event(store, event_ref)
    session = get_session(store, event.id, session_id)
    values = _session_values(event, title, starts, ends, room, capacity, booking_required)
    with store.write():
        data.update_session(store, session.id, values)
        data.fit_to_sessions(store, event.id)
    return get_session(store, event.id, session.id)


def cancel_session(store: Store, event_ref: str | int, session_id: int | str) -> Session:
    """Cancel one occurrence (a course's week): it stops counting for attendance and certificates."""
    event = get_event(store, event_ref)
    session = get_session(store, event.id, session_id)
    if session.cancelled:
        raise CoprodError(f"{session.title} is already cancelled.")
    with store.write():
        data.cancel_session(store, session.id, dates.to_db(dates.utcnow()))
    return get_session(store, event.id, session.id)


def new_session_start(event: Event, now: datetime) -> datetime:
    """When a new session starts unless told: on the event's next day from `now` (a course's
    next date by its rule), or its first when it is over, at the time the event starts."""
    first = dates.local(event.starts_at, event.tz)
    today = now.astimezone(first.tzinfo).date()
    days = [first.date()]
    if event.repeat_rule:
        with suppress(CoprodError):  # a rule stored before today's checks: its first day will do
            skipped = [date.fromisoformat(d) for d in event.except_dates]
            made = repeats.plan(event.repeat_rule, first, first + DEFAULT_LENGTH, skipped)
            days = [start.date() for start, _ in made.sessions]
    else:
        last = dates.local(event.ends_at, event.tz).date()
        days += [first.date() + timedelta(days=n) for n in range(1, (last - first.date()).days + 1)]
    day = next((d for d in days if d >= today), days[0])
    return datetime.combine(day, first.time(), first.tzinfo)


def several_days(event: Event, sessions: list[Session]) -> bool:
    """Whether the sessions fall on more than one local day (then their times show dates)."""
    return len({event.local_day(session.starts_at) for session in sessions}) > 1


def session_places(store: Store, event_id: int) -> dict[int, Places]:
    """Booked and waiting per session of the event."""
    return data.session_places(store, event_id)
