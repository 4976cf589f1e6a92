"""Counts for the before-the-event summary: no names, no free text, only how many."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import rules


@dataclass(frozen=True)
class Headcount:
    confirmed: int  # places taken (PAs take none)
    pas: int  # confirmed PAs and supporters
    waitlisted: int
    cancelled: int


@dataclass(frozen=True)
class SessionCount:
    session_id: int
    places_taken: int  # confirmed bookings holding a place (PAs take none)
    people: int  # expected in the room: booked and their PAs, or everyone if open to all
    waiting: int  # in the session's own queue


def headcount(store: Store, event_id: int) -> Headcount:
    row = store.one(
        f"SELECT coalesce(sum({rules.TAKES_A_PLACE}), 0), "
        f"coalesce(sum({rules.CONFIRMED} AND r.pa_for_registration_id IS NOT NULL), 0), "
        "coalesce(sum(r.status = 'waitlisted'), 0), coalesce(sum(r.status = 'cancelled'), 0) "
        "FROM registrations r WHERE r.event_id = ?", [event_id])
    assert row is not None
    return Headcount(*row)


def session_counts(store: Store, event_id: int) -> dict[int, SessionCount]:
    """Per session (not cancelled): places taken, people expected in the room, queue length."""
    everyone = store.value(
        f"SELECT count(*) FROM registrations r WHERE r.event_id = ? AND {rules.EXPECTED}", [event_id])
    found = {}
    for row in store.query("SELECT id, booking_required FROM sessions "
                           "WHERE event_id = ? AND cancelled_at IS NULL", [event_id]):
        session_id = row[0]
        rule, params = rules.expected(session_id)
        found[session_id] = SessionCount(
            session_id,
            store.value("SELECT count(*) FROM bookings b JOIN registrations r ON r.id = b.registration_id "
                        f"WHERE b.session_id = ? AND {rules.HOLDS_A_SESSION_PLACE}", [session_id]),
            store.value(f"SELECT count(*) FROM registrations r WHERE r.event_id = ? AND {rule}",
                        [event_id, *params]) if row[1] else everyone,
            store.value("SELECT count(*) FROM bookings b JOIN registrations r ON r.id = b.registration_id "
                        f"WHERE b.session_id = ? AND b.status = 'waitlisted' AND {rules.CONFIRMED}",
                        [session_id]))
    return found


def need_counts(store: Store, event_id: int) -> dict[str, int]:
    """Access need code -> how many confirmed people (PAs included) have it."""
    return {row[0]: row[1] for row in store.query(
        "SELECT a.code, count(*) FROM registration_access a "
        "JOIN registrations r ON r.id = a.registration_id "
        f"WHERE r.event_id = ? AND {rules.CONFIRMED} GROUP BY a.code ORDER BY a.code", [event_id])}


def dietary_notes(store: Store, event_id: int) -> int:
    """How many confirmed people wrote a dietary note of their own (its text is not read here)."""
    return store.value(
        "SELECT count(*) FROM registrations r WHERE r.event_id = ? AND "
        f"{rules.CONFIRMED} AND trim(coalesce(r.dietary, '')) != ''", [event_id])
