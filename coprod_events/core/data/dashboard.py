"""What the dashboard reads about one day of an event.

The log is append-only (undo only marks a row), so the dashboard reads a day's counting rows
once and then only the rows added since (by rowid), and reads them all again when a row of the
day is undone. Who is expected is read again only when the event's registrations change.
Names and ticket codes only: no access needs, notes or diets are read here."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import rules


@dataclass(frozen=True)
class Passage:
    """A counting row of the day's log (the person was let through, and it was not undone)."""
    rowid: int
    registration_id: int
    direction: str  # entry | exit
    session_id: int | None
    at: str
    recorded_at: str


@dataclass(frozen=True)
class Awaited:
    """Someone expected at the door."""
    registration_id: int
    name: str
    code: str | None  # their live ticket code


_PASSAGES = ("SELECT c.rowid, c.registration_id, c.direction, c.session_id, c.at, c.recorded_at "
             "FROM checkins c ")


def last_rowid(store: Store) -> int:
    """The newest row of the whole log (rowids only grow: the log is never deleted from)."""
    return store.value("SELECT max(rowid) FROM checkins") or 0


def passages(store: Store, event_id: int, local_day: str, after: int, up_to: int) -> list[Passage]:
    """The day's counting rows with a rowid in (after, up_to], in the order logged. From 0: the
    whole day, from its index (0011); later, the few new rows, by rowid (the `+` keeps SQLite
    off that index, which would walk the whole day to find them)."""
    where = ("WHERE c.event_id = ? AND c.local_day = ? AND c.rowid > ? AND c.rowid <= ? "
             if after == 0 else
             "WHERE +c.event_id = ? AND +c.local_day = ? AND c.rowid > ? AND c.rowid <= ? ")
    return [Passage(*row) for row in store.query(
        _PASSAGES + where + f"AND {rules.COUNTS} AND c.registration_id IS NOT NULL ORDER BY c.rowid",
        [event_id, local_day, after, up_to])]


def undone_count(store: Store, event_id: int, local_day: str) -> int:
    """Rows of the day that were undone (from a small index of undone rows, 0011)."""
    return store.value("SELECT count(*) FROM checkins c WHERE c.event_id = ? AND c.local_day = ? "
                       "AND c.annulled_at IS NOT NULL", [event_id, local_day])


def registrations_mark(store: Store, event_id: int) -> tuple:
    """Changes when the event's registrations change in number or status (from their index):
    then who is expected is read again."""
    row = store.one("SELECT count(*), max(r.rowid), sum(r.status = 'confirmed'), "
                    "sum(r.status = 'cancelled') FROM registrations r WHERE r.event_id = ?", [event_id])
    return tuple(row) if row else ()


def expected_people(store: Store, event_id: int) -> list[Awaited]:
    """Everyone expected at the door, with their live code."""
    return [Awaited(row[0], row[1], row[2]) for row in store.query(
        "SELECT r.id, p.name, t.code FROM registrations r JOIN people p ON p.id = r.person_id "
        "LEFT JOIN tickets t ON t.registration_id = r.id AND t.revoked_at IS NULL "
        f"WHERE r.event_id = ? AND {rules.EXPECTED}", [event_id])]
