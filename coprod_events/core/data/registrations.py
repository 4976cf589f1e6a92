"""Registrations with their roles, access needs and session bookings, and the waiting lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from ..store import Store
from . import insert, people, rules, update
from .people import Person


@dataclass(frozen=True)
class Booking:
    session_id: int
    status: str  # confirmed | waitlisted
    waitlist_position: int | None


@dataclass(frozen=True)
class Registration:
    id: int
    event_id: int
    person: Person
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
    consent_version: str | None = None  # the privacy notice (or a form's own) consent was given to

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def has_notes(self) -> bool:
        return bool(self.role_notes or self.access_notes or self.dietary)


class QueuePlace(NamedTuple):
    """A place in a queue: the event's waiting list (session None) or a session's."""
    session_id: int | None
    waitlisted_at: str


class Link(NamedTuple):
    """Who a registration is, as a PA link shows it: (registration id, name)."""
    registration_id: int
    name: str


# Reading -------------------------------------------------------------------------------------

def get(store: Store, registration_id: int | None) -> Registration | None:
    row = store.one("SELECT * FROM registrations WHERE id = ?", [registration_id])
    if row is None:
        return None
    reg_id = row["id"]
    person = people.get(store, row["person_id"])
    assert person is not None  # a foreign key
    position = (_event_queue_position(store, row["event_id"], row["waitlisted_at"], reg_id)
                if row["status"] == "waitlisted" else None)
    bookings = tuple(
        Booking(b["session_id"], b["status"],
                _session_queue_position(store, b["session_id"], b["waitlisted_at"], reg_id)
                if b["status"] == "waitlisted" else None)
        for b in store.query("SELECT session_id, status, waitlisted_at FROM bookings "
                             "WHERE registration_id = ? ORDER BY session_id", [reg_id]))
    return Registration(
        id=reg_id, event_id=row["event_id"], person=person, status=row["status"],
        waitlist_position=position,
        roles=tuple(r[0] for r in store.query(
            "SELECT role FROM registration_roles WHERE registration_id = ? ORDER BY role", [reg_id])),
        access=tuple((a[0], a[1]) for a in store.query(
            "SELECT code, detail FROM registration_access WHERE registration_id = ? ORDER BY code",
            [reg_id])),
        role_notes=row["role_notes"], access_notes=row["access_notes"], dietary=row["dietary"],
        pa_for_registration_id=row["pa_for_registration_id"],
        payment_eligible=bool(row["payment_eligible"]), consent_at=row["consent_at"],
        bookings=bookings, consent_version=row["consent_version"],
    )


def _event_queue_position(store: Store, event_id: int, waitlisted_at: str, reg_id: int) -> int:
    """1-based place in the event's waiting list, ordered by (waitlisted_at, id)."""
    return store.value(
        "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' "
        "AND (waitlisted_at < ? OR (waitlisted_at = ? AND id <= ?))",
        [event_id, waitlisted_at, waitlisted_at, reg_id])


def _session_queue_position(store: Store, session_id: int, waitlisted_at: str, reg_id: int) -> int:
    """1-based place in a session's waiting list, ordered by (waitlisted_at, registration id)."""
    return store.value(
        "SELECT count(*) FROM bookings WHERE session_id = ? AND status = 'waitlisted' "
        "AND (waitlisted_at < ? OR (waitlisted_at = ? AND registration_id <= ?))",
        [session_id, waitlisted_at, waitlisted_at, reg_id])


def exists(store: Store, registration_id: int) -> bool:
    return store.one("SELECT 1 FROM registrations WHERE id = ?", [registration_id]) is not None


@dataclass(frozen=True)
class Standing:
    """The little a PA link or a re-registration needs to know about a registration."""
    id: int
    event_id: int
    status: str
    pa_for_registration_id: int | None


_STANDING = "SELECT id, event_id, status, pa_for_registration_id FROM registrations "


def standing(store: Store, registration_id: int) -> Standing | None:
    row = store.one(_STANDING + "WHERE id = ?", [registration_id])
    return Standing(*row) if row else None


def standing_of(store: Store, event_id: int, person_id: int) -> Standing | None:
    """This person's registration at this event, in any status."""
    row = store.one(_STANDING + "WHERE event_id = ? AND person_id = ?", [event_id, person_id])
    return Standing(*row) if row else None


def places_taken(store: Store, event_id: int) -> int:
    return store.value(
        f"SELECT count(*) FROM registrations r WHERE r.event_id = ? AND {rules.TAKES_A_PLACE}",
        [event_id])


def session_places_taken(store: Store, session_id: int) -> int:
    return store.value(
        "SELECT count(*) FROM bookings b JOIN registrations r ON r.id = b.registration_id "
        f"WHERE b.session_id = ? AND {rules.HOLDS_A_SESSION_PLACE}", [session_id])


def booked_sessions(store: Store, registration_id: int) -> set[int]:
    return {row[0] for row in store.query(
        "SELECT session_id FROM bookings WHERE registration_id = ?", [registration_id])}


def waiting(store: Store, event_id: int) -> list[int]:
    """The event's waiting list, first in line first."""
    return [row[0] for row in store.query(
        "SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' "
        "ORDER BY waitlisted_at, id", [event_id])]


def next_waiting_for_session(store: Store, session_id: int) -> int | None:
    """The confirmed person first in a session's queue."""
    return store.value(
        "SELECT b.registration_id FROM bookings b JOIN registrations r ON r.id = b.registration_id "
        f"WHERE b.session_id = ? AND b.status = 'waitlisted' AND {rules.CONFIRMED} "
        "ORDER BY b.waitlisted_at, b.registration_id LIMIT 1", [session_id])


def sessions_with_queues(store: Store, event_id: int) -> list[int]:
    return [row[0] for row in store.query(
        "SELECT DISTINCT b.session_id FROM bookings b JOIN sessions s ON s.id = b.session_id "
        "WHERE s.event_id = ? AND b.status = 'waitlisted' ORDER BY b.session_id", [event_id])]


def queue_places(store: Store, registration_id: int) -> list[QueuePlace]:
    """Where this registration waits: the event's waiting list first, then session queues."""
    return [QueuePlace(*row) for row in store.query(
        "SELECT NULL, waitlisted_at FROM registrations WHERE id = ? AND status = 'waitlisted' "
        "UNION ALL SELECT session_id, waitlisted_at FROM bookings "
        "WHERE registration_id = ? AND status = 'waitlisted' ORDER BY 1",
        [registration_id, registration_id])]


def pas_of(store: Store, registration_id: int) -> list[Link]:
    """The PAs and supporters coming with this person (not cancelled), by name."""
    return [Link(*row) for row in store.query(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id "
        "WHERE r.pa_for_registration_id = ? AND r.status != 'cancelled' ORDER BY p.name",
        [registration_id])]


def name_of(store: Store, registration_id: int) -> str | None:
    return store.value("SELECT p.name FROM registrations r JOIN people p ON p.id = r.person_id "
                       "WHERE r.id = ?", [registration_id])


# Writing -------------------------------------------------------------------------------------

def insert_registration(store: Store, values: dict[str, Any]) -> int:
    return insert(store, "registrations", values)


def update_registration(store: Store, registration_id: int, values: dict[str, Any]) -> None:
    update(store, "registrations", registration_id, values)


def replace_roles_and_needs(store: Store, registration_id: int, roles: list[str],
                            needs: dict[str, str | None]) -> None:
    store.run("DELETE FROM registration_roles WHERE registration_id = ?", [registration_id])
    store.run("DELETE FROM registration_access WHERE registration_id = ?", [registration_id])
    store.run_many("INSERT INTO registration_roles (registration_id, role) VALUES (?, ?)",
                   [(registration_id, role) for role in roles])
    store.run_many("INSERT INTO registration_access (registration_id, code, detail) VALUES (?, ?, ?)",
                   [(registration_id, code, detail) for code, detail in needs.items()])


def add_roles_and_needs(store: Store, roles: list[tuple[int, str]],
                        needs: list[tuple[int, str, str | None]]) -> None:
    """Roles and needs of new registrations: (registration id, role), (registration id, code, detail)."""
    store.run_many("INSERT INTO registration_roles (registration_id, role) VALUES (?, ?)", roles)
    store.run_many("INSERT INTO registration_access (registration_id, code, detail) VALUES (?, ?, ?)", needs)


def add_bookings(store: Store, bookings: list[tuple[int, int, str | None]]) -> None:
    """New registrations' bookings: (registration id, session id, queued since or None)."""
    store.run_many("INSERT INTO bookings (registration_id, session_id, status, waitlisted_at) "
                   "VALUES (?, ?, ?, ?)",
                   [(reg_id, session_id, "waitlisted" if queued else "confirmed", queued)
                    for reg_id, session_id, queued in bookings])


def book(store: Store, registration_id: int, session_id: int, *, waitlisted_at: str | None) -> None:
    """A confirmed booking, or a place in the session's queue from `waitlisted_at`."""
    store.run("INSERT OR REPLACE INTO bookings (registration_id, session_id, status, waitlisted_at) "
              "VALUES (?, ?, ?, ?)",
              [registration_id, session_id, "waitlisted" if waitlisted_at else "confirmed", waitlisted_at])


def unbook(store: Store, registration_id: int, session_id: int | None = None) -> None:
    """Drop one booking, or (no session) all of a registration's bookings."""
    store.run("DELETE FROM bookings WHERE registration_id = ? AND (? IS NULL OR session_id = ?)",
              [registration_id, session_id, session_id])


def confirm_booking(store: Store, registration_id: int, session_id: int) -> None:
    store.run("UPDATE bookings SET status = 'confirmed', waitlisted_at = NULL "
              "WHERE registration_id = ? AND session_id = ?", [registration_id, session_id])


def confirm(store: Store, registration_id: int) -> None:
    store.run("UPDATE registrations SET status = 'confirmed', waitlisted_at = NULL WHERE id = ?",
              [registration_id])


def requeue(store: Store, registration_id: int, place: QueuePlace) -> None:
    """Back to a queue at the place it had (`waitlisted_at` keeps its order)."""
    if place.session_id is None:
        store.run("UPDATE registrations SET status = 'waitlisted', waitlisted_at = ? WHERE id = ?",
                  [place.waitlisted_at, registration_id])
    else:
        store.run("UPDATE bookings SET status = 'waitlisted', waitlisted_at = ? "
                  "WHERE registration_id = ? AND session_id = ?",
                  [place.waitlisted_at, registration_id, place.session_id])


def mark_cancelled(store: Store, registration_id: int, at: str) -> None:
    store.run("UPDATE registrations SET status = 'cancelled', cancelled_at = ?, waitlisted_at = NULL "
              "WHERE id = ?", [at, registration_id])


# Whole events, for attendance and lists ------------------------------------------------------

def names(store: Store, event_id: int, *, confirmed_only: bool = False) -> dict[int, str]:
    """Registration id -> name for the event (confirmed only, if asked), by name."""
    return {row[0]: row[1] for row in store.query(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id "
        f"WHERE r.event_id = ? AND (? = 0 OR {rules.CONFIRMED}) ORDER BY p.name",
        [event_id, int(confirmed_only)])}


def expected(store: Store, event_id: int, booked_session_id: int | None) -> set[int]:
    """The registrations expected at the door, or at a session that needs booking (where a PA
    goes with the person they support)."""
    rule, params = rules.expected(booked_session_id)
    return {row[0] for row in store.query(
        f"SELECT r.id FROM registrations r WHERE r.event_id = ? AND {rule}", [event_id, *params])}


def with_need(store: Store, event_id: int, code: str) -> set[int]:
    """The event's registrations that have this access need."""
    return {row[0] for row in store.query(
        "SELECT a.registration_id FROM registration_access a "
        "JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = ? AND a.code = ?",
        [event_id, code])}
