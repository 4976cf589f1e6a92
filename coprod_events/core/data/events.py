"""Events and their sessions: rows in, typed rows out."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .. import dates
from ..store import Store
from . import insert, rules, update


@dataclass(frozen=True)
class Event:
    id: int
    slug: str
    title: str
    kind: str
    venue: str | None
    tz: str
    capacity: int | None
    starts_at: str
    ends_at: str
    repeat_rule: str | None
    except_dates: tuple[str, ...]
    checkin_opens_minutes: int
    checkin_closes_minutes: int
    certificate_ratio: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Event:
        return cls(
            id=row["id"], slug=row["slug"], title=row["title"], kind=row["kind"],
            venue=row["venue"], tz=row["tz"], capacity=row["capacity"],
            starts_at=row["starts_at"], ends_at=row["ends_at"], repeat_rule=row["repeat_rule"],
            except_dates=tuple(json.loads(row["except_dates"] or "[]")),
            checkin_opens_minutes=row["checkin_opens_minutes"],
            checkin_closes_minutes=row["checkin_closes_minutes"],
            certificate_ratio=row["certificate_ratio"],
        )

    def show(self, moment: str | datetime, *, with_date: bool = True) -> str:
        return dates.show(moment, self.tz, with_date=with_date)

    def local_day(self, moment: str | datetime) -> date:
        return dates.local(moment, self.tz).date()


@dataclass(frozen=True)
class Session:
    id: int
    event_id: int
    title: str
    starts_at: str
    ends_at: str
    room: str | None
    capacity: int | None
    booking_required: bool
    cancelled: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Session:
        return cls(
            id=row["id"], event_id=row["event_id"], title=row["title"],
            starts_at=row["starts_at"], ends_at=row["ends_at"], room=row["room"],
            capacity=row["capacity"], booking_required=bool(row["booking_required"]),
            cancelled=row["cancelled_at"] is not None,
        )


@dataclass(frozen=True)
class EventSummary:
    event: Event
    confirmed: int  # places taken (PAs take none)
    waitlisted: int
    checked_in: int  # people checked in at least once
    sessions: int  # not cancelled


@dataclass(frozen=True)
class Records:
    """What a session holds that must not vanish with it."""
    bookings: int  # any status
    checkins: int  # rows of the check-in log there, refusals and undone ones too


@dataclass(frozen=True)
class Places:
    booked: int  # places taken by confirmed people's confirmed bookings
    waiting: int  # confirmed people waiting for a place (the event's own waiting list aside)


EVENT_COLUMNS = ("slug", "title", "kind", "venue", "tz", "capacity", "starts_at", "ends_at",
                 "repeat_rule", "except_dates", "checkin_opens_minutes", "checkin_closes_minutes",
                 "certificate_ratio", "created_at")


def find(store: Store, slug: str, event_id: int | None) -> Event | None:
    """An event by slug, else by id (a slug wins: "2026" may be both)."""
    row = store.one("SELECT * FROM events WHERE slug = ? OR id = ? ORDER BY slug = ? DESC LIMIT 1",
                    [slug, event_id, slug])
    return Event.from_row(row) if row else None


def slugs_like(store: Store, base: str) -> set[str]:
    """Slugs taken that are `base` or `base-N` (slugs hold a-z, 0-9 and "-" only)."""
    return {row[0] for row in store.query(
        "SELECT slug FROM events WHERE slug = ? OR slug LIKE ?", [base, base + "-%"])}


def insert_event(store: Store, values: dict[str, Any]) -> int:
    return insert(store, "events", {column: values[column] for column in EVENT_COLUMNS})


def update_event(store: Store, event_id: int, values: dict[str, Any]) -> None:
    update(store, "events", event_id, values)


def summaries(store: Store) -> list[EventSummary]:
    """Every event, soonest first, with its counts."""
    rows = store.query(f"""
        SELECT e.*,
          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND {rules.TAKES_A_PLACE})
             AS n_confirmed,
          (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')
             AS n_waitlisted,
          (SELECT count(DISTINCT c.registration_id) FROM checkins c
             WHERE c.event_id = e.id AND {rules.CHECKED_IN}) AS n_checked_in,
          (SELECT count(*) FROM sessions s WHERE s.event_id = e.id AND s.cancelled_at IS NULL)
             AS n_sessions
        FROM events e ORDER BY e.starts_at, e.id""")
    return [EventSummary(Event.from_row(row), row["n_confirmed"], row["n_waitlisted"],
                         row["n_checked_in"], row["n_sessions"]) for row in rows]


def insert_session(store: Store, event_id: int, values: dict[str, Any]) -> int:
    return insert(store, "sessions", {"event_id": event_id, **values})


def update_session(store: Store, session_id: int, values: dict[str, Any]) -> None:
    update(store, "sessions", session_id, values)


def cancel_session(store: Store, session_id: int, at: str) -> None:
    store.run("UPDATE sessions SET cancelled_at = ? WHERE id = ?", [at, session_id])


def delete_sessions(store: Store, session_ids: list[int]) -> None:
    store.run(f"DELETE FROM sessions WHERE id IN ({', '.join('?' * len(session_ids))})", session_ids)


def session_records(store: Store, event_id: int) -> dict[int, Records]:
    """Bookings and check-in log rows per session of the event (sessions with neither left out)."""
    rows = store.query("""
        SELECT s.id,
          (SELECT count(*) FROM bookings b WHERE b.session_id = s.id),
          (SELECT count(*) FROM checkins c WHERE c.session_id = s.id)
        FROM sessions s WHERE s.event_id = ?""", [event_id])
    return {row[0]: Records(row[1], row[2]) for row in rows if row[1] or row[2]}


def has_checkins(store: Store, event_id: int) -> bool:
    """Whether the check-in log has any row for the event (at the door or a session)."""
    return store.value("SELECT EXISTS (SELECT 1 FROM checkins WHERE event_id = ?)", [event_id]) == 1


def session(store: Store, event_id: int, session_id: int | None) -> Session | None:
    row = store.one("SELECT * FROM sessions WHERE id = ? AND event_id = ?", [session_id, event_id])
    return Session.from_row(row) if row else None


def sessions(store: Store, event_id: int, *, include_cancelled: bool = False) -> list[Session]:
    where = "event_id = ?" + ("" if include_cancelled else " AND cancelled_at IS NULL")
    return [Session.from_row(row) for row in
            store.query(f"SELECT * FROM sessions WHERE {where} ORDER BY starts_at, id", [event_id])]


def fit_to_sessions(store: Store, event_id: int) -> None:
    """A conference has hours of its own and grows to hold its sessions; a course or workshop
    spans exactly its sessions, so moving one moves the event (and its door hours) with it."""
    row = store.one("SELECT min(starts_at), max(ends_at) FROM sessions WHERE event_id = ?", [event_id])
    if row is None or row[0] is None:
        return
    first, last = row
    store.run(
        "UPDATE events SET "
        "starts_at = CASE kind WHEN 'conference' THEN min(starts_at, ?) ELSE ? END, "
        "ends_at = CASE kind WHEN 'conference' THEN max(ends_at, ?) ELSE ? END WHERE id = ?",
        [first, first, last, last, event_id])


def session_places(store: Store, event_id: int) -> dict[int, Places]:
    """Booked and waiting per session of the event, in one query."""
    rows = store.query(f"""
        SELECT s.id,
          count(CASE WHEN r.id IS NOT NULL AND {rules.HOLDS_A_SESSION_PLACE} THEN 1 END),
          count(CASE WHEN b.status = 'waitlisted' AND {rules.CONFIRMED} THEN 1 END)
        FROM sessions s LEFT JOIN bookings b ON b.session_id = s.id
        LEFT JOIN registrations r ON r.id = b.registration_id
        WHERE s.event_id = ? GROUP BY s.id""", [event_id])
    return {row[0]: Places(row[1], row[2]) for row in rows}


def session_capacity(store: Store, session_id: int) -> int | None:
    return store.value("SELECT capacity FROM sessions WHERE id = ?", [session_id])
