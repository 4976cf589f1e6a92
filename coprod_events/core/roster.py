"""An event's registrations as screens list them: one query, filtered, fast at 20,000 rows."""

from __future__ import annotations

from . import audit, people
from .data import roster as data
from .data.roster import Health, Roster, RosterRow
from .events import get_event
from .store import Store

SHOWN = 500  # a screen shows this many; typing narrows the rest


def roster(
    store: Store,
    event_ref: str | int,
    *,
    text: str = "",
    status: str | None = None,
    role: str | None = None,
    access: str | None = None,
    session_id: int | None = None,
    limit: int = SHOWN,
) -> Roster:
    """Registrations matching every filter given, by name. Every word of `text` must be in the
    name, preferred name or email, in any case: words of three or more characters are found
    through the trigram index, shorter ones ("Jo B") by a scan."""
    event = get_event(store, event_ref)
    words = people.search_words(text, "filter")
    return data.page(
        store, event.id, indexed_words=[w for w in words if len(w) >= people.MIN_SEARCH],
        short_words=[w for w in words if len(w) < people.MIN_SEARCH], status=status, role=role,
        access=access, session_id=session_id, limit=limit)


def health_data(store: Store, event_ref: str | int, found: Roster, *,
                operator: str | None = None) -> dict[int, Health]:
    """The health data of the rows found (by registration id), read and audited in one write:
    a listing with health data in it never goes unrecorded."""
    event = get_event(store, event_ref)
    with store.write():
        health = data.health(store, [row.registration_id for row in found.rows])
        audit.record(store, "health_data_listed", event_id=event.id, operator=operator,
                     detail=f"{len(found.rows)} registrations listed with health data")
    return health


__all__ = ["SHOWN", "Health", "Roster", "RosterRow", "health_data", "roster"]
