"""The staff PIN that unlocks a self check-in kiosk, and the slow-down after wrong guesses.

The PIN is kept as a salted scrypt hash in the settings table ("scrypt$n$r$p$salt$hash"), never
as itself. Wrong guesses are counted in the same table, so every kiosk on the database shares
one count and restarting a kiosk does not give a guesser fresh tries: after three wrong PINs
each further try waits 5 s, then 10 s, 20 s ... (at most a minute, so staff are never locked out
for long) until the right PIN is given. Staff at a desk, or `kiosk-pin --unlock`, lift the wait
at once. Lifting it and changing the PIN are both written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
from dataclasses import dataclass

from . import audit
from .data import settings
from .errors import CoprodError
from .store import Store
from .text import plural

PIN_KEY = "kiosk_pin"
FAILURES_KEY = "kiosk_pin_failures"
WAIT_UNTIL_KEY = "kiosk_pin_wait_until"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
FREE_TRIES = 3
FIRST_WAIT, MAX_WAIT = 5, 60
_PIN = re.compile(r"[0-9]{4,12}")

clock = time.time  # wall-clock seconds: the wait outlives a restart (tests replace this)


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try at the PIN: unlocked, or refused with how long to wait."""
    ok: bool
    wait: int = 0  # seconds before the next try is heard (0: try again now)
    failures: int = 0


def check_format(pin: str) -> str:
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise CoprodError("A kiosk PIN is 4 to 12 digits (0-9), nothing else.")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def matches(stored: str, pin: str) -> bool:
    """Does pin hash to the stored value (with the stored salt and cost)?"""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected) // 2, maxmem=256 * 2**20)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def set_pin(store: Store, pin: str, *, operator: str | None = None, station: str | None = None) -> None:
    """Store a new PIN (4-12 digits); the wrong-guess count starts again. Audited."""
    value = hash_pin(check_format(pin))
    with store.write():
        first = settings.get(store, PIN_KEY) is None
        settings.put(store, PIN_KEY, value)
        settings.delete(store, FAILURES_KEY, WAIT_UNTIL_KEY)
        audit.record(store, "kiosk_pin_changed", detail="first set" if first else "replaced",
                     operator=operator, station=station)


@dataclass(frozen=True)
class Lifted:
    """What `unlock` lifted: the wrong tries counted, and the seconds of wait that were left."""
    failures: int
    wait: int

    def describe(self) -> str:
        if not self.failures and not self.wait:
            return "There was no kiosk PIN wait to lift: staff can type the PIN now."
        left = f", with {plural(self.wait, 'second')} still to wait" if self.wait else ""
        return (f"Kiosk PIN wait lifted after {plural(self.failures, 'wrong try', 'wrong tries')}"
                f"{left}: staff can type the PIN now. Recorded in the audit log.")


def unlock(store: Store, *, operator: str | None = None, station: str | None = None) -> Lifted:
    """Lift the slow-down after wrong PINs (staff at a desk, or `kiosk-pin --unlock`): the
    count starts again. Audited when there was anything to lift."""
    with store.write():
        lifted = Lifted(int(settings.get(store, FAILURES_KEY) or 0), wait_seconds(store))
        if lifted.failures or lifted.wait:
            settings.delete(store, FAILURES_KEY, WAIT_UNTIL_KEY)
            audit.record(store, "kiosk_unlocked",
                         detail=f"after {plural(lifted.failures, 'wrong try', 'wrong tries')}",
                         operator=operator, station=station)
    return lifted


def has_pin(store: Store) -> bool:
    return settings.get(store, PIN_KEY) is not None


def verify_pin(store: Store, pin: str) -> bool:
    """Is this the kiosk PIN? (No counting: see try_pin for a kiosk's unlock.)"""
    stored = settings.get(store, PIN_KEY)
    return stored is not None and isinstance(pin, str) and matches(stored, pin)


def wait_seconds(store: Store) -> int:
    """How long before the next try is heard (0: now); never more than MAX_WAIT, whatever an
    older version or a kiosk with its clock far ahead wrote."""
    until = settings.get(store, WAIT_UNTIL_KEY)
    return max(0, min(MAX_WAIT, math.ceil(float(until) - clock()))) if until else 0


def try_pin(store: Store, pin: str) -> Attempt:
    """A staff member's try at the kiosk: counted, and slowed down after FREE_TRIES wrong ones.

    A try during the wait is not heard at all (not checked, not counted).
    """
    failures = int(settings.get(store, FAILURES_KEY) or 0)
    if wait := wait_seconds(store):
        return Attempt(False, wait, failures)
    if verify_pin(store, pin):
        with store.write():
            settings.delete(store, FAILURES_KEY, WAIT_UNTIL_KEY)
        return Attempt(True)
    with store.write():
        failures = int(settings.get(store, FAILURES_KEY) or 0) + 1  # another kiosk may have counted too
        settings.put(store, FAILURES_KEY, str(failures))
        wait = delay_after(failures)
        if wait:
            settings.put(store, WAIT_UNTIL_KEY, repr(clock() + wait))
    return Attempt(False, wait, failures)


def delay_after(failures: int) -> int:
    """Seconds to wait after this many wrong tries in a row: 0, 0, 5, 10, 20, 40, 60, 60 ..."""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_TRIES))
