"""Ticket codes: opaque, unguessable, and safe to type on any scanner layout.

A code is 130 random bits as 26 upper-case Crockford base32 characters: digits and A-Z only,
so a keyboard-wedge scanner on a UK or US layout types it right, and a QR code holds it in
alphanumeric mode. Nothing in it says who it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import dates
from .data import registrations as registrations_data
from .data import tickets as data
from .data.tickets import Ticket
from .errors import NotFound, quote
from .store import Store
from .text import as_id

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 26
PREFIX = "CE"  # optional on input, e.g. "CE-7K3M..." from a printed ticket
MAX_INPUT = 128
_SEPARATORS = re.compile(r"[\s\-_.]")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    import secrets  # here, not at the top: the desk never makes a code, and starts sooner without it

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


def live_ticket(store: Store, registration_id: int) -> Ticket | None:
    return data.live(store, registration_id)


def issue(store: Store, registration_id: int, *, reissue: bool = False) -> Ticket:
    """The registration's live ticket; a new one if it has none. `reissue` revokes the old code."""
    if as_id(registration_id) is None:
        raise NotFound(f"No registration {quote(registration_id, 20)}.")
    current = None if reissue else data.live(store, registration_id)
    if current:  # the usual case needs no write lock
        return current
    with store.write():
        if not registrations_data.exists(store, registration_id):
            raise NotFound(f"No registration {registration_id}.")
        current = data.live(store, registration_id)
        if current and not reissue:
            return current
        now = dates.to_db(dates.utcnow())
        if current:
            data.revoke(store, current.code, now)
        ticket = Ticket(new_code(), registration_id, now, None)
        data.insert_ticket(store, ticket)
    return ticket


def find(store: Store, code: str) -> Ticket | None:
    return data.by_code(store, code)


def holders(store: Store, event_id: int, *, booked_session_id: int | None = None) -> list[data.Holder]:
    """Everyone expected at the event (or at a session that needs booking), by name, each with
    a live code: anyone without one is issued one now, so every printed code works."""
    found = data.holders(store, event_id, booked_session_id)
    if all(holder.code for holder in found):
        return found
    with store.write():
        return [holder if holder.code else replace(holder, code=issue(store, holder.registration_id).code)
                for holder in found]
