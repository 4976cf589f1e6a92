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
from .errors import CoprodError, NotFound, quote
from .store import Store
from .text import as_id

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 26
PREFIX = "CE"  # optional on input, e.g. "CE-7K3M..." from a printed ticket
MAX_INPUT = 128
_SEPARATORS = re.compile(r"[\s\-_.]")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# A code from another tool's ticket (a pretix secret is 32 letters and digits): compared as a
# scanner types it, whatever the case, without separators; no look-alikes are read as others.
_EXTERNAL_CODE = re.compile(r"[0-9A-Z]{6,64}")


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


def external_key(raw: str) -> str | None:
    """How an imported ticket code (and a scan of it) is kept and looked up; None when the
    input cannot be one."""
    if not isinstance(raw, str) or len(raw) > MAX_INPUT:
        return None
    text = _SEPARATORS.sub("", raw.strip()).upper()
    return text if _EXTERNAL_CODE.fullmatch(text) else None


def find_scanned(store: Store, raw: str) -> Ticket | None:
    """The ticket a scan or a typed code names: one of ours, else a code imported from another
    tool's ticket (its `code` is then that code, as kept)."""
    code = normalise(raw)
    ticket = data.by_code(store, code) if code else None
    if ticket is None and (key := external_key(raw)):
        ticket = data.by_external(store, key)
    return ticket


def add_external(store: Store, codes: list[tuple[int, str]], source: str) -> None:
    """Keep codes from another tool's tickets, (registration id, code as people hold it), as
    more codes for those registrations. Inside a write; the caller has checked the codes are
    no one else's."""
    keys = [(registration_id, external_key(raw)) for registration_id, raw in codes]
    wrong = next((raw for (_, raw), (_, key) in zip(codes, keys, strict=True) if key is None), None)
    if wrong is not None:
        raise CoprodError(f"{quote(wrong, 40)} is not a ticket code: 6 to 64 letters and digits.")
    data.add_external(store, [(key, registration_id) for registration_id, key in keys if key],
                      source, dates.to_db(dates.utcnow()))


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
        if reissue:  # codes imported from other tools' tickets stop working too
            data.revoke_external(store, registration_id, now)
        ticket = Ticket(new_code(), registration_id, now, None)
        data.insert_ticket(store, ticket)
    return ticket


def new_ticket(registration_id: int, issued_at: str | None = None) -> Ticket:
    """The first ticket of a registration being made (which has none to look for or revoke),
    to be written with `insert_tickets` in the same write."""
    return Ticket(new_code(), registration_id, issued_at or dates.to_db(dates.utcnow()), None)


def insert_tickets(store: Store, new: list[Ticket]) -> None:
    data.insert_tickets(store, new)


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
