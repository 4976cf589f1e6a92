"""Errors a person can act on: the message says what went wrong and what to do."""

import sqlite3


class CoprodError(Exception):
    """Bad input or a state that refuses the request. The message is shown as-is; `field`
    names the input it is about (e.g. "email"), so a form can show it there."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(CoprodError):
    """An event, session, registration or check-in that does not exist."""


def explain(error: Exception) -> str:
    """Any error in words for the person at the desk or the terminal; nothing was saved."""
    if isinstance(error, CoprodError):
        return str(error)
    text = str(error)
    if isinstance(error, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return "The database is busy (another desk is writing). Nothing was changed; try again."
        if "readonly" in text:
            return ("The database file cannot be written (read-only). Nothing was changed; "
                    "check its permissions.")
        if "disk" in text or "full" in text:
            return f"The database could not be written ({text}). Nothing was changed; free some disk space."
        return f"Database error: {text}. Nothing was changed."
    return f"Something went wrong ({type(error).__name__}: {error}). Nothing was changed."
