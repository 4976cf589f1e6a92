"""Events (conference, training course, workshop) and their dated sessions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import dates
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
        all_occurrences = dates.expand_repeat(repeat, start, end)
        occurring_days = {s.date() for s, _ in all_occurrences}
        strays = [d for d in skipped if d not in occurring_days]
        if strays:
            raise CoprodError(
                f"{strays[0]:%d/%m/%Y} is not one of the course's dates, so it cannot be excepted.",
                field="except_dates")
        occurrences = [(s, e) for s, e in all_occurrences if s.date() not in set(skipped)]
        if not occurrences:
            raise CoprodError("The repeat rule and exceptions leave no sessions.", field="repeat")
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
        label = "Week" if repeat and "WEEKLY" in repeat.upper() else "Session"
        for number, (s, e) in enumerate(occurrences, 1):
            data.insert_session(store, event_id, {
                "title": f"{label} {number}" if repeat else title,
                "starts_at": dates.to_db(s), "ends_at": dates.to_db(e),
                "room": venue, "capacity": None, "booking_required": 0,
            })
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
) -> Event:
    """Save an edited event's details (settings left out keep their values). Dates live on its
    sessions: edit those one by one. Raising the capacity does not promote anyone by itself:
    the waiting list shows who is next."""
    event = get_event(store, ref)
    checkin_opens_minutes = _keep(checkin_opens_minutes, event.checkin_opens_minutes)
    checkin_closes_minutes = _keep(checkin_closes_minutes, event.checkin_closes_minutes)
    certificate_ratio = _keep(certificate_ratio, event.certificate_ratio)
    title = _title(title, "An event")
    _check_settings(checkin_opens_minutes, checkin_closes_minutes, certificate_ratio)
    with store.write():
        data.update_event(store, event.id, {
            "title": title, "venue": _place(venue, "venue"),
            "capacity": _check_capacity(capacity),
            "checkin_opens_minutes": checkin_opens_minutes,
            "checkin_closes_minutes": checkin_closes_minutes,
            "certificate_ratio": certificate_ratio,
        })
    return get_event(store, event.id)


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


def several_days(event: Event, sessions: list[Session]) -> bool:
    """Whether the sessions fall on more than one local day (then their times show dates)."""
    return len({event.local_day(session.starts_at) for session in sessions}) > 1


def session_places(store: Store, event_id: int) -> dict[int, Places]:
    """Booked and waiting per session of the event."""
    return data.session_places(store, event_id)
