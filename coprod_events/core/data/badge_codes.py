"""Badge codes: one per registration, the code a badge's QR carries instead of the ticket's."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store

_COLUMNS = "code, registration_id, issued_at, revoked_at"


@dataclass(frozen=True)
class BadgeCode:
    code: str
    registration_id: int
    issued_at: str
    revoked_at: str | None


def by_code(store: Store, code: str) -> BadgeCode | None:
    row = store.one(f"SELECT {_COLUMNS} FROM badge_codes WHERE code = ?", [code])
    return BadgeCode(*row) if row else None


def of(store: Store, registration_ids: list[int]) -> dict[int, str]:
    """Registration -> its badge code, for those of `registration_ids` that have one."""
    found: dict[int, str] = {}
    for start in range(0, len(registration_ids), 500):
        chunk = registration_ids[start:start + 500]
        found |= {row[0]: row[1] for row in store.query(
            "SELECT registration_id, code FROM badge_codes "
            f"WHERE registration_id IN ({', '.join('?' * len(chunk))})", chunk)}
    return found


def insert(store: Store, codes: list[BadgeCode]) -> None:
    store.run_many(f"INSERT INTO badge_codes ({_COLUMNS}) VALUES (?, ?, ?, ?)",
                   [(c.code, c.registration_id, c.issued_at, c.revoked_at) for c in codes])


def revoke(store: Store, registration_id: int, at: str) -> None:
    store.run("UPDATE badge_codes SET revoked_at = ? WHERE registration_id = ? AND revoked_at IS NULL",
              [at, registration_id])
