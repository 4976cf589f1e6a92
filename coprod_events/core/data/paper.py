"""What the printed lists read beyond tickets: the access needs staff act on, by code."""

from __future__ import annotations

from ..store import Store
from . import rules


def access_needs(store: Store, event_id: int) -> dict[int, list[tuple[str, str | None]]]:
    """Confirmed registration -> its access needs (code, detail). Notes are not read."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    for reg_id, code, detail in store.query(
            "SELECT r.id, a.code, a.detail FROM registrations r "
            "JOIN registration_access a ON a.registration_id = r.id "
            f"WHERE r.event_id = ? AND {rules.CONFIRMED} ORDER BY r.id", [event_id]):
        found.setdefault(reg_id, []).append((code, detail))
    return found
