"""Snapshots for a desk that works offline, and merging them back (core/offline.py).

A snapshot is a copy of the hub's file whose settings say where it came from (`snapshot.*`
keys). Merging reads the snapshot loaded in memory (a plain sqlite3 connection: "there") and
writes into the hub's Store ("here"). Table names below are ours, never input.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..store import Store
from . import insert, rules
from .checkins import _COLUMNS as CHECKIN_COLUMNS
from .checkins import Checkin
from .privacy import HEALTH_COLUMNS, IDENTIFYING_COLUMNS

HUB_KEY = "hub.id"  # this hub's id, made when it first gives out a snapshot
PREFIX = "snapshot."  # snapshot.id, .hub, .event_id, .event_slug, .taken_at, .last_person_id, ...
CHILDREN = ("registration_roles", "registration_access", "bookings", "tickets")


# On the snapshot (there) ---------------------------------------------------------------------

def mark(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    """Make the copy on `conn` a snapshot: it says where it came from, and is no hub itself."""
    with conn:
        conn.execute("DELETE FROM settings WHERE key = ? OR key LIKE 'snapshot.%'", [HUB_KEY])
        conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                         [(PREFIX + key, value) for key, value in values.items()])


# What a registration at another event holds that a desk here never needs: roles and access
# needs (health data), sessions, money, and its codes (live ones would let anyone who has the
# laptop make a ticket for that event's door).
ELSEWHERE = ("registration_access", "registration_roles", "bookings", "tickets", "external_codes",
             "badge_codes", "payments", "expenses")


def keep_one_event(conn: sqlite3.Connection, event_id: int, placeholder: str) -> None:
    """Leave on the copy only what a desk at `event_id` needs to know about people: what other
    events' registrations hold (ELSEWHERE, their notes, staff's words) goes, and so does everyone
    not at this event (their name becomes `placeholder`). The registrations and people rows
    stay, so ids and merging are as on the hub. The file is then rebuilt (VACUUM), so nothing
    cleared is left in its free pages or the name index."""
    health = ", ".join(f"{column} = NULL" for column in HEALTH_COLUMNS)
    identity = ", ".join(f"{column} = NULL" for column in IDENTIFYING_COLUMNS)
    with conn:
        conn.execute(f"UPDATE registrations SET {health} WHERE event_id != ?", [event_id])
        for table in ELSEWHERE:
            conn.execute(f"DELETE FROM {table} WHERE registration_id IN "
                         "(SELECT id FROM registrations WHERE event_id != ?)", [event_id])
        conn.execute("UPDATE checkins SET raw_input = NULL, force_reason = NULL WHERE event_id != ?",
                     [event_id])
        conn.execute(f"UPDATE people SET name = ?, {identity} WHERE id NOT IN "
                     "(SELECT person_id FROM registrations WHERE event_id = ?)", [placeholder, event_id])
        conn.execute("INSERT INTO people_fts (people_fts) VALUES ('optimize')")
    conn.execute("VACUUM")


def said_there(conn: sqlite3.Connection) -> dict[str, str]:
    return {row[0][len(PREFIX):]: row[1] for row in conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE 'snapshot.%'")}


def checkins_there(conn: sqlite3.Connection, event_id: int) -> list[Checkin]:
    cursor = conn.execute(f"SELECT {CHECKIN_COLUMNS} FROM checkins WHERE event_id = ? "
                          "ORDER BY recorded_at", [event_id])
    names = [d[0] for d in cursor.description]
    return [Checkin(**dict(zip(names, row, strict=True))) for row in cursor]


def rows_there(conn: sqlite3.Connection, table: str, where: str, params: list[Any]) -> list[dict]:
    cursor = conn.execute(f"SELECT * FROM {table} WHERE {where}", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# On the hub (here) ---------------------------------------------------------------------------

def said_here(store: Store) -> dict[str, str]:
    return {row[0][len(PREFIX):]: row[1] for row in store.query(
        "SELECT key, value FROM settings WHERE key LIKE 'snapshot.%'")}


def last_ids(store: Store) -> tuple[int, int]:
    """The newest person's and registration's ids: anything above them in a snapshot was
    registered there (a walk-in)."""
    return (store.value("SELECT coalesce(max(id), 0) FROM people"),
            store.value("SELECT coalesce(max(id), 0) FROM registrations"))


def checkin_ids(store: Store, event_id: int) -> dict[str, str | None]:
    """The event's check-ins here: id -> when it was undone (None if it stands)."""
    return {row[0]: row[1] for row in store.query(
        "SELECT id, annulled_at FROM checkins WHERE event_id = ?", [event_id])}


def copy_row(store: Store, table: str, values: dict[str, Any]) -> int:
    return insert(store, table, values)


def ticket_known(store: Store, code: str) -> bool:
    return store.one("SELECT 1 FROM tickets WHERE code = ?", [code]) is not None


def has_live_ticket(store: Store, registration_id: int) -> bool:
    return store.one("SELECT 1 FROM tickets WHERE registration_id = ? AND revoked_at IS NULL",
                     [registration_id]) is not None


def exists(store: Store, table: str, row_id: int) -> bool:
    return store.one(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]) is not None


def merged_as(store: Store, snapshot: str, there: int) -> int | None:
    return store.value("SELECT registration_id FROM merged_registrations WHERE snapshot = ? "
                       "AND there = ?", [snapshot, there])


def remember(store: Store, snapshot: str, there: int, here: int) -> None:
    store.run("INSERT INTO merged_registrations (snapshot, there, registration_id) VALUES (?, ?, ?)",
              [snapshot, there, here])


def admitted_elsewhere(store: Store, row: Checkin, not_these: set[str]) -> list[Checkin]:
    """The other standing admissions of the same person, same day, same place (the door or a
    session), except `not_these` (the snapshot's own rows)."""
    found = store.query(
        f"SELECT {CHECKIN_COLUMNS} FROM checkins c WHERE c.registration_id = ? AND c.local_day = ? "
        f"AND c.session_id IS ? AND {rules.CHECKED_IN} AND c.id != ? ORDER BY c.at",
        [row.registration_id, row.local_day, row.session_id, row.id])
    return [Checkin(**r) for r in found if r["id"] not in not_these]
