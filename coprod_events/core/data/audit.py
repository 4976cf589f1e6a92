"""The audit log's SQL: one insert, one filtered read."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from . import insert


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    action: str
    operator: str | None
    station: str | None
    person_id: int | None
    event_id: int | None
    detail: str | None


def add(store: Store, values: dict) -> int:
    return insert(store, "audit_log", values)


def entries(store: Store, *, person_id: int | None = None, since: str | None = None) -> list[Entry]:
    """Oldest first; about one person, and from a time on, when asked."""
    where: list[str] = []
    args: list[object] = []
    if person_id is not None:
        where.append("person_id = ?")
        args.append(person_id)
    if since is not None:
        where.append("at >= ?")
        args.append(since)
    sql = "SELECT * FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY at, id"
    return [Entry(**dict(row)) for row in store.query(sql, args)]
