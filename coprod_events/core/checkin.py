"""Check-in: a scan or a typed code becomes a verdict and one row in an append-only log."""

from __future__ import annotations

import getpass
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from . import badge_codes, dates, tickets
from .data import checkins as data
from .data import registrations as registrations_data
from .data.registrations import QueuePlace
from .errors import CoprodError, NotFound, quote
from .events import Event, Session, get_event, get_session, list_sessions
from .registrations import Registration, attention, back_in_line, get_registration, promote
from .store import Store
from .text import and_list, clean

# The reasons are a public contract (CLI JSON, exports, tests): spelled exactly.
OK = "ok"
ALREADY_CHECKED_IN = "already_checked_in"
UNKNOWN_CODE = "unknown_code"
REVOKED_CODE = "revoked_code"
WRONG_EVENT = "wrong_event"
NOT_BOOKED = "not_booked"
CANCELLED = "cancelled"
WAITLISTED = "waitlisted"
OUTSIDE_WINDOW = "outside_window"
# A badge's code (not a ticket) before its person was admitted at the door today, or at a kiosk.
# Not forceable: staff who know the person find them by name, which checks their ticket.
BADGE_NOT_TICKET = "badge_not_ticket"
REASONS = (OK, ALREADY_CHECKED_IN, UNKNOWN_CODE, REVOKED_CODE, WRONG_EVENT, NOT_BOOKED,
           CANCELLED, WAITLISTED, OUTSIDE_WINDOW, BADGE_NOT_TICKET)
FORCEABLE = frozenset({ALREADY_CHECKED_IN, REVOKED_CODE, NOT_BOOKED, CANCELLED, WAITLISTED,
                       OUTSIDE_WINDOW})
ENTRY, EXIT = "entry", "exit"
KIOSK_STATION = "Kiosk"  # a self check-in kiosk's station, alone or before its name
FUTURE_SLACK = timedelta(minutes=5)  # clocks on two laptops differ a little
MAX_FORCE_REASON = 200  # a few words ("Speaker's guest"), not a note


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    reason: str
    forced: bool
    message: str
    checkin_id: str
    registration_id: int | None = None
    name: str | None = None
    first_name: str | None = None
    direction: str = ENTRY
    session_id: int | None = None
    room: str | None = None
    at: str | None = None
    first_checked_in_at: str | None = None
    first_station: str | None = None
    other_event: str | None = None
    opens_at: str | None = None
    force_reason: str | None = None  # why staff forced it, in their words (None if not said)
    attention: list[str] = field(default_factory=list)
    replayed: bool = False

    @property
    def forceable(self) -> bool:
        return not self.admitted and self.reason in FORCEABLE

    def as_dict(self) -> dict:
        return asdict(self) | {"forceable": self.forceable}


@dataclass
class _Scan:
    """What is known about one scan while the verdict is worked out."""
    event: Event
    session: Session | None
    direction: str
    at: datetime
    raw: str  # as scanned or typed: one of our codes, or one imported from another tool's ticket
    station: str | None = None
    registration: Registration | None = None
    reason: str = OK
    message: str = ""
    first_at: str | None = None
    first_station: str | None = None
    other_event: str | None = None
    replaced: bool = False  # a revoked code: a newer ticket exists (else withdrawn, e.g. erased)
    opens_at: str | None = None


def check_in(
    store: Store,
    event_ref: str | int,
    raw_code: str,
    *,
    session_id: int | str | None = None,
    direction: str = ENTRY,
    force: bool = False,
    reason: str | None = None,
    station: str | None = None,
    operator: str | None = None,
    at: datetime | str | None = None,
    checkin_id: str | None = None,
    registration_id: int | None = None,
) -> Verdict:
    """Check a code in (or out) at the event door or a session, and log the attempt.

    `registration_id` instead of a code is a check-in found by name at the desk: it is judged
    by the person's live ticket, exactly as a scan of it would be.

    `reason` is why staff force it ("Speaker's guest"), kept with the check-in when it is forced.
    It is never written to the app's log file: staff may have written about someone's health.

    The whole decision runs under the write lock, so two desks scanning one code at the same
    moment admit it once. A `checkin_id` seen before returns the stored verdict (an offline
    desk replaying its queue is stored once).
    """
    if direction not in (ENTRY, EXIT):
        raise CoprodError("Direction must be entry or exit.")
    event = get_event(store, event_ref)
    session = get_session(store, event.id, session_id) if session_id not in (None, "") else None
    moment = _moment(at, event)
    checkin_id = _clean_id(checkin_id) if checkin_id else str(uuid.uuid4())
    raw = raw_code if isinstance(raw_code, str) else ""
    why = clean(reason, "override reason", limit=MAX_FORCE_REASON, key="reason")
    if why and not force:
        raise CoprodError("A reason goes with a staff override: force the check-in, or leave it out.")
    if registration_id is not None:
        raw = tickets.issue(store, registration_id).code
    with store.write():
        if data.exists(store, checkin_id):
            return replay(store, checkin_id)
        scan = _Scan(event, session, direction, moment, raw, station)
        _judge(store, scan)
        forced = force and scan.reason in FORCEABLE
        admitted = scan.reason == OK or forced
        promoted: list[QueuePlace] = []
        if forced and scan.reason == WAITLISTED and scan.registration:
            scan.registration, promoted = _promote(store, scan.registration.id)
        data.append(store, data.Checkin(
            id=checkin_id, event_id=event.id,
            registration_id=scan.registration.id if scan.registration else None,
            session_id=session.id if session else None, direction=direction,
            at=dates.to_db(moment), local_day=event.local_day(moment).isoformat(),
            station=_short(station), operator=_short(operator or _whoami()), forced=forced,
            success=admitted, reason=scan.reason, raw_input=tickets.sanitise(raw),
            recorded_at=dates.to_db(dates.utcnow()), force_reason=why if forced else None))
        if promoted:
            data.record_promotion(store, checkin_id, promoted)
    return _verdict(store, scan, checkin_id, admitted=admitted, forced=forced,
                    force_reason=why if forced else None)


def _promote(store: Store, registration_id: int) -> tuple[Registration, list[QueuePlace]]:
    """Confirm a waitlisted person let in by staff; and the queue places that took them out
    of (the event's, and those of sessions whose places they got), for undo to give back."""
    waited = registrations_data.queue_places(store, registration_id)
    registration = promote(store, registration_id)
    still = set(registrations_data.queue_places(store, registration_id))
    return registration, [place for place in waited if place not in still]


def _judge(store: Store, scan: _Scan) -> None:
    """Fill in the reason: the first check that fails, in the order a desk would explain it."""
    badge = badge_codes.find(store, scan.raw)
    if (ticket := badge or tickets.find_scanned(store, scan.raw)) is None:
        scan.reason = UNKNOWN_CODE
        return
    registration = get_registration(store, ticket.registration_id)
    scan.registration = registration
    if registration.event_id != scan.event.id:
        scan.reason = WRONG_EVENT
        scan.other_event = get_event(store, registration.event_id).title
        return
    if badge and not badge.revoked_at and (is_kiosk_station(scan.station)
                                           or not _admitted_at_the_door(store, scan)):
        scan.reason = BADGE_NOT_TICKET
    elif ticket.revoked_at:
        scan.reason = REVOKED_CODE
        scan.replaced = tickets.live_ticket(store, registration.id) is not None
    elif scan.direction == EXIT:
        scan.reason = OK  # exits are always let through
    elif registration.status == "cancelled":
        scan.reason = CANCELLED
    elif registration.status == "waitlisted":
        scan.reason = WAITLISTED
    elif scan.session and scan.session.booking_required and not _booked(store, registration, scan.session):
        scan.reason = NOT_BOOKED
    elif (window := _window_problem(store, scan)) is not None:
        scan.reason = OUTSIDE_WINDOW
        scan.opens_at = window
    elif _open_entry(store, scan):
        scan.reason = ALREADY_CHECKED_IN


def _admitted_at_the_door(store: Store, scan: _Scan) -> bool:
    """Let in at the event's door today (not undone): what a badge code needs to count."""
    assert scan.registration is not None
    day = data.day_at(store, scan.registration.id, scan.event.local_day(scan.at).isoformat(), None)
    return any(passage.direction == ENTRY for passage in day)


def _booked(store: Store, registration: Registration, session: Session) -> bool:
    """A confirmed place at the session; a PA goes wherever the person they support goes."""
    if any(b.session_id == session.id and b.status == "confirmed" for b in registration.bookings):
        return True
    return registration.pa_for_registration_id is not None and _booked(
        store, get_registration(store, registration.pa_for_registration_id), session)


def next_session(store: Store, event: Event, registration_id: int, now: datetime) -> Session | None:
    """The person's next session today that has not ended: one open to everyone, or one they
    have a place at (a PA: one the person they support has a place at)."""
    registration = get_registration(store, registration_id)
    today, now_db = event.local_day(now), dates.to_db(now)
    for session in list_sessions(store, event.id):  # in time order
        if (event.local_day(session.starts_at) == today and session.ends_at > now_db
                and (not session.booking_required or _booked(store, registration, session))):
            return session
    return None


def _windows(store: Store, scan: _Scan) -> list[tuple[datetime, datetime]]:
    """When check-in is open: around this session; at the door, around every session and
    (unless it is a course, whose span covers weeks) the event's own hours."""
    event = scan.event
    opens = timedelta(minutes=event.checkin_opens_minutes)
    closes = timedelta(minutes=event.checkin_closes_minutes)
    spans: list[Session | Event]
    if scan.session:
        spans = [scan.session]
    else:
        sessions = list_sessions(store, event.id)
        spans = sessions + ([event] if not (event.repeat_rule and sessions) else [])
    return sorted((dates.from_db(s.starts_at) - opens, dates.from_db(s.ends_at) + closes) for s in spans)


def _window_problem(store: Store, scan: _Scan) -> str | None:
    """None when `at` is inside a window; else when the next window opens ("" if none will)."""
    windows = _windows(store, scan)
    if any(start <= scan.at <= end for start, end in windows):
        return None
    later = [start for start, _ in windows if start > scan.at]
    return dates.to_db(later[0]) if later else ""


def _open_entry(store: Store, scan: _Scan) -> bool:
    """Already in today: an entry today (at the door, or this session) with no later exit.
    Records when this stay began for the message."""
    assert scan.registration is not None
    began = _stay_began(data.day_at(store, scan.registration.id,
                                    scan.event.local_day(scan.at).isoformat(),
                                    scan.session.id if scan.session else None))
    if began is None:
        return False
    scan.first_at, scan.first_station = began.at, began.station
    return True


def _stay_began(day: list[data.Passage]) -> data.Passage | None:
    """The entry that began the stay still open at the end of `day` (after the last exit:
    someone who left at 21:41 and came back at 21:42 has been in since 21:42); None if out."""
    began = None
    for passage in day:
        if passage.direction == EXIT:
            began = None
        elif began is None:
            began = passage
    return began


def _verdict(store: Store, scan: _Scan, checkin_id: str, *, admitted: bool, forced: bool,
             force_reason: str | None, replayed: bool = False) -> Verdict:
    registration = scan.registration
    room = scan.session.room if scan.session else None
    return Verdict(
        admitted=admitted, reason=scan.reason, forced=forced,
        message=_message(scan, admitted, forced), checkin_id=checkin_id,
        registration_id=registration.id if registration else None,
        name=registration.name if registration else None,
        first_name=registration.person.first_name if registration else None,
        direction=scan.direction, session_id=scan.session.id if scan.session else None, room=room,
        at=dates.to_db(scan.at), first_checked_in_at=scan.first_at, first_station=scan.first_station,
        other_event=scan.other_event, opens_at=scan.opens_at or None, force_reason=force_reason,
        attention=attention(store, registration) if registration else [], replayed=replayed,
    )


def _message(scan: _Scan, admitted: bool, forced: bool) -> str:
    """One plain sentence for the desk: what happened and what to do."""
    event, name = scan.event, scan.registration.name if scan.registration else ""
    if scan.reason == OK:
        return f"{name} checked {'out' if scan.direction == EXIT else 'in'}."
    if forced and scan.reason == WAITLISTED:  # the override gave them a place: no longer waiting
        return f"{name} was on the waiting list: admitted by staff override, and now holds a place."
    explain = {
        ALREADY_CHECKED_IN: lambda: (
            f"{name} already checked in at {event.show(scan.first_at or scan.at, with_date=False)}"
            + (f" (desk {scan.first_station})" if scan.first_station else "") + "."),
        UNKNOWN_CODE: lambda: "Unknown code: not a ticket for any event. Search by name instead.",
        REVOKED_CODE: lambda: (f"This code was replaced by a newer ticket for {name}. Ask for the new one."
                               if scan.replaced else "This code was withdrawn: it admits nobody now. "
                               "Search by name instead."),
        WRONG_EVENT: lambda: f"This ticket is for {scan.other_event}, not {event.title}.",
        NOT_BOOKED: lambda: f"{name} has not booked this session.",
        CANCELLED: lambda: f"{name}'s registration was cancelled.",
        WAITLISTED: lambda: f"{name} is on the waiting list, not confirmed.",
        BADGE_NOT_TICKET: lambda: (
            f"This is {name}'s name badge, not a ticket: it lets them back in only after their "
            "ticket let them in at the door today. Scan the ticket for first entry, or find "
            "them by name."),
        OUTSIDE_WINDOW: lambda: (
            f"Check-in is not open now. It opens {event.show(scan.opens_at)}." if scan.opens_at
            else "Check-in has closed for this event."),
    }[scan.reason]()
    if forced:
        return f"{explain} Admitted by staff override."
    if scan.reason in FORCEABLE:
        return f"{explain} Staff can override."
    return explain


def replay(store: Store, checkin_id: str) -> Verdict:
    """The verdict a logged check-in gave, rebuilt from its row."""
    row = data.get(store, checkin_id)
    if row is None:
        raise NotFound(f"No check-in {quote(checkin_id, 40)}.")
    event = get_event(store, row.event_id)
    session = get_session(store, event.id, row.session_id) if row.session_id else None
    scan = _Scan(event, session, row.direction, dates.from_db(row.at), "", reason=row.reason)
    if row.registration_id:
        scan.registration = get_registration(store, row.registration_id)
        if row.reason == WRONG_EVENT:
            scan.other_event = get_event(store, scan.registration.event_id).title
        if row.reason == REVOKED_CODE:
            scan.replaced = tickets.live_ticket(store, row.registration_id) is not None
    if row.reason == ALREADY_CHECKED_IN and row.registration_id:
        day = data.day_at(store, row.registration_id, row.local_day, row.session_id)
        began = _stay_began([p for p in day if p.at <= row.at])
        if began:
            scan.first_at, scan.first_station = began.at, began.station
    if row.reason == OUTSIDE_WINDOW:
        scan.opens_at = _window_problem(store, scan)
    return _verdict(store, scan, checkin_id, admitted=bool(row.success),
                    forced=bool(row.forced), force_reason=row.force_reason, replayed=True)


@dataclass(frozen=True)
class Undone:
    checkin_id: str
    name: str | None
    annulled_at: str
    note: str = ""  # what became of a place the check-in gave (a forced waitlisted admission)


def undo(store: Store, checkin_id: str, *, operator: str | None = None) -> Undone:
    """Annul a check-in: it stops counting, and the log keeps it with who undid it and when.

    A forced admission of a waitlisted person also gave them a place: undo puts them back in
    line where they were, unless their registration moved on since (cancelled, let in again on
    the strength of that place, sessions changed); then it stays as it is and the note says so.
    """
    checkin_id = _clean_id(checkin_id)
    with store.write():
        row = data.get(store, checkin_id)
        if row is None:
            raise NotFound(f"No check-in {quote(checkin_id, 40)}.")
        if row.annulled_at:
            raise CoprodError(f"Check-in {checkin_id} was already undone at {row.annulled_at}.")
        now = dates.to_db(dates.utcnow())
        data.annul(store, checkin_id, at=now, by=_short(operator or _whoami()))
        note = _give_back_the_place(store, row)
    name = registrations_data.name_of(store, row.registration_id) if row.registration_id else None
    return Undone(checkin_id, name, now, note)


def _give_back_the_place(store: Store, row: data.Checkin) -> str:
    """Undo the promotion a forced check-in made, if it still stands as that check-in left it;
    one sentence on what became of the place ("" when the check-in gave none)."""
    places = data.promotions(store, row.id)
    if not places or row.registration_id is None:
        return ""
    event = get_event(store, row.event_id)
    registration = get_registration(store, row.registration_id)
    name = registration.name
    confirmed = {b.session_id for b in registration.bookings if b.status == "confirmed"}
    if registration.status != "confirmed":
        return f"{name} is {registration.status} now, so there is no place to give back."
    if entered := data.entered_since(store, registration.id, row):
        return (f"{name} keeps the confirmed place: they were let in again at "
                f"{event.show(entered, with_date=False)} on the strength of it.")
    if confirmed != {place.session_id for place in places if place.session_id is not None}:
        return f"{name} keeps the confirmed place: their sessions were changed since."
    result = back_in_line(store, registration.id, places)
    now = result.registration
    note = (f"{name} is back on the waiting list, place {now.waitlist_position}."
            if now.status == "waitlisted" else
            f"{name} keeps a confirmed place: one came free meanwhile and they were next in line.")
    # Keyed by registration, not name: two people waiting may share a name.
    people = {other.id: other for other in result.promoted}
    given: dict[int, list[str]] = {other_id: [] for other_id in people}
    for other, session_id in result.promoted_bookings:
        people.setdefault(other.id, other)
        given.setdefault(other.id, []).append(get_session(store, event.id, session_id).title)
    for other_id, at in given.items():
        other, got_the_event = people[other_id], other_id in {o.id for o in result.promoted}
        note += (f" {other.name} now has the freed place" + (f", and one at {and_list(at)}." if at else ".")
                 if got_the_event else f" {other.name} now has the freed place at {and_list(at)}.")
    return note


def last_checkin(store: Store, event_ref: str | int, *, station: str | None = None) -> str | None:
    """The newest admitted, not-undone check-in (at this station, if given): what undo undoes."""
    event = get_event(store, event_ref)
    return data.newest_admission(store, event.id, station)


def _moment(at: datetime | str | None, event: Event) -> datetime:
    if at is None:
        return dates.utcnow()
    if isinstance(at, datetime):
        if at.tzinfo is None:
            raise CoprodError("A check-in time needs a time zone.")
        return at
    moment = dates.parse_when(at, event.tz)
    if moment > dates.utcnow() + FUTURE_SLACK:
        raise CoprodError(
            f"{event.show(moment)} is in the future. --at is for check-ins that already happened.")
    return moment


def _clean_id(checkin_id: str) -> str:
    text = str(checkin_id).strip()
    if not text or len(text) > 64 or not all(ch.isalnum() or ch in "-_" for ch in text):
        raise CoprodError("A check-in id is 1 to 64 letters, digits, dashes or underscores.")
    return text


def _short(text: str | None) -> str | None:
    return tickets.sanitise(text)[:64] if text else None


def _whoami() -> str | None:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


@dataclass(frozen=True)
class LogEntry(data.LogLine):
    """One line of the live list at the desk."""

    @property
    def from_kiosk(self) -> bool:
        return is_kiosk_station(self.station)


NEEDS_A_LOOK = frozenset({ALREADY_CHECKED_IN, OUTSIDE_WINDOW, NOT_BOOKED})


def tone(verdict: Verdict | LogEntry) -> str:
    """admitted (green), look (amber) or refused (red), for a verdict or a line of the log:
    the desk's colours and the command's marks."""
    if verdict.admitted:
        return "admitted"
    return "look" if verdict.reason in NEEDS_A_LOOK else "refused"


def kiosk_station(name: str | None) -> str:
    """What the log records as this kiosk's station: "Kiosk", or "Kiosk <name>"."""
    name = (name or "").strip()
    if not name:
        return KIOSK_STATION
    return name if is_kiosk_station(name) else f"{KIOSK_STATION} {name}"


def is_kiosk_station(station: str | None) -> bool:
    return station is not None and (station == KIOSK_STATION or station.startswith(KIOSK_STATION + " "))


def recent(store: Store, event_ref: str | int, *, limit: int = 8) -> list[LogEntry]:
    """The newest check-ins at every desk of the event, newest first (refusals included)."""
    event = get_event(store, event_ref)
    return [LogEntry(**vars(line)) for line in data.recent(store, event.id, limit)]


@dataclass(frozen=True)
class Counts:
    checked_in: int
    expected: int


def counts(store: Store, event_ref: str | int, *, session_id: int | str | None = None,
           at: datetime | None = None) -> Counts:
    """Checked in today (at the door, or this session) against those expected."""
    event = get_event(store, event_ref)
    session = get_session(store, event.id, session_id) if session_id not in (None, "") else None
    day = event.local_day(at or dates.utcnow()).isoformat()
    checked_in = data.checked_in_count(store, event.id, day, session.id if session else None)
    booked = session.id if session and session.booking_required else None
    return Counts(checked_in, data.expected_count(store, event.id, booked))
