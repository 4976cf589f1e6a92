"""The SQL of retention, subject access and erasure (issue 12): what is due for a purge, health
data cleared, people anonymised, tickets revoked, and everything held about one person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..store import Store

# The health data a registration holds: these columns, and its rows in registration_access.
HEALTH_COLUMNS = ("role_notes", "access_notes", "dietary")
# What identifies a person, besides their name (which cannot be NULL: it becomes a placeholder).
IDENTIFYING_COLUMNS = ("preferred_name", "pronouns", "email", "phone", "organisation")
_HOLDS_HEALTH_DATA = ("(r.role_notes IS NOT NULL OR r.access_notes IS NOT NULL OR r.dietary IS NOT NULL "
                      "OR EXISTS (SELECT 1 FROM registration_access a WHERE a.registration_id = r.id))")


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


@dataclass(frozen=True)
class Ended:
    """An event, when it ended (its last session, if later) and its own retention, if set."""
    id: int
    slug: str
    ended_at: str
    retention_days: int | None


def ended_events(store: Store, before: str) -> list[Ended]:
    """Events that ended before `before` (a db time): the only ones a purge can be due for."""
    return [Ended(**row) for row in store.query("""
        SELECT id, slug, retention_days, ended_at FROM (
            SELECT e.id, e.slug, e.health_retention_days AS retention_days,
                   MAX(e.ends_at, COALESCE((SELECT MAX(s.ends_at) FROM sessions s
                                            WHERE s.event_id = e.id), e.ends_at)) AS ended_at
            FROM events e)
        WHERE ended_at < ? ORDER BY ended_at, id""", [before])]


def with_health_data(store: Store, event_ids: Sequence[int]) -> dict[int, list[int]]:
    """Event id -> its registrations that still hold health data."""
    found: dict[int, list[int]] = {}
    for row in store.query(f"SELECT r.event_id, r.id FROM registrations r WHERE r.event_id IN "
                           f"({_marks(event_ids)}) AND {_HOLDS_HEALTH_DATA} ORDER BY r.id", list(event_ids)):
        found.setdefault(row[0], []).append(row[1])
    return found


def inactive_people(store: Store, since: str) -> list[int]:
    """People not yet anonymised, known before `since`, with no registration made, and at no
    event that ended, since then."""
    return [row[0] for row in store.query("""
        SELECT p.id FROM people p
        WHERE p.anonymised_at IS NULL AND p.created_at < ?
          AND NOT EXISTS (SELECT 1 FROM registrations r JOIN events e ON e.id = r.event_id
                          WHERE r.person_id = p.id AND (r.created_at >= ? OR e.ends_at >= ?))
        ORDER BY p.id""", [since, since, since])]


def registrations_of(store: Store, person_ids: Sequence[int]) -> list[int]:
    return [row[0] for row in store.query(
        f"SELECT id FROM registrations WHERE person_id IN ({_marks(person_ids)}) ORDER BY id",
        list(person_ids))]


def registrations_to_come(store: Store, person_id: int, now: str) -> list[int]:
    """The person's registrations holding or waiting for a place at events not yet started."""
    return [row[0] for row in store.query("""
        SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE r.person_id = ? AND r.status != 'cancelled' AND e.starts_at > ? ORDER BY r.id""",
        [person_id, now])]


def clear_health_data(store: Store, registration_ids: Sequence[int]) -> None:
    ids = list(registration_ids)
    if not ids:
        return
    cleared = ", ".join(f"{column} = NULL" for column in HEALTH_COLUMNS)
    store.run(f"UPDATE registrations SET {cleared} WHERE id IN ({_marks(ids)})", ids)
    store.run(f"DELETE FROM registration_access WHERE registration_id IN ({_marks(ids)})", ids)


def anonymise(store: Store, person_id: int, placeholder: str, at: str) -> None:
    """The person's name becomes `placeholder`, everything else that identifies them goes."""
    cleared = ", ".join(f"{column} = NULL" for column in IDENTIFYING_COLUMNS)
    store.run(f"UPDATE people SET name = ?, {cleared}, anonymised_at = ? WHERE id = ?",
              [placeholder, at, person_id])


def revoke_tickets(store: Store, registration_ids: Sequence[int], at: str) -> int:
    """Every live code of these registrations, ours and other tools', revoked; how many."""
    ids = list(registration_ids)
    if not ids:
        return 0
    count = 0
    for table in ("tickets", "external_codes"):
        count += store.value(f"SELECT COUNT(*) FROM {table} WHERE revoked_at IS NULL "
                             f"AND registration_id IN ({_marks(ids)})", ids)
        store.run(f"UPDATE {table} SET revoked_at = ? WHERE revoked_at IS NULL "
                  f"AND registration_id IN ({_marks(ids)})", [at, *ids])
    return count


def forget_scans(store: Store, registration_ids: Sequence[int]) -> None:
    """The typed or scanned input kept on their check-ins goes, and staff's words on why they
    were let in (the rows themselves stay)."""
    ids = list(registration_ids)
    if ids:
        store.run("UPDATE checkins SET raw_input = NULL, force_reason = NULL "
                  f"WHERE registration_id IN ({_marks(ids)})", ids)


def optimise_search_index(store: Store) -> None:
    """Merge the trigram index into one segment, so no old segment still holds a name that was
    changed (FTS5 only marks old entries deleted until its segments are merged)."""
    store.run("INSERT INTO people_fts (people_fts) VALUES ('optimize')")


# Everything held about one person -------------------------------------------------------------

def person_row(store: Store, person_id: int) -> dict[str, Any] | None:
    row = store.one("SELECT * FROM people WHERE id = ?", [person_id])
    return dict(row) if row else None


def registrations_held(store: Store, person_id: int) -> list[dict[str, Any]]:
    return [dict(row) for row in store.query("""
        SELECT r.id, e.slug AS event, e.title AS event_title, e.starts_at AS event_starts,
               e.ends_at AS event_ends, r.status, r.created_at, r.cancelled_at, r.waitlisted_at,
               r.pa_for_registration_id IS NOT NULL AS supports_someone,
               r.role_notes, r.access_notes, r.dietary, r.consent_at, r.consent_version,
               r.payment_eligible, r.payment_choice
        FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE r.person_id = ? ORDER BY e.starts_at, r.id""", [person_id])]


def rows_of(store: Store, what: str, registration_id: int) -> list[dict[str, Any]]:
    """One kind of row belonging to a registration (`what` is one of `HELD`, never input)."""
    sql = HELD[what]
    return [dict(row) for row in store.query(sql, [registration_id] * sql.count("?"))]


HELD = {
    "roles": "SELECT role FROM registration_roles WHERE registration_id = ? ORDER BY role",
    "access_needs": "SELECT code, detail FROM registration_access WHERE registration_id = ? ORDER BY code",
    "sessions": """SELECT s.title, s.starts_at, s.ends_at, s.room, b.status FROM bookings b
                   JOIN sessions s ON s.id = b.session_id WHERE b.registration_id = ?
                   ORDER BY s.starts_at""",
    "checkins": """SELECT c.at, c.direction, s.title AS session, c.station, c.success, c.reason,
                   c.forced, c.force_reason, c.annulled_at FROM checkins c
                   LEFT JOIN sessions s ON s.id = c.session_id WHERE c.registration_id = ?
                   ORDER BY c.at, c.id""",
    "tickets": """SELECT code, issued_at, sent_at, revoked_at, 'coprod-events' AS source FROM tickets
                  WHERE registration_id = ?
                  UNION ALL SELECT code, added_at, NULL, revoked_at, source FROM external_codes
                  WHERE registration_id = ? ORDER BY 2""",
    "expenses": """SELECT amount_pence, kind, receipt, claimed_at FROM expenses
                   WHERE registration_id = ? ORDER BY claimed_at, id""",
    "payments": """SELECT amount_pence, how, paid_at FROM payments
                   WHERE registration_id = ? ORDER BY paid_at, id""",
    "consent_history": """SELECT at, given, notice_version FROM consent_history
                          WHERE registration_id = ? ORDER BY at, id""",
}
