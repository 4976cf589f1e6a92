"""What the exports read, a query each, and the export log they write to."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import insert, rules

_BY_NAME = "ORDER BY p.name COLLATE NOCASE, r.id"


@dataclass(frozen=True)
class RegistrationRow:
    """A registration as finance and funders see it: no access needs, notes or dietary."""
    registration_id: int
    name: str
    preferred_name: str | None
    pronouns: str | None
    email: str | None
    phone: str | None
    organisation: str | None
    status: str
    waitlisted_at: str | None
    payment_eligible: bool
    consent_at: str | None
    created_at: str
    cancelled_at: str | None
    roles: tuple[str, ...]  # codes
    booked: tuple[int, ...]  # session ids with a confirmed booking
    waiting: tuple[int, ...]  # session ids on whose waiting list they are
    pa_for: str | None  # the name of the person they support
    checked_in: bool


@dataclass(frozen=True)
class CheckinRow:
    """A row of the check-in log, with the person's name (None for a code nobody holds)."""
    at: str
    registration_id: int | None
    name: str | None
    direction: str
    session_id: int | None
    station: str | None
    operator: str | None
    admitted: bool
    reason: str
    forced: bool
    force_reason: str | None
    annulled_at: str | None
    annulled_by: str | None


@dataclass(frozen=True)
class Need:
    """One access or dietary need of a confirmed registration."""
    registration_id: int
    name: str
    code: str
    detail: str | None


@dataclass(frozen=True)
class Notes:
    """The free-text health notes a confirmed registration gave (either may be None)."""
    registration_id: int
    name: str
    access_notes: str | None
    dietary: str | None


def registrations(store: Store, event_id: int) -> list[RegistrationRow]:
    """Every registration of the event, cancelled and waiting ones too, by name."""
    rows = store.query(f"""
        SELECT r.id AS registration_id, p.name, p.preferred_name, p.pronouns, p.email, p.phone,
               p.organisation, r.status, r.waitlisted_at, r.payment_eligible, r.consent_at, r.created_at,
               r.cancelled_at,
               (SELECT group_concat(role) FROM registration_roles WHERE registration_id = r.id) AS roles,
               (SELECT group_concat(session_id) FROM bookings b
                WHERE b.registration_id = r.id AND b.status = 'confirmed') AS booked,
               (SELECT group_concat(session_id) FROM bookings b
                WHERE b.registration_id = r.id AND b.status = 'waitlisted') AS waiting,
               (SELECT pp.name FROM registrations pr JOIN people pp ON pp.id = pr.person_id
                WHERE pr.id = r.pa_for_registration_id) AS pa_for,
               EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND {rules.CHECKED_IN})
                 AS checked_in
        FROM registrations r JOIN people p ON p.id = r.person_id
        WHERE r.event_id = ? {_BY_NAME}""", [event_id])
    return [RegistrationRow(**{
        **dict(row), "payment_eligible": bool(row["payment_eligible"]), "roles": _codes(row["roles"]),
        "booked": _ids(row["booked"]), "waiting": _ids(row["waiting"]),
        "checked_in": bool(row["checked_in"])}) for row in rows]


def checkins(store: Store, event_id: int) -> list[CheckinRow]:
    """The event's whole check-in log, refused and undone rows too, in the order scanned."""
    rows = store.query("""
        SELECT c.at, c.registration_id, p.name, c.direction, c.session_id, c.station, c.operator,
               c.success AS admitted, c.reason, c.forced, c.force_reason, c.annulled_at, c.annulled_by
        FROM checkins c LEFT JOIN registrations r ON r.id = c.registration_id
        LEFT JOIN people p ON p.id = r.person_id
        WHERE c.event_id = ? ORDER BY c.at, c.recorded_at""", [event_id])
    return [CheckinRow(at, reg_id, name, direction, session_id, station, operator, bool(admitted), reason,
                       bool(forced), force_reason, annulled_at, annulled_by)
            for (at, reg_id, name, direction, session_id, station, operator, admitted, reason, forced,
                 force_reason, annulled_at, annulled_by) in rows]


def needs(store: Store, event_id: int) -> list[Need]:
    """Every need of the event's confirmed registrations (PAs included), by name."""
    return [Need(*row) for row in store.query(f"""
        SELECT r.id, p.name, a.code, a.detail
        FROM registration_access a JOIN registrations r ON r.id = a.registration_id
        JOIN people p ON p.id = r.person_id
        WHERE r.event_id = ? AND {rules.CONFIRMED} {_BY_NAME}, a.code""", [event_id])]


def notes(store: Store, event_id: int) -> list[Notes]:
    """The confirmed registrations that wrote access or dietary notes, by name."""
    return [Notes(*row) for row in store.query(f"""
        SELECT r.id, p.name, r.access_notes, r.dietary
        FROM registrations r JOIN people p ON p.id = r.person_id
        WHERE r.event_id = ? AND {rules.CONFIRMED}
          AND (r.access_notes IS NOT NULL OR r.dietary IS NOT NULL) {_BY_NAME}""", [event_id])]


def log_export(store: Store, *, at: str, operator: str | None, event_id: int, event_slug: str,
               what: str, fmt: str, rows: int, health_data: bool) -> None:
    insert(store, "export_log", {
        "at": at, "operator": operator, "event_id": event_id, "event_slug": event_slug,
        "what": what, "format": fmt, "rows": rows, "health_data": int(health_data)})


@dataclass(frozen=True)
class Logged:
    at: str
    operator: str | None
    event_slug: str
    what: str
    format: str
    rows: int
    health_data: bool


def logged(store: Store, event_id: int) -> list[Logged]:
    """The exports made of an event, oldest first."""
    return [Logged(**{**dict(row), "health_data": bool(row["health_data"])}) for row in store.query(
        "SELECT at, operator, event_slug, what, format, rows, health_data FROM export_log "
        "WHERE event_id = ? ORDER BY at, id", [event_id])]


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(sorted(text.split(","))) if text else ()


def _ids(text: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(part) for part in text.split(","))) if text else ()
