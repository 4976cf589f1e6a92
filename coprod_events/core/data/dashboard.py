"""What the dashboard reads about one day of an event: a few aggregate queries over that day's
rows of the log, so a refresh stays cheap at 20,000 registrations and 50,000 check-ins.

Names and ticket codes only: no access needs, notes or diets are read here."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import rules

# Each person's counting rows of the day, folded to their first entry, their latest entry and
# their latest exit at the door. `at || recorded_at` orders rows as the log does (a fixed-width
# time, then the order recorded), so the latest of two rows at one moment is the one logged last.
_DAY = f"""SELECT min(CASE WHEN c.direction = 'entry' THEN c.at END) AS first_in,
           max(CASE WHEN c.direction = 'entry' THEN c.at || c.recorded_at END) AS last_in,
           max(CASE WHEN c.direction = 'exit' AND c.session_id IS NULL
                    THEN c.at || c.recorded_at END) AS last_out
    FROM checkins c WHERE c.event_id = ? AND c.local_day = ? AND {rules.COUNTS}
    AND c.registration_id IS NOT NULL GROUP BY c.registration_id"""

# Stored times are fixed-width UTC text ("2026-12-03T09:14:33.000000Z"): the quarter hour is
# the text up to the hour and the minutes rounded down to 00, 15, 30 or 45.
_QUARTER = "substr(first_in, 1, 14) || printf('%02d', CAST(substr(first_in, 15, 2) AS INTEGER) / 15 * 15)"


@dataclass(frozen=True)
class Quarter:
    """A quarter hour of the day, and the people whose first arrival today fell in it."""
    starts: str  # UTC "YYYY-MM-DDTHH:MM"
    arrived: int  # let in for the first time today, at the door or a session
    on_site: int  # of those, on site now: their latest entry has no later exit at the door


@dataclass(frozen=True)
class Awaited:
    """Someone expected today who has not come yet."""
    registration_id: int
    name: str
    code: str | None  # their live ticket code


def quarters(store: Store, event_id: int, local_day: str) -> list[Quarter]:
    """The day's first arrivals per quarter hour, in order, with how many of them are on site
    now: one pass over the day's part of the log. On site is the rule of
    `checkins.on_site_today` (a test holds the two together), counted by SQLite."""
    return [Quarter(*row) for row in store.query(
        f"SELECT {_QUARTER} AS quarter, count(*), "
        "count(CASE WHEN last_out IS NULL OR last_in > last_out THEN 1 END) "
        f"FROM ({_DAY}) WHERE first_in IS NOT NULL GROUP BY quarter ORDER BY quarter",
        [event_id, local_day])]


def session_checked_in(store: Store, event_id: int, local_day: str) -> dict[int, int]:
    """Session id -> people checked in to it today."""
    return {row[0]: row[1] for row in store.query(
        "SELECT c.session_id, count(DISTINCT c.registration_id) FROM checkins c "
        f"WHERE c.event_id = ? AND c.local_day = ? AND {rules.CHECKED_IN} "
        "AND c.session_id IS NOT NULL GROUP BY c.session_id", [event_id, local_day])}


# Not come: no counting entry today (the day's ids are gathered once, from the index above).
_NOT_COME = f"""{rules.EXPECTED} AND r.id NOT IN (
    SELECT c.registration_id FROM checkins c WHERE c.event_id = ? AND c.local_day = ?
    AND {rules.CHECKED_IN} AND c.registration_id IS NOT NULL)"""


def still_expected(store: Store, event_id: int, local_day: str) -> list[Awaited]:
    """Everyone expected at the door who has not been let in today, with their live code."""
    return [Awaited(row[0], row[1], row[2]) for row in store.query(
        "SELECT r.id, p.name, t.code FROM registrations r JOIN people p ON p.id = r.person_id "
        "LEFT JOIN tickets t ON t.registration_id = r.id AND t.revoked_at IS NULL "
        f"WHERE r.event_id = ? AND {_NOT_COME}", [event_id, event_id, local_day])]
