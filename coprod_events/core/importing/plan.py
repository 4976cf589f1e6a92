"""What importing the rows would do, worked out from a few reads; then doing it in one write.

One person per email (within the file and against the database), the latest answer winning;
rows without an email are the same person only by the same name and phone. Each person's row
then creates, updates or leaves alone their registration, in the order people answered, through
`registrations.register` and `update_registration`, so capacity and waiting lists work as if
each had registered then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .. import registrations, tickets
from ..data import imports as data
from ..data import tickets as tickets_data
from ..data.events import Event
from ..data.imports import Held
from ..data.people import PERSON_FIELDS, Person
from ..errors import quote
from ..store import Store
from . import answers
from .rows import Problem, Row

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
MAX_CONSENT_VERSION = 200
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_NOT_DIGITS = re.compile(r"\D")
Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class Skipped:
    row: int
    reason: str


@dataclass(frozen=True)
class Planned:
    """A row and what importing it does, for a preview."""

    row: int
    name: str
    email: str | None
    action: str  # create, update or unchanged


@dataclass(frozen=True)
class Duplicate:
    """A person created without an email who may be someone already known."""

    row: int
    name: str
    like: str  # who they may be: "person 12", "row 5"


@dataclass
class Action:
    row: Row
    kind: str
    person_id: int | None
    registration_id: int | None
    values: dict  # register() / update_registration() arguments
    code: str | None  # an imported ticket code to keep (as tickets.external_key has it)


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    health_data_dropped: int = 0

    def count(self, kind: str) -> int:
        return sum(action.kind == kind for action in self.actions)


def plan(store: Store, event: Event, rows: list[Row], problems: list[Problem], *,
         consented: str | None, include_pending: bool) -> Plan:
    """What importing `rows` would do (nothing is written)."""
    result = Plan(problems=list(problems))
    coming = _coming(rows, result, include_pending)
    people = data.people_by_email(store, [row.email for row in coming if row.email])
    held = data.held_at(store, event.id)
    named = data.people_named(store, [row.name.casefold() for row in coming if not row.email])
    owners = tickets_data.external_owners(store, sorted({key for row in coming if row.code
                                                         and (key := tickets.external_key(row.code))}))
    planner = _Planner(result, held, owners, consented)
    by_registration = {registration.id: registration.person for registration in held.values()}
    for row in coming:  # in the order people answered
        person = people.get(row.email) if row.email else (
            _same_name_and_phone(row, named, held) or _holder(row, owners, by_registration))
        planner.add(row, person)
    _possible_duplicates(result, named)
    return result


def _coming(rows: list[Row], result: Plan, include_pending: bool) -> list[Row]:
    """The rows to import, in the order people answered: not those the source marks as not
    coming (or unpaid), and of several by one person only the latest."""
    coming = []
    for row in rows:
        if row.outcome == answers.NOT_COMING:
            result.skipped.append(Skipped(row.number, f"{row.status} (the file's status): not registered."))
        elif row.outcome == answers.PENDING and not include_pending:
            result.skipped.append(Skipped(row.number, f"{row.status} (the file's status): not paid yet. "
                                                      "--include-pending imports these."))
        else:
            coming.append(row)
    latest: dict[tuple, Row] = {}
    for row in sorted(coming, key=lambda r: (r.when or _EARLIEST, r.number)):
        key = _person_key(row)
        if key in latest:
            earlier = latest[key]
            result.skipped.append(Skipped(earlier.number, f"Answered again in row {row.number}, "
                                                          "which is later and is used instead."))
        latest[key] = row
    return sorted(latest.values(), key=lambda r: (r.when or _EARLIEST, r.number))


def _person_key(row: Row) -> tuple:
    if row.email:
        return ("email", row.email)
    phone = _digits(row.person.get("phone"))
    return ("name and phone", row.name.casefold(), phone) if phone else ("row", row.number)


def _digits(phone: str | None) -> str:
    """A phone number's digits, UK-style: +44 7700 900101 and 07700 900101 are one number."""
    digits = _NOT_DIGITS.sub("", phone or "")
    return "0" + digits[2:] if digits.startswith("44") and len(digits) > 10 else digits


def _same_name_and_phone(row: Row, named: dict[str, list[Person]], held: dict[int, Held]) -> Person | None:
    """Someone with the row's name and phone. With no phone either, only someone registered here
    with neither (this file imported before): a name alone is too little to go on."""
    phone = _digits(row.person.get("phone"))
    return next((person for person in named.get(row.name.casefold(), [])
                 if (_digits(person.phone) == phone if phone
                     else person.id in held and not person.email and not person.phone)), None)


def _holder(row: Row, owners: dict[str, int], by_registration: dict[int, Person]) -> Person | None:
    """Whoever holds the row's imported ticket code here already (a second attendee on someone
    else's order, imported before)."""
    key = tickets.external_key(row.code) if row.code else None
    owner = owners.get(key) if key else None
    return by_registration.get(owner) if owner is not None else None


class _Planner:
    def __init__(self, result: Plan, held: dict[int, Held], owners: dict[str, int],
                 consented: str | None):
        self.result = result
        self.held = held
        self.owners = dict(owners)  # imported code -> registration (or a row's, planned)
        self.consented = consented

    def add(self, row: Row, person: Person | None) -> None:
        current = self.held.get(person.id) if person else None
        live = current if current and current.status != "cancelled" else None
        usable, code = self._code(row, live)
        if not usable:
            return
        consent, version = self._consent(row, live)
        person_values = _person_values(row, person)
        values: dict[str, Any] = dict(
            person_values, roles=row.roles or sorted(live.roles if live else ()),
            role_notes=row.role_notes or (live.role_notes if live else None),
            access=list((row.access or (live.access if live else {})).items()),
            access_notes=row.access_notes or (live.access_notes if live else None),
            dietary=row.dietary or (live.dietary if live else None),
            sessions=row.sessions or sorted(live.sessions if live else ()),
            consent=consent, consent_version=version)
        if live is None:
            kind = CREATE
        elif _unchanged(values, live) and not code:
            kind = UNCHANGED
        else:
            kind = UPDATE
            values |= {"pa_for": live.pa_for, "payment_eligible": live.payment_eligible}
        self.result.actions.append(Action(row, kind, person.id if person else None,
                                          live.id if live else None, values, code))

    def _code(self, row: Row, live: Held | None) -> tuple[bool, str | None]:
        """Whether the row can be imported as far as its ticket code goes (not when it is not a
        code, or is someone else's: a problem says so), and the code to keep if it is new."""
        if not row.code:
            return True, None
        key = tickets.external_key(row.code)
        owner = self.owners.get(key) if key else None
        if key is None:
            wrong = "is not a ticket code: 6 to 64 letters and digits"
        elif owner is not None and (live is None or owner != live.id):
            wrong = f"is already the code of {_whose(owner)}"
        else:
            self.owners[key] = live.id if live else -row.number
            return True, None if live and key in live.codes else key
        self.result.problems.append(Problem(row.number, row.code_column or "code",
                                            f"{quote(row.code, 40)} {wrong}."))
        return False, None

    def _consent(self, row: Row, live: Held | None) -> tuple[bool, str | None]:
        """Health answers are kept with the consent the form asked for; otherwise they are
        dropped (and counted), and a registration keeps the consent and answers it had."""
        if self.consented or row.consent:
            version = self.consented or f"Form question: {row.consent_column}"
            return True, version[:MAX_CONSENT_VERSION]
        if row.health_answers:
            self.result.health_data_dropped += 1
            row.access, row.access_notes, row.dietary, row.role_notes = {}, None, None, None
        if live and live.consent_at:
            return True, live.consent_version
        return False, None


def _whose(owner: int) -> str:
    return f"row {-owner}'s person" if owner < 0 else f"registration {owner}"


def _person_values(row: Row, person: Person | None) -> dict[str, str | None]:
    """Who they are: as the database has them, with what the row gives written over it."""
    known = {key: getattr(person, key) for key in PERSON_FIELDS} if person else {}
    given = {key: value for key, value in row.person.items() if value}
    return known | given | {"name": row.name}


def _unchanged(values: dict, live: Held) -> bool:
    person = {key: getattr(live.person, key) for key in PERSON_FIELDS}
    return (all(values.get(key) == person[key] for key in PERSON_FIELDS)
            and set(values["roles"]) == live.roles and dict(values["access"]) == live.access
            and set(values["sessions"]) == live.sessions
            and (values["role_notes"], values["access_notes"], values["dietary"])
            == (live.role_notes, live.access_notes, live.dietary)
            and bool(values["consent"]) == bool(live.consent_at)
            and (not values["consent"] or values["consent_version"] == live.consent_version))


def _possible_duplicates(result: Plan, named: dict[str, list[Person]]) -> None:
    """New people without an email who share a name with someone known, or with another row."""
    seen: dict[str, int] = {}
    for action in result.actions:
        row = action.row
        if action.kind != CREATE or row.email or action.person_id:
            seen.setdefault(row.name.casefold(), row.number)
            continue
        known = named.get(row.name.casefold(), [])
        if known:
            result.duplicates.append(Duplicate(row.number, row.name, ", ".join(
                f"person {p.id}" + (f" ({p.email})" if p.email else "") for p in known)))
        elif row.name.casefold() in seen:
            result.duplicates.append(Duplicate(row.number, row.name, f"row {seen[row.name.casefold()]}"))
        seen.setdefault(row.name.casefold(), row.number)


def apply(store: Store, event: Event, result: Plan, *, source: str,
          progress: Progress | None = None) -> int:
    """Do what the plan says, inside the caller's write (the one the plan was made in); the
    number of people put on the waiting list. New registrations go in runs through
    `registrations.add_many`, which gives places in the order people answered; updates one by
    one through `update_registration`."""
    todo = [action for action in result.actions if action.kind != UNCHANGED]
    waitlisted = done = 0
    for run in _runs(todo):
        if run[0].kind == CREATE:
            added = registrations.add_many(store, event, [
                dict(action.values, person_id=action.person_id) for action in run])
            for action, new in zip(run, added, strict=True):
                action.registration_id = new.registration_id
                waitlisted += new.waitlisted
        else:
            for action in run:
                assert action.registration_id is not None
                registrations.update_registration(store, action.registration_id, **action.values)
        tickets.add_external(store, [(action.registration_id, action.code) for action in run
                                     if action.code and action.registration_id], source)
        done += len(run)
        if progress:
            progress(done, len(todo))
    return waitlisted


def _runs(actions: list[Action], longest: int = 500) -> list[list[Action]]:
    """The actions in order, as runs of one kind (at most `longest` long, so progress shows)."""
    runs: list[list[Action]] = []
    for action in actions:
        if runs and runs[-1][0].kind == action.kind and len(runs[-1]) < longest:
            runs[-1].append(action)
        else:
            runs.append([action])
    return runs
