"""Consent history's SQL: changes written (one, or an import's many at once), a person's read."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import insert

COLUMNS = ("registration_id", "at", "given", "notice_version", "operator", "station")


@dataclass(frozen=True)
class Change:
    """Consent given to (or withdrawn from) a notice, on one registration."""
    registration_id: int
    event_id: int
    event_title: str
    at: str
    given: bool
    notice_version: str | None
    operator: str | None
    station: str | None


def add(store: Store, values: dict) -> int:
    return insert(store, "consent_history", values)


def add_many(store: Store, rows: list[tuple]) -> None:
    """Rows of COLUMNS' values."""
    store.run_many(f"INSERT INTO consent_history ({', '.join(COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(COLUMNS))})", rows)


def of_person(store: Store, person_id: int) -> list[Change]:
    """Every change on the person's registrations, oldest first."""
    return [Change(row["registration_id"], row["event_id"], row["title"], row["at"], bool(row["given"]),
                   row["notice_version"], row["operator"], row["station"])
            for row in store.query("""
        SELECT c.registration_id, r.event_id, e.title, c.at, c.given, c.notice_version, c.operator,
               c.station
        FROM consent_history c JOIN registrations r ON r.id = c.registration_id
        JOIN events e ON e.id = r.event_id
        WHERE r.person_id = ? ORDER BY c.at, c.id""", [person_id])]


@dataclass(frozen=True)
class Standing:
    """A person's registration and where its consent stands now."""
    registration_id: int
    event_id: int
    event_title: str
    status: str
    consent_at: str | None
    consent_version: str | None


def registrations_of(store: Store, person_id: int) -> list[Standing]:
    return [Standing(*row) for row in store.query("""
        SELECT r.id, r.event_id, e.title, r.status, r.consent_at, r.consent_version
        FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE r.person_id = ? ORDER BY e.starts_at, r.id""", [person_id])]
