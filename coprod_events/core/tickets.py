"""Ticket codes: opaque, unguessable, and safe to type on any scanner layout.

A code is 130 random bits as 26 upper-case Crockford base32 characters: digits and A-Z only,
so a keyboard-wedge scanner on a UK or US layout types it right, and a QR code holds it in
alphanumeric mode. Nothing in it says who it belongs to.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from . import dates
from .errors import NotFound
from .store import Store

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 26
PREFIX = "CE"  # optional on input, e.g. "CE-7K3M..." from a printed ticket
MAX_INPUT = 128
_SEPARATORS = re.compile(r"[\s\-_.]")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    bits = secrets.randbits(CODE_LENGTH * 5)
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def grouped(code: str) -> str:
    """For reading aloud or typing: 7K3MA-Q9Z2B-... (the dashes are ignored on input)."""
    return "-".join(code[i:i + 5] for i in range(0, 20, 5)) + "-" + code[20:]


def sanitise(raw: str) -> str:
    """What the log keeps of any input: printable characters only, at most 128 of them."""
    cleaned = []
    for char in raw[: MAX_INPUT * 4]:
        if char.isprintable():
            cleaned.append(char)
        elif char in "\t\r\n":
            cleaned.append(" ")
        else:
            cleaned.append("?")
        if len(cleaned) >= MAX_INPUT:
            break
    return "".join(cleaned)


def normalise(raw: str) -> str | None:
    """The code a person or scanner meant, or None when the input cannot be a code.

    Trims, upper-cases, drops separators and the optional prefix, and reads Crockford's
    look-alikes (O as 0, I and L as 1). Anything longer than a printed code is refused
    before any work is done on it.
    """
    if not isinstance(raw, str) or len(raw) > MAX_INPUT:
        return None
    text = _SEPARATORS.sub("", raw.strip()).upper()
    if len(text) == CODE_LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX):]
    text = text.translate(_CONFUSABLE)
    if len(text) != CODE_LENGTH or any(char not in ALPHABET for char in text):
        return None
    return text


@dataclass(frozen=True)
class Ticket:
    code: str
    registration_id: int
    issued_at: str
    revoked_at: str | None


def live_ticket(store: Store, registration_id: int) -> Ticket | None:
    rows = store.rows("SELECT * FROM tickets WHERE registration_id = ? AND revoked_at IS NULL",
                      [registration_id])
    return Ticket(**rows[0]) if rows else None


def issue(store: Store, registration_id: int, *, reissue: bool = False) -> Ticket:
    """The registration's live ticket; a new one if it has none. `reissue` revokes the old code."""
    current = None if reissue else live_ticket(store, registration_id)
    if current:  # the usual case needs no write lock
        return current
    with store.write() as db:
        if not db["registrations"].count_where("id = ?", [registration_id]):
            raise NotFound(f"No registration {registration_id}.")
        current = live_ticket(store, registration_id)
        if current and not reissue:
            return current
        now = dates.to_db(dates.utcnow())
        if current:
            db.execute("UPDATE tickets SET revoked_at = ? WHERE code = ?", [now, current.code])
        code = new_code()
        db["tickets"].insert({"code": code, "registration_id": registration_id, "issued_at": now})
    return Ticket(code, registration_id, now, None)


def find(store: Store, code: str) -> Ticket | None:
    row = store.conn.execute(
        "SELECT code, registration_id, issued_at, revoked_at FROM tickets WHERE code = ?", [code]
    ).fetchone()
    return Ticket(*row) if row else None

