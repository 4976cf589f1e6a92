"""What an import compares a file with, read in a few queries however long the file is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import Store
from .people import PERSON_FIELDS, Person

_PERSON = ", ".join(f"p.{column}" for column in ("id", *PERSON_FIELDS))
_CHUNK = 500  # parameters per query, well under SQLite's limit


@dataclass
class Held:
    """A registration at the event as it stands, with the parts an import may change."""

    id: int
    person: Person
    status: str
    role_notes: str | None
    access_notes: str | None
    dietary: str | None
    consent_at: str | None
    consent_version: str | None
    pa_for: int | None
    payment_eligible: bool
    roles: set[str] = field(default_factory=set)
    access: dict[str, str | None] = field(default_factory=dict)
    sessions: set[int] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)  # imported codes, revoked ones too


def _chunks(values: list[str]) -> Iterable[tuple[list[str], str]]:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start:start + _CHUNK]
        yield chunk, ", ".join("?" * len(chunk))


def people_by_email(store: Store, emails: Iterable[str]) -> dict[str, Person]:
    """The people who have these (lower-case) emails, by email."""
    found: dict[str, Person] = {}
    for chunk, marks in _chunks(sorted(set(emails))):
        found |= {row["email"]: Person(**row) for row in store.query(
            f"SELECT {_PERSON} FROM people p WHERE p.email IN ({marks})", chunk)}
    return found


def people_named(store: Store, names: Iterable[str]) -> dict[str, list[Person]]:
    """People whose name, case folded, is one of `names` (folded), by folded name."""
    found: dict[str, list[Person]] = defaultdict(list)
    for chunk, marks in _chunks(sorted(set(names))):
        for row in store.query(f"SELECT {_PERSON} FROM people p WHERE fold(p.name) IN ({marks}) "
                               "ORDER BY p.id", chunk):
            found[row["name"].casefold()].append(Person(**row))
    return found


def held_at(store: Store, event_id: int) -> dict[int, Held]:
    """Every registration at the event (cancelled ones too), by person."""
    held = {row["reg_id"]: Held(
        id=row["reg_id"], person=Person(*row[:len(PERSON_FIELDS) + 1]), status=row["status"],
        role_notes=row["role_notes"], access_notes=row["access_notes"], dietary=row["dietary"],
        consent_at=row["consent_at"], consent_version=row["consent_version"],
        pa_for=row["pa_for_registration_id"], payment_eligible=bool(row["payment_eligible"]))
        for row in store.query(
            f"SELECT {_PERSON}, r.id AS reg_id, r.status, r.role_notes, r.access_notes, r.dietary, "
            "r.consent_at, r.consent_version, r.pa_for_registration_id, r.payment_eligible "
            "FROM registrations r JOIN people p ON p.id = r.person_id WHERE r.event_id = ?",
            [event_id])}
    of_event = "registration_id IN (SELECT id FROM registrations WHERE event_id = ?)"
    for reg_id, role in store.query(f"SELECT registration_id, role FROM registration_roles WHERE {of_event}",
                                    [event_id]):
        held[reg_id].roles.add(role)
    for reg_id, code, detail in store.query(
            f"SELECT registration_id, code, detail FROM registration_access WHERE {of_event}", [event_id]):
        held[reg_id].access[code] = detail
    for reg_id, session_id in store.query(
            f"SELECT registration_id, session_id FROM bookings WHERE {of_event}", [event_id]):
        held[reg_id].sessions.add(session_id)
    for reg_id, code in store.query(f"SELECT registration_id, code FROM external_codes WHERE {of_event}",
                                    [event_id]):
        held[reg_id].codes.add(code)
    return {registration.person.id: registration for registration in held.values()}
