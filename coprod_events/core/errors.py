"""Errors a person can act on: the message says what went wrong and what to do.

SQLite's own errors become one of the subclasses here in one place (`from_sqlite`), so the
desk, the kiosk and the command line all say the same plain words.
"""

from __future__ import annotations

import re
import sqlite3

QUOTE_LIMIT = 80  # an error message quotes at most this much of what was typed
_UNDECODED = re.compile(r"\\udc([89a-f][0-9a-f])")  # a byte that was not UTF-8, as repr shows it


class CoprodError(Exception):
    """Bad input or a state that refuses the request. The message is shown as-is; `field`
    names the input it is about (e.g. "email"), so a form can show it there."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(CoprodError):
    """An event, session, registration or check-in that does not exist."""


class StoreError(CoprodError):
    """The database file could not do what was asked. Nothing was changed."""


class Busy(StoreError):
    """Another desk (process) held the write lock for longer than we wait."""


class ReadOnly(StoreError):
    """The file or its folder cannot be written."""


class DiskFull(StoreError):
    """No room left on the disk for the database to grow."""


class NotOurDatabase(StoreError):
    """Not a coprod-events database: another program's file, or not SQLite at all."""


# SQLite's primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def from_sqlite(error: sqlite3.Error, where: object = "the database") -> CoprodError | None:
    """The plain-words error for a SQLite failure, or None for a programming error (a bug in
    our SQL, which should surface as one)."""
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(error)
    if code in (_BUSY, _LOCKED) or "locked" in text:
        return Busy("The database is busy: another desk is writing. Nothing was changed; try again.")
    if code == _READONLY or "readonly" in text:
        return ReadOnly(f"Cannot write to {where}: it is read-only. Nothing was changed; "
                        "check the permissions of the file and its folder.")
    if code == _FULL or "disk is full" in text:
        return DiskFull(f"Cannot write to {where}: the disk is full. Nothing was changed; "
                        "free some disk space and try again.")
    if code in (_NOTADB, _CORRUPT):
        return NotOurDatabase(f"{where} is not a coprod-events database ({text}). "
                              "It has not been changed.")
    if code in (_CANTOPEN, _IOERR):
        return StoreError(f"Cannot use {where} ({text}). Nothing was changed.")
    return None


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """What someone typed, quoted for a message: at most `limit` characters of it, with
    anything unprintable escaped, and bytes that were not UTF-8 shown as bytes (\\xe9)."""
    text = str(text)
    shown = repr(text if len(text) <= limit else text[: limit - 1] + "…")
    return _UNDECODED.sub(r"\\x\1", shown)


def explain(error: BaseException) -> str:
    """Any error in words for the person at the desk or the terminal; nothing was saved."""
    if isinstance(error, CoprodError):
        return str(error)
    if isinstance(error, sqlite3.Error) and (known := from_sqlite(error)) is not None:
        return str(known)
    return f"Something went wrong ({type(error).__name__}). Nothing was changed."
