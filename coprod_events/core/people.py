"""People: one row per human, who may come to many events over the years."""

from __future__ import annotations

from dataclasses import dataclass

from . import dates
from .errors import CoprodError, NotFound
from .store import Store
from .text import MAX_FIELD, clean

MIN_SEARCH = 3
PERSON_FIELDS = ("name", "preferred_name", "pronouns", "email", "phone", "organisation")


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


def _clean_email(email: str | None) -> str | None:
    email = clean(email, "email", key="email")
    if email is None:
        return None
    if "@" not in email or " " in email:
        raise CoprodError(f"{email!r} does not look like an email address.", field="email")
    return email.lower()


def _person_values(name: str, fields: dict) -> dict:
    values = {"name": clean(name, "name", key="name")}
    if not values["name"]:
        raise CoprodError("A name is needed.", field="name")
    for field in PERSON_FIELDS[1:]:
        value = fields.get(field)
        values[field] = _clean_email(value) if field == "email" else clean(value, field, key=field)
    return values


def get_person(store: Store, person_id: int) -> Person:
    rows = store.rows(f"SELECT id, {', '.join(PERSON_FIELDS)} FROM people WHERE id = ?", [person_id])
    if not rows:
        raise NotFound(f"No person {person_id}.")
    return Person(**rows[0])


def find_or_create(store: Store, name: str, **fields: str | None) -> tuple[int, bool]:
    """The person with this email if there is one (filling in blanks), else a new person.

    Returns (person id, created). Must run inside a write transaction.
    """
    values = _person_values(name, fields)
    if values["email"]:
        existing = list(store.db["people"].rows_where("email = ?", [values["email"]]))
        if existing:
            row = existing[0]
            blanks = {k: v for k, v in values.items() if v and not row[k]}
            if blanks:
                store.db["people"].update(row["id"], blanks)
            return row["id"], False
    values["created_at"] = dates.to_db(dates.utcnow())
    return store.db["people"].insert(values).last_pk, True


def update_person(store: Store, person_id: int, name: str, **fields: str | None) -> None:
    """Overwrite a person's details with what the form shows. Must run inside a write."""
    values = _person_values(name, fields)
    if values["email"]:
        owner = store.conn.execute(
            "SELECT id, name FROM people WHERE email = ? AND id != ?", [values["email"], person_id]).fetchone()
        if owner:
            raise CoprodError(f"{values['email']} is {owner[1]}'s email (person {owner[0]}).",
                              field="email")
    store.db["people"].update(person_id, values)


def search_words(text: str, field: str = "search") -> list[str]:
    """The words of a search as typed, cleaned (quotes count as spaces)."""
    return (clean(str(text)[:MAX_FIELD], field) or "").replace('"', " ").split()


def fts_query(store: Store, text: str) -> str:
    """A safe FTS5 trigram query: every word of 3+ characters, quoted, all required."""
    long_words = [word for word in search_words(text) if len(word) >= MIN_SEARCH]
    if not long_words:
        raise CoprodError(f"Type at least {MIN_SEARCH} characters to search.")
    return store.db.quote_fts(" ".join(long_words))


def search_people(store: Store, text: str, *, limit: int = 20) -> list[Person]:
    """People whose name, preferred name or email contains every word typed, best first."""
    rows = store.db["people"].search(
        fts_query(store, text), columns=("id",) + PERSON_FIELDS, limit=limit)
    return [Person(**row) for row in rows]
