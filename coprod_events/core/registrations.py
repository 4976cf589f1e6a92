"""Registrations: a person at an event, with roles, access needs, bookings and consent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import catalogue, dates, people, tickets
from .errors import CoprodError, NotFound
from .events import Event, get_event, get_session
from .store import Store
from .text import as_id, clean

PRIVACY_NOTICE_VERSION = "2026-1"
NOTE_LIMIT = 2000
STATUSES = ("confirmed", "waitlisted", "cancelled")


@dataclass(frozen=True)
class Booking:
    session_id: int
    status: str  # confirmed | waitlisted
    waitlist_position: int | None


@dataclass(frozen=True)
class Registration:
    id: int
    event_id: int
    person: people.Person
    status: str
    waitlist_position: int | None
    roles: tuple[str, ...]
    access: tuple[tuple[str, str | None], ...]
    role_notes: str | None
    access_notes: str | None
    dietary: str | None
    pa_for_registration_id: int | None
    payment_eligible: bool
    consent_at: str | None
    bookings: tuple[Booking, ...]

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def has_notes(self) -> bool:
        return bool(self.role_notes or self.access_notes or self.dietary)


@dataclass(frozen=True)
class RegisterResult:
    registration: Registration
    code: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CancelResult:
    registration: Registration
    promoted: tuple[Registration, ...] = ()
    promoted_bookings: tuple[tuple[Registration, int], ...] = ()
    cancelled_pas: tuple[Registration, ...] = ()


def _now() -> str:
    return dates.to_db(dates.utcnow())


def _queue_position(store: Store, table: str, scope_column: str, scope_id: int,
                    waitlisted_at: str, key_column: str, key: int) -> int:
    """1-based place in a waiting list ordered by (waitlisted_at, key)."""
    return store.conn.execute(
        f"SELECT count(*) FROM {table} WHERE {scope_column} = ? AND status = 'waitlisted' "
        f"AND (waitlisted_at < ? OR (waitlisted_at = ? AND {key_column} <= ?))",
        [scope_id, waitlisted_at, waitlisted_at, key],
    ).fetchone()[0]


def get_registration(store: Store, registration_id: int | str) -> Registration:
    text = str(registration_id).strip()
    rows = store.rows("SELECT * FROM registrations WHERE id = ?", [as_id(text)])
    if not rows:
        raise NotFound(f"No registration {text[:20]!r}.")
    row = rows[0]
    reg_id = row["id"]
    position = None
    if row["status"] == "waitlisted":
        position = _queue_position(store, "registrations", "event_id", row["event_id"],
                                   row["waitlisted_at"], "id", reg_id)
    bookings = tuple(
        Booking(b["session_id"], b["status"],
                _queue_position(store, "bookings", "session_id", b["session_id"], b["waitlisted_at"],
                                "registration_id", reg_id) if b["status"] == "waitlisted" else None)
        for b in store.rows("SELECT * FROM bookings WHERE registration_id = ? ORDER BY session_id", [reg_id])
    )
    return Registration(
        id=reg_id, event_id=row["event_id"], person=people.get_person(store, row["person_id"]),
        status=row["status"], waitlist_position=position,
        roles=tuple(role for role, in store.conn.execute(
            "SELECT role FROM registration_roles WHERE registration_id = ? ORDER BY role", [reg_id])),
        access=tuple(store.conn.execute(
            "SELECT code, detail FROM registration_access WHERE registration_id = ? ORDER BY code",
            [reg_id])),
        role_notes=row["role_notes"], access_notes=row["access_notes"], dietary=row["dietary"],
        pa_for_registration_id=row["pa_for_registration_id"],
        payment_eligible=bool(row["payment_eligible"]), consent_at=row["consent_at"],
        bookings=bookings,
    )


def _confirmed_places(store: Store, event_id: int) -> int:
    """PAs and supporters do not take a place (Shaping Our Lives guidance)."""
    return store.conn.execute(
        "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'confirmed' "
        "AND pa_for_registration_id IS NULL", [event_id]).fetchone()[0]


def _booked_places(store: Store, session_id: int) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM bookings b JOIN registrations r ON r.id = b.registration_id "
        "WHERE b.session_id = ? AND b.status = 'confirmed' AND r.status != 'cancelled'",
        [session_id]).fetchone()[0]


def _session_has_room(store: Store, session_id: int) -> bool:
    capacity = store.conn.execute("SELECT capacity FROM sessions WHERE id = ?", [session_id]).fetchone()[0]
    return capacity is None or _booked_places(store, session_id) < capacity


@dataclass(frozen=True)
class _Details:
    """The editable part of a registration, validated, with health data dropped without consent."""
    roles: list[str]
    needs: dict[str, str | None]
    notes: dict[str, str | None]
    sessions: list[int]
    warnings: list[str]


def _details(store: Store, event: Event, *, roles, access, access_notes, role_notes, dietary,
             consent, sessions, pa_for) -> _Details:
    role_codes = {catalogue.parse_role(r) for r in roles} | ({"pa_supporter"} if pa_for else set())
    needs = dict(catalogue.parse_access(item) for item in access)
    notes = {
        "access_notes": clean(access_notes, "access note", limit=NOTE_LIMIT, key="access_notes"),
        "role_notes": clean(role_notes, "role note", limit=NOTE_LIMIT, key="role_notes"),
        "dietary": clean(dietary, "dietary note", limit=NOTE_LIMIT, key="dietary"),
    }
    warnings = []
    if not consent and (needs or any(notes.values())):
        dropped = (["access needs"] if needs else []) + [
            label for key, label in (("access_notes", "access notes"), ("role_notes", "role notes"),
                                     ("dietary", "dietary needs")) if notes[key]]
        warnings.append(
            f"Not saved: {', '.join(dropped)}. These are health-related and are only kept with "
            "the person's consent; record consent and edit the registration to add them."
        )
        needs, notes = {}, dict.fromkeys(notes)
    chosen = {session.id: session for session in (get_session(store, event.id, s) for s in sessions)}
    cancelled = [s.title for s in chosen.values() if s.cancelled]
    if cancelled:
        raise CoprodError(f"{cancelled[0]} is cancelled, so it cannot be booked.")
    if pa_for is not None:
        _check_pa_target(store, event, pa_for)
    return _Details(sorted(role_codes), needs, notes, list(chosen), warnings)


def _write_details(store: Store, reg_id: int, details: _Details, *, waitlist: bool) -> None:
    """Replace roles and needs; keep bookings still chosen (and their queue places)."""
    db = store.db
    db.execute("DELETE FROM registration_roles WHERE registration_id = ?", [reg_id])
    db.execute("DELETE FROM registration_access WHERE registration_id = ?", [reg_id])
    db["registration_roles"].insert_all({"registration_id": reg_id, "role": r} for r in details.roles)
    db["registration_access"].insert_all(
        {"registration_id": reg_id, "code": c, "detail": d} for c, d in details.needs.items())
    booked = {row[0] for row in db.execute(
        "SELECT session_id FROM bookings WHERE registration_id = ?", [reg_id])}
    for session_id in booked - set(details.sessions):
        db.execute("DELETE FROM bookings WHERE registration_id = ? AND session_id = ?", [reg_id, session_id])
    for session_id in details.sessions:
        if session_id not in booked:
            _book(store, reg_id, session_id, waitlist=waitlist)


def _session_warnings(store: Store, registration: Registration) -> list[str]:
    if registration.status == "waitlisted":
        return []
    return [f"{title} is full: waiting list place {b.waitlist_position}."
            for b in registration.bookings if b.status == "waitlisted"
            for title in [get_session(store, registration.event_id, b.session_id).title]]


def register(
    store: Store,
    event_ref: str | int,
    name: str,
    *,
    email: str | None = None,
    preferred_name: str | None = None,
    pronouns: str | None = None,
    phone: str | None = None,
    organisation: str | None = None,
    roles: Iterable[str] = (),
    access: Iterable[str | tuple[str, str | None]] = (),
    access_notes: str | None = None,
    role_notes: str | None = None,
    dietary: str | None = None,
    consent: bool = False,
    sessions: Iterable[int | str] = (),
    pa_for: int | None = None,
    payment_eligible: bool = False,
    person_id: int | None = None,
) -> RegisterResult:
    """Register a person (matched by email, or the known `person_id`, whose details the given
    ones replace) at an event and issue their ticket.

    A full event waitlists; a full session waitlists that booking. Access needs and notes are
    health data: without consent they are not kept, the rest is saved, and a warning says so.
    """
    event = get_event(store, event_ref)
    details = _details(store, event, roles=roles, access=access, access_notes=access_notes,
                       role_notes=role_notes, dietary=dietary, consent=consent,
                       sessions=sessions, pa_for=pa_for)
    with store.write() as db:
        person = dict(email=email, preferred_name=preferred_name, pronouns=pronouns, phone=phone,
                      organisation=organisation)
        if person_id is not None:
            people.get_person(store, person_id)
            people.update_person(store, person_id, name, **person)
        else:
            person_id, _ = people.find_or_create(store, name, **person)
        full = (pa_for is None and event.capacity is not None
                and _confirmed_places(store, event.id) >= event.capacity)
        now = _now()
        row = {
            "event_id": event.id, "person_id": person_id,
            "status": "waitlisted" if full else "confirmed", "waitlisted_at": now if full else None,
            "pa_for_registration_id": pa_for, "payment_eligible": int(payment_eligible),
            "consent_at": now if consent else None,
            "consent_version": PRIVACY_NOTICE_VERSION if consent else None,
            "created_at": now, "cancelled_at": None, **details.notes,
        }
        existing = db.execute(
            "SELECT id, status FROM registrations WHERE event_id = ? AND person_id = ?",
            [event.id, person_id]).fetchone()
        if existing and existing[1] != "cancelled":
            raise CoprodError(
                f"{people.get_person(store, person_id).name} is already registered for this event "
                f"(registration {existing[0]}, {existing[1]}).")
        if existing:  # registering again after cancelling
            reg_id = existing[0]
            db["registrations"].update(reg_id, row)
        else:
            reg_id = db["registrations"].insert(row).last_pk
        _write_details(store, reg_id, details, waitlist=full)
        ticket = tickets.issue(store, reg_id)
    registration = get_registration(store, reg_id)
    return RegisterResult(registration, ticket.code,
                          tuple(details.warnings + _session_warnings(store, registration)))


def update_registration(
    store: Store,
    registration_id: int | str,
    name: str,
    *,
    email: str | None = None,
    preferred_name: str | None = None,
    pronouns: str | None = None,
    phone: str | None = None,
    organisation: str | None = None,
    roles: Iterable[str] = (),
    access: Iterable[str | tuple[str, str | None]] = (),
    access_notes: str | None = None,
    role_notes: str | None = None,
    dietary: str | None = None,
    consent: bool = False,
    sessions: Iterable[int | str] = (),
    pa_for: int | None = None,
    payment_eligible: bool = False,
) -> RegisterResult:
    """Save an edited registration: every field as given (as the form shows it).

    Withdrawing consent erases the access needs and notes. Sessions still chosen keep their
    place; dropped ones free it for the next in that queue.
    """
    current = get_registration(store, registration_id)
    event = get_event(store, current.event_id)
    if pa_for == current.id:
        raise CoprodError("A person cannot be their own PA.")
    details = _details(store, event, roles=roles, access=access, access_notes=access_notes,
                       role_notes=role_notes, dietary=dietary, consent=consent,
                       sessions=sessions, pa_for=pa_for)
    with store.write():
        people.update_person(store, current.person.id, name, email=email,
                             preferred_name=preferred_name, pronouns=pronouns, phone=phone,
                             organisation=organisation)
        consent_at = (current.consent_at or _now()) if consent else None
        store.db["registrations"].update(current.id, {
            "pa_for_registration_id": pa_for, "payment_eligible": int(payment_eligible),
            "consent_at": consent_at,
            "consent_version": PRIVACY_NOTICE_VERSION if consent else None, **details.notes,
        })
        _write_details(store, current.id, details, waitlist=current.status == "waitlisted")
        _fill_sessions(store, event.id)
        ticket = tickets.issue(store, current.id)
    registration = get_registration(store, current.id)
    return RegisterResult(registration, ticket.code,
                          tuple(details.warnings + _session_warnings(store, registration)))


def _check_pa_target(store: Store, event: Event, pa_for: int) -> None:
    row = store.conn.execute(
        "SELECT event_id, status, pa_for_registration_id FROM registrations WHERE id = ?",
        [pa_for]).fetchone()
    if row is None or row[0] != event.id:
        raise CoprodError(f"There is no registration {pa_for} at this event to be the PA for.",
                          field="pa_for")
    if row[1] == "cancelled":
        raise CoprodError(f"Registration {pa_for} is cancelled, so a PA cannot be linked to it.")
    if row[2] is not None:  # a PA's PA would go in circles: link to the person supported
        raise CoprodError(f"Registration {pa_for} is itself a PA (for registration {row[2]}): "
                          "link this PA to the person they support.", field="pa_for")


def _book(store: Store, reg_id: int, session_id: int, *, waitlist: bool) -> None:
    queued = waitlist or not _session_has_room(store, session_id)
    store.db["bookings"].insert({
        "registration_id": reg_id, "session_id": session_id,
        "status": "waitlisted" if queued else "confirmed",
        "waitlisted_at": _now() if queued else None,
    }, replace=True)


def cancel(store: Store, registration_id: int | str) -> CancelResult:
    """Cancel (with the PAs who come only for this person), then fill the freed place from the
    front of the waiting list and freed session places from theirs. Says who was promoted."""
    registration = get_registration(store, registration_id)
    if registration.status == "cancelled":
        raise CoprodError(f"Registration {registration.id} is already cancelled.")
    event = get_event(store, registration.event_id)
    with store.write():
        pas = [row[0] for row in store.conn.execute(
            "SELECT id FROM registrations WHERE pa_for_registration_id = ? AND status != 'cancelled'",
            [registration.id])]
        now = _now()
        for reg_id in [registration.id, *pas]:
            store.conn.execute(
                "UPDATE registrations SET status = 'cancelled', cancelled_at = ?, waitlisted_at = NULL "
                "WHERE id = ?", [now, reg_id])
            store.conn.execute("DELETE FROM bookings WHERE registration_id = ?", [reg_id])
        promoted = _fill_event(store, event)
        promoted_bookings = _fill_sessions(store, event.id)
    return CancelResult(
        get_registration(store, registration.id),
        tuple(get_registration(store, r) for r in promoted),
        tuple((get_registration(store, r), s) for r, s in promoted_bookings),
        tuple(get_registration(store, r) for r in pas),
    )


def _fill_event(store: Store, event: Event) -> list[int]:
    promoted = []
    while event.capacity is None or _confirmed_places(store, event.id) < event.capacity:
        row = store.conn.execute(
            "SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' "
            "ORDER BY waitlisted_at, id LIMIT 1", [event.id]).fetchone()
        if row is None:
            break
        store.conn.execute(
            "UPDATE registrations SET status = 'confirmed', waitlisted_at = NULL WHERE id = ?", [row[0]])
        promoted.append(row[0])
    return promoted


def _fill_sessions(store: Store, event_id: int) -> list[tuple[int, int]]:
    """Give free session places to confirmed people in queue order (who asked first), so
    someone just promoted at the event does not jump a workshop's queue."""
    promoted = []
    for (session_id,) in store.conn.execute(
            "SELECT DISTINCT b.session_id FROM bookings b JOIN sessions s ON s.id = b.session_id "
            "WHERE s.event_id = ? AND b.status = 'waitlisted'", [event_id]).fetchall():
        while _session_has_room(store, session_id):
            row = store.conn.execute(
                "SELECT b.registration_id FROM bookings b JOIN registrations r ON r.id = b.registration_id "
                "WHERE b.session_id = ? AND b.status = 'waitlisted' AND r.status = 'confirmed' "
                "ORDER BY b.waitlisted_at, b.registration_id LIMIT 1", [session_id]).fetchone()
            if row is None:
                break
            store.conn.execute(
                "UPDATE bookings SET status = 'confirmed', waitlisted_at = NULL "
                "WHERE registration_id = ? AND session_id = ?", [row[0], session_id])
            promoted.append((row[0], session_id))
    return promoted


def promote(store: Store, registration_id: int | str) -> Registration:
    """Staff override: confirm a waitlisted registration now, even over the event's capacity.
    Its session bookings take free places in their queues' order."""
    registration = get_registration(store, registration_id)
    if registration.status != "waitlisted":
        raise CoprodError(f"Registration {registration.id} is {registration.status}, not waitlisted.")
    with store.write():
        store.conn.execute(
            "UPDATE registrations SET status = 'confirmed', waitlisted_at = NULL WHERE id = ?",
            [registration.id])
        _fill_sessions(store, registration.event_id)
    return get_registration(store, registration.id)


def waiting_list(store: Store, event_ref: str | int) -> list[Registration]:
    event = get_event(store, event_ref)
    return [get_registration(store, row["id"]) for row in store.db.query(
        "SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' "
        "ORDER BY waitlisted_at, id", [event.id])]


def attention(store: Store, registration: Registration) -> list[str]:
    """What staff must do for this person: actions for their access needs, and their PA.
    Free-text notes are not included: the desk reveals them only on request."""
    actions = [catalogue.action_for(code, detail) for code, detail in registration.access]
    actions += [f"PA {pa_name} attending" for _, pa_name in pas_of(store, registration.id)]
    if registration.pa_for_registration_id:
        (supported,) = store.conn.execute(
            "SELECT p.name FROM registrations r JOIN people p ON p.id = r.person_id WHERE r.id = ?",
            [registration.pa_for_registration_id]).fetchone()
        actions.append(f"Supporting {supported}")
    if registration.has_notes:
        actions.append("Has notes: reveal at the desk")
    return actions


def pas_of(store: Store, registration_id: int) -> list[tuple[int, str]]:
    """The PAs and supporters coming with this person: (registration id, name)."""
    return [tuple(row) for row in store.conn.execute(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id "
        "WHERE r.pa_for_registration_id = ? AND r.status != 'cancelled' ORDER BY p.name",
        [registration_id])]
