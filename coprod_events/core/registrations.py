"""Registrations: a person at an event, with roles, access needs, bookings and consent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import audit, catalogue, dates, people, tickets
from . import consent as consents  # not `consent`: the name of every function's flag
from .data import events as events_data
from .data import registrations as data
from .data import settings as settings_data
from .data.events import Session
from .data.registrations import Booking, Link, Registration
from .errors import CoprodError, NotFound, quote
from .events import Event, get_event, get_session
from .mailing import KEY_ON_PROMOTION
from .store import Store
from .text import as_id, clean

__all__ = ["Booking", "Link", "Registration"]  # typed rows, read from here too

PRIVACY_NOTICE_VERSION = consents.DEFAULT_VERSION  # our notice's, until settings name another
NOTE_LIMIT = 2000
STATUSES = ("confirmed", "waitlisted", "cancelled")


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


def get_registration(store: Store, registration_id: int | str) -> Registration:
    text = str(registration_id).strip()
    registration = data.get(store, as_id(text))
    if registration is None:
        raise NotFound(f"No registration {quote(text, 20)}.")
    return registration


def reveal_notes(store: Store, registration_id: int, *, station: str | None = None) -> Registration:
    """The registration whose notes the desk shows (F7), once an audit entry says who saw
    whose: no entry, no notes. (Read before the write: the desk's scans are not held up.)"""
    registration = get_registration(store, registration_id)
    with store.write():
        audit.record(store, "revealed_notes", person_id=registration.person.id,
                     event_id=registration.event_id, station=station,
                     detail=f"registration {registration.id}")
    return registration


def _session_has_room(store: Store, session_id: int, batch: _Batch | None = None) -> bool:
    if batch is not None:
        capacity, taken = batch.session_places(store, session_id)
        return capacity is None or taken < capacity
    capacity = events_data.session_capacity(store, session_id)
    return capacity is None or data.session_places_taken(store, session_id) < capacity


@dataclass
class _Batch:
    """`add_many`'s places taken so far (the event's, and each session's: counted once, then
    kept up to date here), and the writes it puts off to one statement per table."""
    event_places: int
    sessions: dict[int, Session]
    session_taken: dict[int, tuple[int | None, int]] = field(default_factory=dict)
    roles: list[tuple[int, str]] = field(default_factory=list)
    needs: list[tuple[int, str, str | None]] = field(default_factory=list)
    bookings: list[tuple[int, int, str | None]] = field(default_factory=list)
    tickets: list[tickets.Ticket] = field(default_factory=list)
    notice: str = ""  # the version of the privacy notice consent is given to
    consents: list[tuple[int, str | None]] = field(default_factory=list)  # (registration, notice)

    def session_places(self, store: Store, session_id: int) -> tuple[int | None, int]:
        """The session's capacity, and its places taken (read the first time it is asked)."""
        if session_id not in self.session_taken:
            self.session_taken[session_id] = (events_data.session_capacity(store, session_id),
                                              data.session_places_taken(store, session_id))
        return self.session_taken[session_id]

    def took(self, store: Store, session_id: int) -> None:
        capacity, taken = self.session_places(store, session_id)
        self.session_taken[session_id] = (capacity, taken + 1)

    def write(self, store: Store, event_id: int) -> None:
        data.add_roles_and_needs(store, self.roles, self.needs)
        data.add_bookings(store, self.bookings)
        tickets.insert_tickets(store, self.tickets)
        consents.record_many(store, event_id, self.consents, at=_now())


@dataclass(frozen=True)
class _Details:
    """The editable part of a registration, validated, with health data dropped without consent."""
    roles: list[str]
    needs: dict[str, str | None]
    notes: dict[str, str | None]
    sessions: list[int]
    warnings: list[str]


def _details(store: Store, event: Event, *, roles, access, access_notes, role_notes, dietary,
             consent, sessions, pa_for, known: dict[int, Session] | None = None) -> _Details:
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
    chosen = {session.id: session for session in (
        (known or {}).get(s) or get_session(store, event.id, s) for s in sessions)}
    cancelled = [s.title for s in chosen.values() if s.cancelled]
    if cancelled:
        raise CoprodError(f"{cancelled[0]} is cancelled, so it cannot be booked.")
    if pa_for is not None:
        _check_pa_target(store, event, pa_for)
    return _Details(sorted(role_codes), needs, notes, list(chosen), warnings)


def _write_details(store: Store, reg_id: int, details: _Details, *, waitlist: bool,
                   pa: bool, batch: _Batch | None = None, fresh: bool = False) -> None:
    """Replace roles and needs; keep bookings still chosen (and their queue places, except a
    PA's: someone who has become a PA stops waiting). A `fresh` registration in a batch has
    nothing to replace: its rows join the batch's."""
    if batch is not None and fresh:
        batch.roles += [(reg_id, role) for role in details.roles]
        batch.needs += [(reg_id, code, detail) for code, detail in details.needs.items()]
        for session_id in details.sessions:
            _book(store, reg_id, session_id, waitlist=waitlist, pa=pa, batch=batch)
        return
    data.replace_roles_and_needs(store, reg_id, details.roles, details.needs)
    booked = data.booked_sessions(store, reg_id)
    for session_id in booked - set(details.sessions):
        data.unbook(store, reg_id, session_id)
    for session_id in details.sessions:
        if session_id not in booked:
            _book(store, reg_id, session_id, waitlist=waitlist, pa=pa, batch=batch)
        elif pa:
            data.confirm_booking(store, reg_id, session_id)


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
    same_person: bool = False,
    consent_version: str | None = None,
) -> RegisterResult:
    """Register a person (matched by email, or the known `person_id`, whose details the given
    ones replace) at an event and issue their ticket. An email that is someone else's under
    another name is refused (`people.DifferentPerson`) unless `same_person` is given.

    A full event waitlists; a full session waitlists that booking. Access needs and notes are
    health data: without consent they are not kept, the rest is saved, and a warning says so.
    Consent is recorded against our privacy notice, or `consent_version` (the notice of the
    form that asked, for an import).
    """
    event = get_event(store, event_ref)
    with store.write():  # checked under the lock: another desk cannot change what was checked
        added = _add(store, event, name, email=email, preferred_name=preferred_name, pronouns=pronouns,
                     phone=phone, organisation=organisation, roles=roles, access=access,
                     access_notes=access_notes, role_notes=role_notes, dietary=dietary, consent=consent,
                     sessions=sessions, pa_for=pa_for, payment_eligible=payment_eligible,
                     person_id=person_id, same_person=same_person, consent_version=consent_version)
    registration = get_registration(store, added.registration_id)
    return RegisterResult(registration, added.code,
                          tuple(added.warnings + _session_warnings(store, registration)))


@dataclass(frozen=True)
class Added:
    registration_id: int
    waitlisted: bool
    code: str
    warnings: list[str]


def add_many(store: Store, event: Event, entries: list[dict[str, Any]]) -> list[Added]:
    """`register` for many people at once (an import of thousands): each entry holds its
    arguments, with the same checks and rules, places at the event and its sessions given in
    the order of `entries`. Runs inside the caller's `store.write()`, so an entry that fails a
    check undoes them all; each table's new rows are written in one statement at the end."""
    if not store.writing:
        raise RuntimeError("registrations.add_many runs inside store.write().")
    batch = _Batch(data.places_taken(store, event.id),
                   {s.id: s for s in events_data.sessions(store, event.id, include_cancelled=True)},
                   notice=consents.notice(store).version)
    added = [_add(store, event, batch=batch, **entry) for entry in entries]
    batch.write(store, event.id)
    return added


def _add(store: Store, event: Event, name: str, *, email: str | None = None,
         preferred_name: str | None = None, pronouns: str | None = None, phone: str | None = None,
         organisation: str | None = None, roles: Iterable[str] = (),
         access: Iterable[str | tuple[str, str | None]] = (), access_notes: str | None = None,
         role_notes: str | None = None, dietary: str | None = None, consent: bool = False,
         sessions: Iterable[int | str] = (), pa_for: int | None = None, payment_eligible: bool = False,
         person_id: int | None = None, same_person: bool = False, consent_version: str | None = None,
         batch: _Batch | None = None) -> Added:
    """`register`'s work, inside its write; with a `batch`, `add_many`'s (see `_Batch`)."""
    details = _details(store, event, roles=roles, access=access, access_notes=access_notes,
                       role_notes=role_notes, dietary=dietary, consent=consent,
                       sessions=sessions, pa_for=pa_for, known=batch.sessions if batch else None)
    person = dict(email=email, preferred_name=preferred_name, pronouns=pronouns, phone=phone,
                  organisation=organisation)
    if person_id is not None:
        people.get_person(store, person_id)
        people.update_person(store, person_id, name, **person)
        created = False
    else:
        try:
            person_id, created = people.find_or_create(store, name, same_person=same_person, **person)
        except people.DifferentPerson as different:  # already here says more than "typo?"
            _refuse_a_second_registration(store, event.id, different.person.id)
            raise
    taken = batch.event_places if batch else None
    full = (pa_for is None and event.capacity is not None
            and (data.places_taken(store, event.id) if taken is None else taken) >= event.capacity)
    now = _now()
    version = None
    if consent:
        version = consent_version or (batch.notice if batch else consents.notice(store).version)
    row = {
        "event_id": event.id, "person_id": person_id,
        "status": "waitlisted" if full else "confirmed", "waitlisted_at": now if full else None,
        "pa_for_registration_id": pa_for, "payment_eligible": int(payment_eligible),
        "consent_at": now if consent else None, "consent_version": version,
        "created_at": now, "cancelled_at": None, **details.notes,
    }
    existing = None if created else _refuse_a_second_registration(store, event.id, person_id)
    if existing:  # registering again after cancelling
        reg_id = existing.id
        data.update_registration(store, reg_id, row)
    else:
        reg_id = data.insert_registration(store, row)
    if batch is not None and not full and pa_for is None:
        batch.event_places += 1
    _write_details(store, reg_id, details, waitlist=full, pa=pa_for is not None, batch=batch,
                   fresh=existing is None)
    if consent and batch is not None:
        batch.consents.append((reg_id, version))
    elif consent:
        consents.record(store, reg_id, person_id, event.id, given=True, version=version, at=now)
    if existing:
        ticket = tickets.issue(store, reg_id)
    else:
        ticket = tickets.new_ticket(reg_id, now)
        if batch is not None:
            batch.tickets.append(ticket)
        else:
            tickets.insert_tickets(store, [ticket])
    return Added(reg_id, full, ticket.code, details.warnings)


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
    consent_version: str | None = None,
) -> RegisterResult:
    """Save an edited registration: every field as given (as the form shows it).

    Withdrawing consent erases the access needs and notes; consent kept keeps the notice it was
    given to, unless `consent_version` names a new one. Sessions still chosen keep their
    place; dropped ones free it for the next in that queue.
    """
    with store.write():  # read and checked under the lock: another desk cannot change them
        current = get_registration(store, registration_id)
        event = get_event(store, current.event_id)
        if pa_for == current.id:
            raise CoprodError("A person cannot be their own PA.")
        if pa_for is not None and data.pas_of(store, current.id):
            raise CoprodError(f"{current.name} has a PA of their own, so cannot be someone's PA: "
                              "a PA's PA would go in circles.", field="pa_for")
        details = _details(store, event, roles=roles, access=access, access_notes=access_notes,
                           role_notes=role_notes, dietary=dietary, consent=consent,
                           sessions=sessions, pa_for=pa_for)
        people.update_person(store, current.person.id, name, email=email,
                             preferred_name=preferred_name, pronouns=pronouns, phone=phone,
                             organisation=organisation)
        consent_at = (current.consent_at or _now()) if consent else None
        version = (consent_version or (current.consent_at and current.consent_version)
                   or consents.notice(store).version)
        data.update_registration(store, current.id, {
            "pa_for_registration_id": pa_for, "payment_eligible": int(payment_eligible),
            "consent_at": consent_at, "consent_version": version if consent else None, **details.notes,
        })
        if consent != bool(current.consent_at) or (consent and version != current.consent_version):
            consents.record(store, current.id, current.person.id, event.id, given=consent,
                           version=version if consent else current.consent_version)
        waiting = current.status == "waitlisted" and pa_for is None
        if current.status == "waitlisted" and not waiting:  # a PA takes no place: never waits
            data.confirm(store, current.id)
        _write_details(store, current.id, details, waitlist=waiting, pa=pa_for is not None)
        _fill_sessions(store, event.id)
        ticket = tickets.issue(store, current.id)
    registration = get_registration(store, current.id)
    return RegisterResult(registration, ticket.code,
                          tuple(details.warnings + _session_warnings(store, registration)))


def _refuse_a_second_registration(store: Store, event_id: int, person_id: int) -> data.Standing | None:
    """The person's cancelled registration here, if any; refused if they have a live one."""
    existing = data.standing_of(store, event_id, person_id)
    if existing and existing.status != "cancelled":
        raise CoprodError(
            f"{people.get_person(store, person_id).name} is already registered for this event "
            f"(registration {existing.id}, {existing.status}).")
    return existing


def _check_pa_target(store: Store, event: Event, pa_for: int) -> None:
    target = data.standing(store, pa_for)
    if target is None or target.event_id != event.id:
        raise CoprodError(f"There is no registration {pa_for} at this event to be the PA for.",
                          field="pa_for")
    if target.status == "cancelled":
        raise CoprodError(f"Registration {pa_for} is cancelled, so a PA cannot be linked to it.")
    if target.pa_for_registration_id is not None:  # a PA's PA would go in circles
        raise CoprodError(f"Registration {pa_for} is itself a PA (for registration "
                          f"{target.pa_for_registration_id}): link this PA to the person they "
                          "support.", field="pa_for")


def _book(store: Store, reg_id: int, session_id: int, *, waitlist: bool, pa: bool,
          batch: _Batch | None = None) -> None:
    """A place at the session, or a place in its queue. A PA takes no place, so never queues
    for one: they go where the person they support goes."""
    queued = not pa and (waitlist or not _session_has_room(store, session_id, batch))
    if batch is None:
        data.book(store, reg_id, session_id, waitlisted_at=_now() if queued else None)
        return
    batch.bookings.append((reg_id, session_id, _now() if queued else None))
    if not queued and not pa:
        batch.took(store, session_id)


def cancel(store: Store, registration_id: int | str) -> CancelResult:
    """Cancel (with the PAs who come only for this person), then fill the freed place from the
    front of the waiting list and freed session places from theirs. Says who was promoted."""
    with store.write():  # two desks cancelling at once: the second is told, not run twice
        registration = get_registration(store, registration_id)
        if registration.status == "cancelled":
            raise CoprodError(f"Registration {registration.id} is already cancelled.")
        event = get_event(store, registration.event_id)
        pas = [pa.registration_id for pa in data.pas_of(store, registration.id)]
        now = _now()
        for reg_id in [registration.id, *pas]:
            data.mark_cancelled(store, reg_id, now)
            data.unbook(store, reg_id)
        promoted = _fill_event(store, event)
        promoted_bookings = _fill_sessions(store, event.id)
    email_promoted(store, promoted)
    return CancelResult(
        get_registration(store, registration.id),
        tuple(get_registration(store, r) for r in promoted),
        tuple((get_registration(store, r), s) for r, s in promoted_bookings),
        tuple(get_registration(store, r) for r in pas),
    )


def _fill_event(store: Store, event: Event) -> list[int]:
    promoted: list[int] = []
    for reg_id in data.waiting(store, event.id):
        if event.capacity is not None and data.places_taken(store, event.id) >= event.capacity:
            break
        data.confirm(store, reg_id)
        promoted.append(reg_id)
    return promoted


def _fill_sessions(store: Store, event_id: int) -> list[tuple[int, int]]:
    """Give free session places to confirmed people in queue order (who asked first), so
    someone just promoted at the event does not jump a workshop's queue."""
    promoted = []
    for session_id in data.sessions_with_queues(store, event_id):
        while _session_has_room(store, session_id):
            reg_id = data.next_waiting_for_session(store, session_id)
            if reg_id is None:
                break
            data.confirm_booking(store, reg_id, session_id)
            promoted.append((reg_id, session_id))
    return promoted


def promote(store: Store, registration_id: int | str) -> Registration:
    """Staff override: confirm a waitlisted registration now, even over the event's capacity.
    Its session bookings take free places in their queues' order."""
    with store.write():
        registration = get_registration(store, registration_id)
        if registration.status != "waitlisted":
            raise CoprodError(f"Registration {registration.id} is {registration.status}, "
                              "not waitlisted.")
        data.confirm(store, registration.id)
        _fill_sessions(store, registration.event_id)
    email_promoted(store, [registration.id])
    return get_registration(store, registration.id)


def email_promoted(store: Store, registration_ids: list[int]) -> None:
    """Optional, off by default: email the people just given a place their ticket (once the
    promotion is saved: a mail server never holds up or undoes it; inside a caller's own
    transaction, which may yet roll back, nothing is sent: the caller sends once it is saved,
    as erasure does, or `--only-unsent` does later)."""
    if registration_ids and not store.writing and settings_data.get(store, KEY_ON_PROMOTION) == "1":
        from .mailing import promotion  # only then: the desk never loads the mail code

        promotion.send_to_promoted(store, registration_ids)


@dataclass(frozen=True)
class BackInLine:
    registration: Registration
    promoted: tuple[Registration, ...] = ()  # others given a freed event place
    promoted_bookings: tuple[tuple[Registration, int], ...] = ()  # ... or session place


def back_in_line(store: Store, registration_id: int, places: Iterable[data.QueuePlace]) -> BackInLine:
    """Undo a staff promotion: back into the queues it took the person out of, at the places
    they had; then any place that frees (or came free meanwhile) goes in queue order, which
    may be to this person again."""
    with store.write():
        registration = get_registration(store, registration_id)
        for place in places:
            data.requeue(store, registration.id, place)
        promoted = _fill_event(store, get_event(store, registration.event_id))
        promoted_bookings = _fill_sessions(store, registration.event_id)
    email_promoted(store, [r for r in promoted if r != registration.id])
    return BackInLine(
        get_registration(store, registration.id),
        tuple(get_registration(store, r) for r in promoted if r != registration.id),
        tuple((get_registration(store, r), s) for r, s in promoted_bookings if r != registration.id))


def waiting_list(store: Store, event_ref: str | int) -> list[Registration]:
    event = get_event(store, event_ref)
    return [get_registration(store, reg_id) for reg_id in data.waiting(store, event.id)]


def attention(store: Store, registration: Registration) -> list[str]:
    """What staff must do for this person: actions for their access needs, and their PA.
    Free-text notes are not included: the desk reveals them only on request."""
    actions = [catalogue.action_for(code, detail) for code, detail in registration.access]
    actions += [f"PA {pa.name} attending" for pa in data.pas_of(store, registration.id)]
    if registration.pa_for_registration_id:
        actions.append(f"Supporting {data.name_of(store, registration.pa_for_registration_id)}")
    if registration.has_notes:
        actions.append("Has notes: reveal at the desk")
    return actions


def pas_of(store: Store, registration_id: int) -> list[data.Link]:
    """The PAs and supporters coming with this person."""
    return data.pas_of(store, registration_id)
