"""Ticket codes: at most one live (not revoked) code per registration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..store import Store
from . import rules

_COLUMNS = "code, registration_id, issued_at, revoked_at"


@dataclass(frozen=True)
class Ticket:
    code: str
    registration_id: int
    issued_at: str
    revoked_at: str | None


def live(store: Store, registration_id: int) -> Ticket | None:
    row = store.one(f"SELECT {_COLUMNS} FROM tickets WHERE registration_id = ? AND revoked_at IS NULL",
                    [registration_id])
    return Ticket(*row) if row else None


def by_code(store: Store, code: str) -> Ticket | None:
    row = store.one(f"SELECT {_COLUMNS} FROM tickets WHERE code = ?", [code])
    return Ticket(*row) if row else None


def revoke(store: Store, code: str, at: str) -> None:
    store.run("UPDATE tickets SET revoked_at = ? WHERE code = ?", [at, code])


def insert_ticket(store: Store, ticket: Ticket) -> None:
    insert_tickets(store, [ticket])


def insert_tickets(store: Store, tickets: list[Ticket]) -> None:
    store.run_many(f"INSERT INTO tickets ({_COLUMNS}) VALUES (?, ?, ?, ?)",
                   [(t.code, t.registration_id, t.issued_at, t.revoked_at) for t in tickets])


@dataclass(frozen=True)
class Holder:
    """Someone expected at an event or a session, as a ticket or badge needs them."""
    registration_id: int
    name: str
    preferred_name: str | None
    pronouns: str | None
    organisation: str | None
    code: str | None  # their live code; None if they have none yet


def holders(store: Store, event_id: int, booked_session_id: int | None = None) -> list[Holder]:
    """Everyone expected at the event (or at a session that needs booking), by name."""
    expected, params = rules.expected(booked_session_id)
    return [Holder(*row) for row in store.query(
        "SELECT r.id, p.name, p.preferred_name, p.pronouns, p.organisation, t.code "
        "FROM registrations r JOIN people p ON p.id = r.person_id "
        "LEFT JOIN tickets t ON t.registration_id = r.id AND t.revoked_at IS NULL "
        f"WHERE r.event_id = ? AND {expected} ORDER BY p.name COLLATE NOCASE, r.id", [event_id, *params])]


def booked(store: Store, event_id: int, registration_id: int | None = None) -> dict[int, dict[int, str]]:
    """Registration -> {session: confirmed | waitlisted} for the event's registrations (or one).
    A PA's include the bookings of the person they support: they go where that person goes
    (min: "confirmed" sorts before "waitlisted", so a place held either way wins)."""
    found: dict[int, dict[int, str]] = {}
    for reg_id, session_id, status in store.query(
            "SELECT r.id, b.session_id, min(b.status) FROM registrations r "
            "JOIN bookings b ON b.registration_id IN (r.id, r.pa_for_registration_id) "
            "WHERE r.event_id = ? AND (? IS NULL OR r.id = ?) GROUP BY r.id, b.session_id",
            [event_id, registration_id, registration_id]):
        found.setdefault(reg_id, {})[session_id] = status
    return found


def access_details(store: Store, event_id: int, code: str,
                   registration_id: int | None = None) -> dict[int, str | None]:
    """Registration -> the detail of one access need (a print size), for those who have it."""
    return {row[0]: row[1] for row in store.query(
        "SELECT a.registration_id, a.detail FROM registration_access a "
        "JOIN registrations r ON r.id = a.registration_id "
        "WHERE r.event_id = ? AND a.code = ? AND (? IS NULL OR r.id = ?)",
        [event_id, code, registration_id, registration_id])}


# Sending tickets by email ------------------------------------------------------------------------

@dataclass(frozen=True)
class Recipient:
    """A registration as sending its ticket needs it: who, where to, and the live ticket's state."""
    registration_id: int
    name: str
    preferred_name: str | None
    email: str | None
    status: str
    code: str | None  # the live ticket's (None: none yet)
    sent_at: str | None  # when the live ticket was accepted by a mail server


def recipients(store: Store, event_id: int, registration_ids: Sequence[int] = ()) -> list[Recipient]:
    """The event's registrations (only those asked for, if any), by name, in any status."""
    chosen = f" AND r.id IN ({', '.join('?' * len(registration_ids))})" if registration_ids else ""
    return [Recipient(*row) for row in store.query(
        "SELECT r.id, p.name, p.preferred_name, p.email, r.status, t.code, t.sent_at "
        "FROM registrations r JOIN people p ON p.id = r.person_id "
        "LEFT JOIN tickets t ON t.registration_id = r.id AND t.revoked_at IS NULL "
        f"WHERE r.event_id = ?{chosen} ORDER BY p.name COLLATE NOCASE, r.id",
        [event_id, *registration_ids])]


def mark_sent(store: Store, code: str, at: str) -> None:
    store.run("UPDATE tickets SET sent_at = ? WHERE code = ?", [at, code])

# Codes from other tools' tickets -------------------------------------------------------------

_EXTERNAL = "code, registration_id, added_at, revoked_at"


def by_external(store: Store, key: str) -> Ticket | None:
    """The registration an imported code (as `tickets.external_key` gives it) admits, as a
    ticket: revoked when the registration's ticket was reissued since."""
    row = store.one(f"SELECT {_EXTERNAL} FROM external_codes WHERE code = ?", [key])
    return Ticket(*row) if row else None


def add_external(store: Store, codes: list[tuple[str, int]], source: str, at: str) -> None:
    """Imported codes (code as looked up, registration id), from one source at one time."""
    store.run_many("INSERT INTO external_codes (code, registration_id, source, added_at) VALUES (?, ?, ?, ?)",
                   [(key, registration_id, source, at) for key, registration_id in codes])


def revoke_external(store: Store, registration_id: int, at: str) -> None:
    store.run("UPDATE external_codes SET revoked_at = ? WHERE registration_id = ? AND revoked_at IS NULL",
              [at, registration_id])


def external_owners(store: Store, keys: list[str]) -> dict[str, int]:
    """Imported code -> the registration it belongs to, for those of `keys` already kept."""
    owners: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        owners |= {row[0]: row[1] for row in store.query(
            f"SELECT code, registration_id FROM external_codes WHERE code IN ({', '.join('?' * len(chunk))})",
            chunk)}
    return owners
