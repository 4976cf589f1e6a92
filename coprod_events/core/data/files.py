"""Reads on a database file that is not (or not yet) an open Store: a backup being checked
before a restore, or the live file under `check`. Each takes a plain sqlite3 connection."""

from __future__ import annotations

import sqlite3

from ..store import MIGRATION_SET, applied_migrations

COUNTED = ("events", "people", "registrations", "checkins")  # what a restore shows it holds


def integrity(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own check of every page and index: ["ok"] when the file is sound."""
    return [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]


def foreign_key_problems(conn: sqlite3.Connection) -> int:
    """Rows pointing at a row that is not there."""
    return len(conn.execute("PRAGMA foreign_key_check").fetchall())


def is_ours(conn: sqlite3.Connection) -> bool:
    """Whether the file was made by coprod-events (its migrations table names our set)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return False
    return conn.execute("SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1",
                        [MIGRATION_SET]).fetchone() is not None


def applied(conn: sqlite3.Connection) -> list[str]:
    return applied_migrations(conn)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows the tables a person recognises hold (`COUNTED` are ours, never input)."""
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None
