"""Badge codes: what a name badge's QR carries, so a photo of a worn badge is not a ticket.

A badge code is "BD" and 20 random Crockford base32 characters (100 bits): 22 in all, so the
desk tells it from a ticket code (26, or 28 with "CE") by its shape. It lets its person back in
(at the door after going out, or into a session) only once they were admitted at the door that
day with their ticket; never a first admission, and never at a kiosk (check-in's rule). Badges
printed before badge codes carry the ticket code, and work as tickets still.
"""

from __future__ import annotations

from . import dates
from .data import badge_codes as data
from .data.badge_codes import BadgeCode
from .store import Store
from .tickets import _CONFUSABLE, _SEPARATORS, ALPHABET, MAX_INPUT

__all__ = ["BadgeCode", "PREFIX", "find", "grouped", "issue_for", "normalise", "revoke"]

PREFIX = "BD"
RANDOM_LENGTH = 20
LENGTH = len(PREFIX) + RANDOM_LENGTH


def new_code() -> str:
    import secrets  # as for tickets: the desk never makes one

    bits = secrets.randbits(RANDOM_LENGTH * 5)
    return PREFIX + "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(RANDOM_LENGTH))


def normalise(raw: str) -> str | None:
    """The badge code meant (separators dropped, upper case, Crockford's look-alikes read),
    or None when the input is not shaped like one."""
    if not isinstance(raw, str) or len(raw) > MAX_INPUT:
        return None
    text = _SEPARATORS.sub("", raw.strip()).upper()
    if len(text) != LENGTH or not text.startswith(PREFIX):
        return None
    rest = text[len(PREFIX):].translate(_CONFUSABLE)
    return PREFIX + rest if all(char in ALPHABET for char in rest) else None


def grouped(code: str) -> str:
    """For reading aloud: BD-7K3MA-Q9Z2B-... (the dashes are ignored on input)."""
    rest = code[len(PREFIX):]
    return "-".join([PREFIX] + [rest[i:i + 5] for i in range(0, len(rest), 5)])


def find(store: Store, raw: str) -> BadgeCode | None:
    """The badge code a scan or a typed code names, if it is one."""
    code = normalise(raw)
    return data.by_code(store, code) if code else None


def issue_for(store: Store, registration_ids: list[int]) -> dict[int, str]:
    """Registration -> its badge code, issuing one to each that has none yet (in one write)."""
    found = data.of(store, registration_ids)
    missing = [reg_id for reg_id in registration_ids if reg_id not in found]
    if not missing:
        return found
    with store.write():
        found = data.of(store, registration_ids)  # another desk may have issued some meanwhile
        now = dates.to_db(dates.utcnow())
        new = [BadgeCode(new_code(), reg_id, now, None) for reg_id in registration_ids
               if reg_id not in found]
        data.insert(store, new)
    return found | {badge.registration_id: badge.code for badge in new}


def revoke(store: Store, registration_id: int) -> None:
    """The badge stops letting anyone in (inside the caller's write: an erasure)."""
    data.revoke(store, registration_id, dates.to_db(dates.utcnow()))
