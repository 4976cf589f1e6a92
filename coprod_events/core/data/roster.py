"""An event's registrations as screens list them: one query, filtered, fast at 20,000 rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..store import Store
from . import people, rules


@dataclass(frozen=True)
class RosterRow:
    registration_id: int
    name: str
    preferred_name: str | None
    email: str | None
    organisation: str | None
    status: str
    roles: tuple[str, ...]
    access: tuple[str, ...]
    sessions: tuple[int, ...]
    pa_for_registration_id: int | None
    checked_in: bool


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...]
    total: int  # matching rows, of which at most `limit` are in rows


_SELECT = f"""
SELECT r.id, p.name, p.preferred_name, p.email, p.organisation, r.status,
  (SELECT group_concat(role) FROM registration_roles WHERE registration_id = r.id),
  (SELECT group_concat(code) FROM registration_access WHERE registration_id = r.id),
  (SELECT group_concat(session_id) FROM bookings WHERE registration_id = r.id AND status = 'confirmed'),
  r.pa_for_registration_id,
  EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND {rules.CHECKED_IN})
"""


def page(
    store: Store,
    event_id: int,
    *,
    indexed_words: list[str],
    short_words: list[str],
    status: str | None,
    role: str | None,
    access: str | None,
    session_id: int | None,
    limit: int,
) -> Roster:
    """Registrations matching every filter given, by name: `indexed_words` (3+ characters)
    through the trigram index, `short_words` ("Jo B") by a scan, in any case."""
    where: list[str] = ["r.event_id = ?"]
    args: list[object] = [event_id]
    if indexed_words:
        where.append("p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)")
        args.append(people.fts_match(indexed_words))
    for word in short_words:
        if word.isascii():  # LIKE folds A-Z only, and is quick; fold() is a Python call a row
            where.append("(p.name LIKE ? ESCAPE '\\' OR p.preferred_name LIKE ? ESCAPE '\\' "
                         "OR p.email LIKE ? ESCAPE '\\')")
            args += ["%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"] * 3
        else:
            where.append("(instr(fold(p.name), ?) OR instr(fold(p.preferred_name), ?) "
                         "OR instr(fold(p.email), ?))")
            args += [word.casefold()] * 3
    if status:
        where.append("r.status = ?")
        args.append(status)
    if role:
        where.append("EXISTS (SELECT 1 FROM registration_roles WHERE registration_id = r.id AND role = ?)")
        args.append(role)
    if access:
        where.append("EXISTS (SELECT 1 FROM registration_access WHERE registration_id = r.id AND code = ?)")
        args.append(access)
    if session_id is not None:
        where.append("EXISTS (SELECT 1 FROM bookings WHERE registration_id = r.id AND session_id = ?)")
        args.append(session_id)
    # The filters run once; the page is chosen by name before its details are looked up, so
    # the per-row subqueries run for the rows shown, not for every match.
    rows = store.query(f"""
        WITH matched AS (SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id
                         WHERE {' AND '.join(where)}),
             page AS (SELECT id, name FROM matched ORDER BY name COLLATE NOCASE, id LIMIT ?)
        {_SELECT}, (SELECT count(*) FROM matched)
        FROM page JOIN registrations r ON r.id = page.id JOIN people p ON p.id = r.person_id
        ORDER BY page.name COLLATE NOCASE, page.id""", [*args, max(limit, 1)])
    total = rows[0][-1] if rows else 0
    return Roster(tuple(_row(row) for row in rows[:limit]), total)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(sorted(text.split(","))) if text else ()


def _row(row: Sequence) -> RosterRow:
    return RosterRow(
        registration_id=row[0], name=row[1], preferred_name=row[2], email=row[3],
        organisation=row[4], status=row[5], roles=_split(row[6]), access=_split(row[7]),
        sessions=tuple(sorted(int(s) for s in _split(row[8]))), pa_for_registration_id=row[9],
        checked_in=bool(row[10]),
    )


@dataclass(frozen=True)
class Health:
    """A registration's health data: access needs (code, detail) and its notes."""
    access: tuple[tuple[str, str | None], ...]
    access_notes: str | None
    role_notes: str | None
    dietary: str | None


def health(store: Store, registration_ids: Sequence[int]) -> dict[int, Health]:
    """The health data of these registrations (read in chunks: SQLite limits the parameters)."""
    found: dict[int, Health] = {}
    ids = list(registration_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        needs: dict[int, list[tuple[str, str | None]]] = {}
        for reg_id, code, detail in store.query(
                f"SELECT registration_id, code, detail FROM registration_access "
                f"WHERE registration_id IN ({marks}) ORDER BY code", chunk):
            needs.setdefault(reg_id, []).append((code, detail))
        for reg_id, access_notes, role_notes, dietary in store.query(
                f"SELECT id, access_notes, role_notes, dietary FROM registrations WHERE id IN ({marks})",
                chunk):
            found[reg_id] = Health(tuple(needs.get(reg_id, ())), access_notes, role_notes, dietary)
    return found
