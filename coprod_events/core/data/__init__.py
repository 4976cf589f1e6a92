"""The data layer: the only place SQL lives.

One module per part of the schema, one access style (`Store.query / one / value / run`, plain
parameterised SQL), typed rows (frozen dataclasses) out, and the shared rules named once in
`rules`. The domain modules above (events, registrations, checkin, ...) decide; these modules
read and write. Writes run inside the caller's `store.write()`.
"""

from __future__ import annotations

from typing import Any

from ..store import Store


def insert(store: Store, table: str, values: dict[str, Any]) -> int:
    """INSERT one row of `values` (column -> value); its new id. `table` is ours, never input."""
    marks = ", ".join("?" * len(values))
    return store.run(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", list(values.values()))


def update(store: Store, table: str, row_id: int, values: dict[str, Any]) -> None:
    """UPDATE the row with this id to `values` (column -> value)."""
    settings = ", ".join(f"{column} = ?" for column in values)
    store.run(f"UPDATE {table} SET {settings} WHERE id = ?", [*values.values(), row_id])
