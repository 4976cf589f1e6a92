"""The check-in log: append-only (undo annuls a row), and what is derived from it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import astuple, dataclass

from ..store import Store
from . import rules
from .registrations import QueuePlace

_COLUMNS = ("id, event_id, registration_id, session_id, direction, at, local_day, station, "
            "operator, forced, success, reason, raw_input, recorded_at, annulled_at, annulled_by, "
            "force_reason")
_PASSAGE = "SELECT registration_id, at, direction, session_id, local_day, station FROM checkins c "


@dataclass(frozen=True)
class Checkin:
    """One row of the log."""
    id: str
    event_id: int
    registration_id: int | None
    session_id: int | None
    direction: str  # entry | exit
    at: str
    local_day: str
    station: str | None
    operator: str | None
    forced: bool
    success: bool
    reason: str
    raw_input: str | None
    recorded_at: str
    annulled_at: str | None = None
    annulled_by: str | None = None
    force_reason: str | None = None  # why staff forced it, in their words


@dataclass(frozen=True)
class LogLine:
    """One line of a desk's live list: a row of the log with the person's name."""
    checkin_id: str
    at: str
    name: str | None
    reason: str
    admitted: bool
    forced: bool
    direction: str
    station: str | None
    session_id: int | None
    annulled: bool
    session_title: str | None = None  # where: None at the door
    force_reason: str | None = None  # why staff forced it, when they said


@dataclass(frozen=True)
class Passage:
    """A counting row of someone's day, for attendance: when, which way, where."""
    registration_id: int
    at: str
    direction: str
    session_id: int | None
    local_day: str
    station: str | None


def get(store: Store, checkin_id: str) -> Checkin | None:
    row = store.one(f"SELECT {_COLUMNS} FROM checkins WHERE id = ?", [checkin_id])
    return Checkin(**row) if row else None


def exists(store: Store, checkin_id: str) -> bool:
    return store.one("SELECT 1 FROM checkins WHERE id = ?", [checkin_id]) is not None


def append(store: Store, row: Checkin) -> None:
    store.run(f"INSERT INTO checkins ({_COLUMNS}) VALUES ({', '.join('?' * 17)})", astuple(row))


def annul(store: Store, checkin_id: str, *, at: str, by: str | None) -> None:
    store.run("UPDATE checkins SET annulled_at = ?, annulled_by = ? WHERE id = ?", [at, by, checkin_id])


def record_promotion(store: Store, checkin_id: str, places: list[QueuePlace]) -> None:
    """The queue places a forced check-in took its person out of, for undo to give back."""
    store.run_many("INSERT INTO checkin_promotions (checkin_id, session_id, waitlisted_at) "
                   "VALUES (?, ?, ?)", [(checkin_id, *place) for place in places])


def promotions(store: Store, checkin_id: str) -> list[QueuePlace]:
    """The queue places this check-in took its person out of (none for most)."""
    return [QueuePlace(*row) for row in store.query(
        "SELECT session_id, waitlisted_at FROM checkin_promotions WHERE checkin_id = ? "
        "ORDER BY session_id", [checkin_id])]


def entered_since(store: Store, registration_id: int, checkin: Checkin) -> str | None:
    """When this person was next let in (anywhere) after `checkin` was recorded, if they were."""
    return store.value(
        f"SELECT min(c.at) FROM checkins c WHERE c.registration_id = ? AND {rules.CHECKED_IN} "
        "AND c.id != ? AND c.recorded_at >= ?", [registration_id, checkin.id, checkin.recorded_at])


def day_at(store: Store, registration_id: int, local_day: str, session_id: int | None
           ) -> list[Passage]:
    """Someone's counting rows on one day at one place (the door, or a session), in order."""
    return [Passage(*row) for row in store.query(
        _PASSAGE + f"WHERE c.registration_id = ? AND c.local_day = ? AND {rules.COUNTS} "
        "AND c.session_id IS ? ORDER BY c.at, c.recorded_at",
        [registration_id, local_day, session_id])]


def newest_admission(store: Store, event_id: int, station: str | None) -> str | None:
    """The id of the newest counting row (at this station, if given)."""
    return store.value(
        f"SELECT id FROM checkins c WHERE c.event_id = ? AND {rules.COUNTS} "
        "AND (? IS NULL OR c.station = ?) ORDER BY c.recorded_at DESC LIMIT 1",
        [event_id, station, station])


def recent(store: Store, event_id: int, limit: int) -> list[LogLine]:
    """The newest rows of the event's log, refusals and undone rows included, newest first."""
    return [LogLine(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]), row[6], row[7],
                    row[8], bool(row[9]), row[10], row[11]) for row in store.query(
        "SELECT c.id, c.at, p.name, c.reason, c.success, c.forced, c.direction, c.station, "
        "c.session_id, c.annulled_at IS NOT NULL, s.title, c.force_reason FROM checkins c "
        "LEFT JOIN registrations r ON r.id = c.registration_id "
        "LEFT JOIN people p ON p.id = r.person_id "
        "LEFT JOIN sessions s ON s.id = c.session_id "
        "WHERE c.event_id = ? ORDER BY c.recorded_at DESC LIMIT ?", [event_id, limit])]


def checked_in_count(store: Store, event_id: int, local_day: str, session_id: int | None) -> int:
    """People checked in on this day at the door (no session) or at this session."""
    return store.value(
        "SELECT count(DISTINCT c.registration_id) FROM checkins c WHERE c.event_id = ? "
        f"AND c.local_day = ? AND {rules.CHECKED_IN} AND c.session_id IS ?",
        [event_id, local_day, session_id])


def expected_count(store: Store, event_id: int, booked_session_id: int | None) -> int:
    """People expected at the door, or at a session that needs booking."""
    expected, params = rules.expected(booked_session_id)
    return store.value(f"SELECT count(*) FROM registrations r WHERE r.event_id = ? AND {expected}",
                       [event_id, *params])


def passages(store: Store, event_id: int, local_day: str | None = None) -> dict[int, list[Passage]]:
    """Every counting row of the event (or of one day) per registration, in order."""
    found: dict[int, list[Passage]] = defaultdict(list)
    for row in store.query(
            _PASSAGE + f"WHERE c.event_id = ? AND {rules.COUNTS} AND c.registration_id IS NOT NULL "
            "AND (? IS NULL OR c.local_day = ?) ORDER BY c.at, c.recorded_at",
            [event_id, local_day, local_day]):
        found[row[0]].append(Passage(*row))
    return found


def on_site_today(store: Store, event_id: int, local_day: str) -> dict[int, Passage]:
    """On site: whose latest entry today (at the door or a session) has no later exit at the
    door (leaving a room is not leaving the building). Each with their first entry since."""
    inside: dict[int, Passage] = {}
    for reg_id, day in passages(store, event_id, local_day).items():
        for passage in day:
            if passage.direction == "entry":
                inside.setdefault(reg_id, passage)
            elif passage.session_id is None:
                inside.pop(reg_id, None)
    return inside
