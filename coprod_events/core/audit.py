"""The audit log (issue 12): who revealed, exported, printed, changed, purged, erased or restored
personal data, and when. Entries say what happened, never the data itself, and cannot be changed
or removed (triggers in db/0012_audit_log.sql).

Every privacy action calls `record` inside the write that does the action, so the entry and the
action land together or not at all.
"""

from __future__ import annotations

import getpass
from datetime import datetime

from . import dates
from .data import audit as data
from .data.audit import Entry
from .store import Store

__all__ = ["ACTIONS", "Entry", "entries", "record", "whoami"]

ACTIONS = {  # action: how `audit` describes it
    "revealed_notes": "revealed access notes at the desk",
    "exported_health_data": "exported health data",
    "printed_health_data": "printed health data",
    "consent_given": "consent given",
    "consent_withdrawn": "consent withdrawn",
    "purged": "purged health data past its retention",
    "anonymised": "anonymised after the retention period",
    "erased": "erased at the person's request",
    "subject_access": "exported everything held about the person",
    "health_data_listed": "listed registrations with health data",
    "backup_restored": "restored a backup",
    "kiosk_pin_changed": "changed the kiosk PIN",
    "kiosk_unlocked": "lifted the kiosk PIN back-off",
}


def whoami() -> str | None:
    """The operating-system user, or None where there is none (a service with no login)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


def record(store: Store, action: str, *, person_id: int | None = None, event_id: int | None = None,
           detail: str | None = None, operator: str | None = None, station: str | None = None,
           now: datetime | None = None) -> int:
    """One entry; call it inside the store.write() of the action it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")  # a programming error, not input
    return data.add(store, {
        "at": dates.to_db(now or dates.utcnow()), "action": action,
        "operator": (operator or whoami() or "")[:64] or None, "station": (station or "")[:64] or None,
        "person_id": person_id, "event_id": event_id, "detail": detail})


def entries(store: Store, *, person_id: int | None = None, since: datetime | None = None) -> list[Entry]:
    """The log, oldest first: about one person, and from a time on, when asked."""
    return data.entries(store, person_id=person_id, since=dates.to_db(since) if since else None)
