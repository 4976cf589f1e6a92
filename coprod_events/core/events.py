"""Events (conference, training course, workshop) and their dated sessions."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import dates
from .errors import CoprodError, NotFound
from .store import Store
from .text import as_id

KINDS = ("conference", "training", "workshop")
DEFAULT_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class Event:
    id: int
    slug: str
    title: str
    kind: str
    venue: str | None
    tz: str
    capacity: int | None
    starts_at: str
    ends_at: str
    repeat_rule: str | None
    except_dates: tuple[str, ...]
    checkin_opens_minutes: int
    checkin_closes_minutes: int
    certificate_ratio: float

    @classmethod
    def from_row(cls, row: dict) -> "Event":
        return cls(
            id=row["id"], slug=row["slug"], title=row["title"], kind=row["kind"],
            venue=row["venue"], tz=row["tz"], capacity=row["capacity"],
            starts_at=row["starts_at"], ends_at=row["ends_at"], repeat_rule=row["repeat_rule"],
            except_dates=tuple(json.loads(row["except_dates"] or "[]")),
            checkin_opens_minutes=row["checkin_opens_minutes"],
            checkin_closes_minutes=row["checkin_closes_minutes"],
            certificate_ratio=row["certificate_ratio"],
        )

    def show(self, moment: str | datetime, *, with_date: bool = True) -> str:
        return dates.show(moment, self.tz, with_date=with_date)

    def local_day(self, moment: str | datetime) -> date:
        return dates.local(moment, self.tz).date()


@dataclass(frozen=True)
class Session:
    id: int
    event_id: int
    title: str
    starts_at: str
    ends_at: str
    room: str | None
    capacity: int | None
    booking_required: bool
    cancelled: bool

    @classmethod
    def from_row(cls, row: dict) -> "Session":
        return cls(
            id=row["id"], event_id=row["event_id"], title=row["title"],
            starts_at=row["starts_at"], ends_at=row["ends_at"], room=row["room"],
            capacity=row["capacity"], booking_required=bool(row["booking_required"]),
            cancelled=row["cancelled_at"] is not None,
        )


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    # An all-digit slug would read as an event id.
    return f"event-{slug}" if slug.isdigit() else slug or "event"


def _unique_slug(store: Store, title: str) -> str:
    base = slugify(title)
    taken = {row["slug"] for row in store.db.query(
        "SELECT slug FROM events WHERE slug = ? OR slug LIKE ?", [base, base + "-%"])}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _moment(value: str | datetime, tz: str) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(dates.zone(tz)) if value.tzinfo else value.replace(tzinfo=dates.zone(tz))
    return dates.parse_when(value, tz)


def _span(starts: str | datetime, ends: str | datetime | None, tz: str) -> tuple[datetime, datetime]:
    start = _moment(starts, tz)
    end = _moment(ends, tz) if ends not in (None, "") else start + DEFAULT_LENGTH
    dates.check_span(start, end)
    return start, end


def _check_settings(opens_minutes: int, closes_minutes: int, certificate_ratio: float) -> None:
    if not (0 <= opens_minutes <= 24 * 60 and 0 <= closes_minutes <= 24 * 60):
        raise CoprodError("Check-in can open and close at most 24 hours (1440 minutes) either side.")
    if not 0 < certificate_ratio <= 1:
        raise CoprodError("The certificate rule is a share of sessions between 0 and 1, e.g. 0.8.")


def _check_capacity(capacity: int | None) -> int | None:
    if capacity is not None and capacity < 0:
        raise CoprodError("Capacity cannot be negative. Leave it empty for no limit.", field="capacity")
    return capacity


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
    title = (title or "").strip()
    if not title:
        raise CoprodError("An event needs a title.", field="title")
    if kind not in KINDS:
        raise CoprodError(f"Unknown kind {kind!r}: choose {', '.join(KINDS)}.")
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
    with store.write() as db:
        event_id = db["events"].insert({
            "slug": _unique_slug(store, title), "title": title, "kind": kind,
            "venue": (venue or "").strip() or None, "tz": tz,
            "capacity": _check_capacity(capacity),
            "starts_at": dates.to_db(occurrences[0][0] if occurrences else start),
            "ends_at": dates.to_db(occurrences[-1][1] if occurrences else end),
            "repeat_rule": repeat.strip() if repeat else None,
            "except_dates": json.dumps([d.isoformat() for d in skipped]),
            "checkin_opens_minutes": checkin_opens_minutes,
            "checkin_closes_minutes": checkin_closes_minutes,
            "certificate_ratio": certificate_ratio,
            "created_at": dates.to_db(dates.utcnow()),
        }).last_pk
        label = "Week" if repeat and "WEEKLY" in repeat.upper() else "Session"
        for number, (s, e) in enumerate(occurrences, 1):
            db["sessions"].insert({
                "event_id": event_id,
                "title": f"{label} {number}" if repeat else title,
                "starts_at": dates.to_db(s), "ends_at": dates.to_db(e),
                "room": (venue or "").strip() or None,
            })
    return get_event(store, event_id)


def get_event(store: Store, ref: str | int) -> Event:
    """An event by slug or id."""
    text = str(ref).strip()
    rows = store.rows(
        "SELECT * FROM events WHERE slug = ? OR id = ? ORDER BY slug = ? DESC LIMIT 1",
        [text.lower(), as_id(text), text.lower()],
    )
    if not rows:
        raise NotFound(f"No event {text[:60]!r}. See `coprod-events event list` for slugs.")
    return Event.from_row(rows[0])


@dataclass(frozen=True)
class EventSummary:
    event: Event
    confirmed: int
    waitlisted: int
    checked_in: int
    sessions: int


def list_events(store: Store) -> list[EventSummary]:
    """Every event, soonest first, with registered / waitlisted / checked-in counts."""
    rows = store.db.query("""
        SELECT e.*,
          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'
             AND r.pa_for_registration_id IS NULL) AS n_confirmed,
          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')
             AS n_waitlisted,
          (SELECT count(DISTINCT c.registration_id) FROM checkins c WHERE c.event_id = e.id
             AND c.success AND c.direction = 'entry' AND c.annulled_at IS NULL) AS n_checked_in,
          (SELECT count(*) FROM sessions s WHERE s.event_id = e.id AND s.cancelled_at IS NULL)
             AS n_sessions
        FROM events e ORDER BY e.starts_at, e.id
    """)
    return [
        EventSummary(Event.from_row(row), row["n_confirmed"], row["n_waitlisted"],
                     row["n_checked_in"], row["n_sessions"])
        for row in rows
    ]


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
    with store.write() as db:
        session_id = db["sessions"].insert({"event_id": event.id, **values}).last_pk
        _fit_event(store, event.id)
    return get_session(store, event.id, session_id)


def _session_values(event: Event, title: str, starts, ends, room, capacity, booking_required) -> dict:
    title = (title or "").strip()
    if not title:
        raise CoprodError("A session needs a title.", field="title")
    start, end = _span(starts, ends, event.tz)
    return {
        "title": title, "starts_at": dates.to_db(start), "ends_at": dates.to_db(end),
        "room": (room or "").strip() or None, "capacity": _check_capacity(capacity),
        "booking_required": int(booking_required),
    }


def _fit_event(store: Store, event_id: int) -> None:
    """A conference has hours of its own and grows to hold its sessions; a course or workshop
    spans exactly its sessions, so moving one moves the event (and its door hours) with it."""
    first, last = store.conn.execute(
        "SELECT min(starts_at), max(ends_at) FROM sessions WHERE event_id = ?", [event_id]).fetchone()
    if first is not None:
        store.conn.execute(
            "UPDATE events SET "
            "starts_at = CASE kind WHEN 'conference' THEN min(starts_at, ?) ELSE ? END, "
            "ends_at = CASE kind WHEN 'conference' THEN max(ends_at, ?) ELSE ? END WHERE id = ?",
            [first, first, last, last, event_id])


def get_session(store: Store, event_id: int, session_id: int | str) -> Session:
    text = str(session_id).strip()
    rows = store.rows("SELECT * FROM sessions WHERE id = ? AND event_id = ?", [as_id(text), event_id])
    if not rows:
        raise NotFound(f"No session {text[:20]!r} in this event. `coprod-events attendance EVENT` lists them.")
    return Session.from_row(rows[0])


def list_sessions(store: Store, event_id: int, *, include_cancelled: bool = False) -> list[Session]:
    where = "event_id = ?" + ("" if include_cancelled else " AND cancelled_at IS NULL")
    return [Session.from_row(row) for row in
            store.rows(f"SELECT * FROM sessions WHERE {where} ORDER BY starts_at, id", [event_id])]


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
    title = (title or "").strip()
    if not title:
        raise CoprodError("An event needs a title.", field="title")
    _check_settings(checkin_opens_minutes, checkin_closes_minutes, certificate_ratio)
    with store.write() as db:
        db["events"].update(event.id, {
            "title": title, "venue": (venue or "").strip() or None,
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
    with store.write() as db:  # one transaction: a failure leaves no half-made copy
        copy = add_event(
            store, title, kind="conference", starts=new_start,
            ends=_shifted(event.ends_at, event.tz, shift), capacity=event.capacity, venue=event.venue,
            tz=event.tz, checkin_opens_minutes=event.checkin_opens_minutes,
            checkin_closes_minutes=event.checkin_closes_minutes,
            certificate_ratio=event.certificate_ratio)
        db["events"].update(copy.id, {"kind": event.kind, "repeat_rule": event.repeat_rule})
        for session in list_sessions(store, event.id):
            db["sessions"].insert({
                "event_id": copy.id, "title": session.title,
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
    with store.write() as db:
        db["sessions"].update(session.id, values)
        _fit_event(store, event.id)
    return get_session(store, event.id, session.id)


def cancel_session(store: Store, event_ref: str | int, session_id: int | str) -> Session:
    """Cancel one occurrence (a course's week): it stops counting for attendance and certificates."""
    event = get_event(store, event_ref)
    session = get_session(store, event.id, session_id)
    if session.cancelled:
        raise CoprodError(f"{session.title} is already cancelled.")
    with store.write() as db:
        db["sessions"].update(session.id, {"cancelled_at": dates.to_db(dates.utcnow())})
    return get_session(store, event.id, session.id)


def several_days(event: Event, sessions: list[Session]) -> bool:
    """Whether the sessions fall on more than one local day (then their times show dates)."""
    return len({event.local_day(session.starts_at) for session in sessions}) > 1


@dataclass(frozen=True)
class Places:
    booked: int  # confirmed places taken by confirmed registrations
    waiting: int  # confirmed people waiting for a place (the event's own waiting list aside)


def session_places(store: Store, event_id: int) -> dict[int, Places]:
    """Booked and waiting per session of the event, in one query."""
    rows = store.conn.execute(
        "SELECT s.id, "
        "  count(CASE WHEN b.status = 'confirmed' AND r.status = 'confirmed' THEN 1 END), "
        "  count(CASE WHEN b.status = 'waitlisted' AND r.status = 'confirmed' THEN 1 END) "
        "FROM sessions s LEFT JOIN bookings b ON b.session_id = s.id "
        "LEFT JOIN registrations r ON r.id = b.registration_id "
        "WHERE s.event_id = ? GROUP BY s.id", [event_id])
    return {row[0]: Places(row[1], row[2]) for row in rows}
