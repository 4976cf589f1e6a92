"""People: one row per human, who may come to many events over the years."""

from __future__ import annotations

from . import dates
from .data import people as data
from .data.people import PERSON_FIELDS, Person
from .errors import CoprodError, NotFound, quote
from .store import Store
from .text import MAX_FIELD, as_id, clean, clean_email

MIN_SEARCH = 3


class DifferentPerson(CoprodError):
    """The email given belongs to someone with another name: the same person, or a typo?"""

    def __init__(self, message: str, person: Person):
        super().__init__(message, field="email")
        self.person = person


def _person_values(name: str, fields: dict) -> dict:
    values = {"name": clean(name, "name", key="name")}
    if not values["name"]:
        raise CoprodError("A name is needed.", field="name")
    for field in PERSON_FIELDS[1:]:
        value = fields.get(field)
        values[field] = clean_email(value) if field == "email" else clean(value, field, key=field)
    return values


def get_person(store: Store, person_id: int) -> Person:
    person = data.get(store, person_id)
    if person is None:
        raise NotFound(f"No person {person_id}.")
    return person


def find_or_create(store: Store, name: str, *, same_person: bool = False,
                   **fields: str | None) -> tuple[int, bool]:
    """The person with this email if there is one (filling in blanks), else a new person.

    An email that belongs to someone with a different name is refused (`DifferentPerson`)
    unless `same_person` says it is them: a typo must not take over someone's record.
    Returns (person id, created). Must run inside a write transaction.
    """
    values = _person_values(name, fields)
    if values["email"]:
        existing = data.by_email(store, values["email"])
        if existing:
            if not same_person and _differ(existing.name, values["name"]):
                raise DifferentPerson(
                    f"{values['email']} is already the email of {existing.name} (person "
                    f"{existing.id}). Check the email, or say that this is the same person.",
                    existing)
            blanks = {k: v for k, v in values.items() if v and not getattr(existing, k)}
            if blanks:
                data.update_person(store, existing.id, blanks)
            return existing.id, False
    values["created_at"] = dates.to_db(dates.utcnow())
    return data.insert_person(store, values), True


def _differ(known: str, typed: str) -> bool:
    return " ".join(known.casefold().split()) != " ".join(typed.casefold().split())


def update_person(store: Store, person_id: int, name: str, **fields: str | None) -> None:
    """Overwrite a person's details with what the form shows. Must run inside a write."""
    values = _person_values(name, fields)
    if values["email"]:
        owner = data.by_email(store, values["email"])
        if owner and owner.id != person_id:
            raise CoprodError(f"{values['email']} is {owner.name}'s email (person {owner.id}).",
                              field="email")
    data.update_person(store, person_id, values)


def search_words(text: str, field: str = "search") -> list[str]:
    """The words of a search as typed, cleaned (quotes count as spaces)."""
    return (clean(str(text)[:MAX_FIELD], field) or "").replace('"', " ").split()


def long_words(text: str) -> list[str]:
    """The words the trigram index can find (3+ characters); refused if there are none."""
    words = [word for word in search_words(text) if len(word) >= MIN_SEARCH]
    if not words:
        raise CoprodError(f"Type at least {MIN_SEARCH} characters to search.")
    return words


def search_people(store: Store, text: str, *, limit: int = 20) -> list[Person]:
    """People whose name, preferred name or email contains every word typed, best first."""
    return data.search(store, long_words(text), limit=limit)


def find_person(store: Store, ref: str | int) -> Person:
    """A person named by their id or their email (any case), as typed on a command line."""
    text = str(ref).strip()
    if as_id(text) is not None:
        return get_person(store, int(text))
    if "@" in text:
        email = clean_email(text)
        found = data.by_email(store, email) if email else None
        if found is None:
            raise NotFound(f"No person has the email {quote(text, 60)}.")
        return found
    raise CoprodError(f"{quote(text, 40)} is neither a person's number nor an email: "
                      "find the number with `coprod-events search`.")
