"""Settings shared by every desk on the file: key -> text."""

from __future__ import annotations

from ..store import Store


def get(store: Store, key: str) -> str | None:
    return store.value("SELECT value FROM settings WHERE key = ?", [key])


def put(store: Store, key: str, value: str) -> None:
    store.run("INSERT INTO settings (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def delete(store: Store, *keys: str) -> None:
    store.run_many("DELETE FROM settings WHERE key = ?", [(key,) for key in keys])
