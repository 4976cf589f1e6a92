"""People, and the trigram index over their names and emails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import Store
from . import insert, update

PERSON_FIELDS = ("name", "preferred_name", "pronouns", "email", "phone", "organisation")
_COLUMNS = "id, " + ", ".join(PERSON_FIELDS)
_P_COLUMNS = ", ".join(f"p.{column}" for column in ("id", *PERSON_FIELDS))


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    preferred_name: str | None
    pronouns: str | None
    email: str | None
    phone: str | None
    organisation: str | None

    @property
    def first_name(self) -> str:
        """What we call them: the preferred name, else the first word of the name."""
        return self.preferred_name or self.name.split()[0]


def get(store: Store, person_id: int) -> Person | None:
    row = store.one(f"SELECT {_COLUMNS} FROM people WHERE id = ?", [person_id])
    return Person(**row) if row else None


def by_email(store: Store, email: str) -> Person | None:
    row = store.one(f"SELECT {_COLUMNS} FROM people WHERE email = ?", [email])
    return Person(**row) if row else None


def insert_person(store: Store, values: dict[str, Any]) -> int:
    return insert(store, "people", values)


def update_person(store: Store, person_id: int, values: dict[str, Any]) -> None:
    update(store, "people", person_id, values)


def fts_match(words: list[str]) -> str:
    """An FTS5 query needing every word, each quoted (the words hold no quotes)."""
    return " ".join(f'"{word}"' for word in words)


def search(store: Store, words: list[str], *, limit: int) -> list[Person]:
    """People whose name, preferred name or email contains every word (3+ characters each,
    through the trigram index), best match first."""
    rows = store.query(
        f"SELECT {_P_COLUMNS} FROM people_fts "
        "JOIN people p ON p.id = people_fts.rowid WHERE people_fts MATCH ? "
        "ORDER BY people_fts.rank LIMIT ?", [fts_match(words), limit])
    return [Person(**row) for row in rows]
