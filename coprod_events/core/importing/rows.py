"""One row of a file as a person and their answers, or the problems that stop it.

Every cell goes through the same checks as typed input (`text.clean`, `clean_email`); the
exporter's protective `'` before = + - @ | % is removed, and a cell starting with `=` stays
plain text. Problems name the spreadsheet row (the header is row 1) and the column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from .. import dates
from ..data.events import Session
from ..errors import CoprodError, quote
from ..registrations import NOTE_LIMIT
from ..text import MAX_FIELD, and_list, clean, clean_email
from . import answers
from .formats import MULTI, Column
from .reading import Cell

MAX_CELL = NOTE_LIMIT  # any cell; a field's own, shorter limit is checked as it is read
_FORMULA_GUARD = tuple("=+-@|%")  # what pretix puts a ' before
_TIME_FORMS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_SCALARS = ("name", "first_name", "last_name", "account_name", "preferred_name", "email", "phone",
            "organisation", "pronouns", "status", "code", "order", "order_email", "order_phone",
            "order_name")
_NOTE_FIELDS = ("dietary", "access")  # kept whole as a note


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Row:
    """A row that can be imported: who, what they answered, and when."""

    number: int
    name: str
    when: datetime | None = None
    status: str | None = None  # the source's word, as written
    outcome: str = answers.REGISTER
    person: dict[str, str | None] = field(default_factory=dict)  # email, phone, ... as given
    roles: list[str] = field(default_factory=list)
    role_notes: str | None = None
    access: dict[str, str | None] = field(default_factory=dict)
    access_notes: str | None = None
    dietary: str | None = None
    sessions: list[int] = field(default_factory=list)
    code: str | None = None
    code_column: str | None = None
    consent: bool | None = None  # None: the file has no consent column
    consent_column: str | None = None
    order: dict[str, str | None] = field(default_factory=dict)  # order, order_email, ...

    @property
    def email(self) -> str | None:
        return self.person.get("email")

    @property
    def health_answers(self) -> bool:
        return bool(self.access or self.access_notes or self.dietary or self.role_notes)


@dataclass
class _Reader:
    """Reads the cells of one row, gathering its problems."""

    number: int
    problems: list[Problem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def text(self, column: Column, cell: Cell, limit: int) -> str | None:
        if isinstance(cell, datetime):
            return cell.isoformat(sep=" ")
        raw = cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_GUARD) else cell
        try:
            return clean(raw, column.label, limit=limit)
        except CoprodError as error:
            self.problem(column.label, str(error))
            return None


def read_rows(cells: list[list[Cell]], numbers: list[int], columns: list[Column], *, fmt: str,
              sessions: list[Session], tz: str) -> tuple[list[Row], list[Problem]]:
    """Each row read, or its problems; then the buyer's contact details given to the buyer."""
    by_field: dict[str, list[Column]] = defaultdict(list)
    for column in columns:
        by_field[column.field].append(column)
    separator = answers.SEPARATORS.get(fmt)
    titles = {session.title.casefold(): session for session in sessions}
    rows, problems = [], []
    for number, row in zip(numbers, cells, strict=True):
        reader = _Reader(number)
        read = _read_row(reader, row, by_field, separator, titles, tz)
        if read is not None and read.outcome == answers.NOT_COMING:
            rows.append(read)  # skipped with the source's word: its other cells do not matter
        elif reader.problems:
            problems += reader.problems
        elif read is not None:
            rows.append(read)
    return _give_buyers_their_contact(rows), problems


def _read_row(reader: _Reader, cells: list[Cell], by_field: dict[str, list[Column]],
              separator: str | None, titles: dict[str, Session], tz: str) -> Row | None:
    """The row (None without a name); its problems are gathered by `reader`."""
    values: dict[str, tuple[Column, str]] = {}
    for key in _SCALARS:
        for column in by_field.get(key, ()):
            text = reader.text(column, cells[column.index], MAX_CELL)
            if text:
                values.setdefault(key, (column, text))
    name = _name(reader, values, by_field)
    row = Row(reader.number, name or "")
    row.when = _when(reader, cells, by_field.get("timestamp", []), tz)
    _person(reader, row, values)
    _status(reader, row, values)
    _answers(reader, row, cells, by_field, separator, titles)
    _consent(reader, row, cells, by_field.get("consent", []))
    row.order = {key: values[key][1] if key in values else None
                 for key in ("order", "order_email", "order_phone", "order_name")}
    if "order_email" in values:
        try:
            row.order["order_email"] = clean_email(values["order_email"][1])
        except CoprodError as error:
            reader.problem(values["order_email"][0].label, str(error))
    return row if name else None



def _name(reader: _Reader, values: dict[str, tuple[Column, str]],
          by_field: dict[str, list[Column]]) -> str | None:
    """The name, or first and last names (a blank last name allowed), or the account that
    answered; an anonymous answer with none of them is a problem."""
    if "name" in values:
        name = values["name"][1]
    elif "first_name" in values:
        name = " ".join(values[key][1] for key in ("first_name", "last_name") if key in values)
    elif "account_name" in values:
        name = values["account_name"][1]
    else:
        columns = by_field.get("name") or by_field.get("first_name") or by_field.get("account_name")
        reader.problem(columns[0].label if columns else "name",
                       "No name: an anonymous answer cannot be registered. Add the name, or leave "
                       "the row out.")
        return None
    try:
        return clean(name, "name")
    except CoprodError as error:
        source = values.get("name") or values.get("first_name") or values["account_name"]
        reader.problem(source[0].label, str(error))
        return None


def _person(reader: _Reader, row: Row, values: dict[str, tuple[Column, str]]) -> None:
    for key in ("preferred_name", "phone", "organisation", "pronouns"):
        if key in values:
            column, text = values[key]
            if len(text) > MAX_FIELD:  # cleaned already, to a note's length
                reader.problem(column.label, f"The {column.label} is too long ({len(text)} characters; "
                                             f"{MAX_FIELD} at most).")
            row.person[key] = text
    if "email" in values:
        column, text = values["email"]
        if text.casefold() != "anonymous":  # Microsoft Forms' word for no one signed in
            try:
                row.person["email"] = clean_email(text)
            except CoprodError as error:
                reader.problem(column.label, str(error))
    if "code" in values:
        row.code_column, row.code = values["code"][0].label, values["code"][1]


def _status(reader: _Reader, row: Row, values: dict[str, tuple[Column, str]]) -> None:
    if "status" not in values:
        return
    column, word = values["status"]
    outcome = answers.status_of(word)
    if outcome is None:
        reader.problem(column.label, f"Unknown status {quote(word)}: map the column to ignore it, "
                                     "or fix the row.")
        return
    row.status, row.outcome = word, outcome


def _when(reader: _Reader, cells: list[Cell], columns: list[Column], tz: str) -> datetime | None:
    """When the row was answered (a date and a time may be two columns), in the event's zone."""
    parts = [cells[c.index] for c in columns if cells[c.index] not in ("", None)]
    if not parts:
        return None
    if isinstance(parts[0], datetime):
        moment = parts[0]
        return moment if moment.tzinfo else moment.replace(tzinfo=dates.zone(tz))
    text = " ".join(str(part).strip() for part in parts)
    try:
        return _moment(text, tz)
    except CoprodError as error:
        reader.problem(columns[0].label, str(error))
        return None


@lru_cache(maxsize=4096)
def _moment(text: str, tz: str) -> datetime:
    """A time as exports write it: ISO 8601, or UK day-first (03/10/2026 14:22:05); anything
    else through the app's own reading of typed dates (day first)."""
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = next((parsed for form in _TIME_FORMS if (parsed := _strptime(text, form))), None)
    if moment is None:
        return dates.parse_when(text, tz)
    return moment if moment.tzinfo else moment.replace(tzinfo=dates.zone(tz))


def _strptime(text: str, form: str) -> datetime | None:
    try:
        return datetime.strptime(text, form)
    except ValueError:
        return None


def _answers(reader: _Reader, row: Row, cells: list[Cell], by_field: dict[str, list[Column]],
             separator: str | None, titles: dict[str, Session]) -> None:
    """Roles, access needs, diets and sessions, from every column that asks for them (roles
    first: "Other:" sessions add to the role notes)."""
    options = {"roles": answers.ROLE_CHOICES, "sessions": tuple(titles)}
    chosen = {name: [piece for column in by_field.get(name, ())
                     for piece in _choices(reader, column, cells[column.index], separator,
                                           options.get(name, ()))
                     if not answers.is_nothing(piece)] for name in MULTI}
    if chosen["roles"]:
        _roles(reader, row, chosen["roles"], by_field["roles"])
    if chosen["access"]:
        _access(reader, row, chosen["access"], by_field["access"])
    if chosen["dietary"]:
        _dietary(reader, row, chosen["dietary"], by_field["dietary"])
    if chosen["sessions"]:
        _sessions(reader, row, chosen["sessions"], by_field["sessions"], titles)


def _choices(reader: _Reader, column: Column, cell: Cell, separator: str | None,
             known: Iterable[str]) -> list[str]:
    text = reader.text(column, cell, MAX_CELL)
    if not text:
        return []
    if column.option:  # a grid row or a yes/no option: "yes" means the option is the answer
        return [column.option] if answers.is_yes(text) else [] if answers.is_no(text) else [text]
    return answers.split(text, separator, known)


def _roles(reader: _Reader, row: Row, chosen: list[str], columns: list[Column]) -> None:
    """Roles by name; any other answer kept as a role note."""
    notes = []
    for piece in chosen:
        code = answers.role_of(piece)
        if code:
            row.roles.append(code)
        else:
            notes.append(answers.other(piece) or piece)
    row.role_notes = _note(reader, columns, notes)


def _access(reader: _Reader, row: Row, chosen: list[str], columns: list[Column]) -> None:
    """Needs the answer names; the whole answer kept as the access note."""
    row.access |= answers.needs_named("; ".join(chosen))
    row.access_notes = _note(reader, columns, chosen)


def _dietary(reader: _Reader, row: Row, chosen: list[str], columns: list[Column]) -> None:
    """Diets and allergies the answer names; the whole answer kept as the dietary note."""
    row.access |= {code: detail for code, detail in answers.needs_named("; ".join(chosen)).items()
                   if code.startswith("diet_") or code == "allergy"}
    row.dietary = _note(reader, columns, chosen)


def _sessions(reader: _Reader, row: Row, chosen: list[str], columns: list[Column],
              titles: dict[str, Session]) -> None:
    """Sessions by title; "Other: ..." kept as a note; anything else is a problem."""
    others = []
    for piece in chosen:
        session = titles.get(piece.casefold())
        if session is None and answers.other(piece):
            others.append(f"Session wanted: {answers.other(piece)}")
        elif session is None:
            known = and_list([quote(s.title, 40) for s in titles.values()]) if titles else "none"
            reader.problem(columns[0].label, f"No session is called {quote(piece)} (this event's "
                                             f"sessions: {known}).")
        elif session.cancelled:
            reader.problem(columns[0].label, f"{session.title} is cancelled, so it cannot be booked.")
        elif session.id not in row.sessions:
            row.sessions.append(session.id)
    if others:
        row.role_notes = "; ".join(filter(None, [row.role_notes, *others]))


def _note(reader: _Reader, columns: list[Column], pieces: list[str]) -> str | None:
    note = "; ".join(pieces) or None
    if note and len(note) > NOTE_LIMIT:
        reader.problem(columns[0].label, f"The answer is too long ({len(note)} characters; "
                                         f"{NOTE_LIMIT} at most).")
        return None
    return note


def _consent(reader: _Reader, row: Row, cells: list[Cell], columns: list[Column]) -> None:
    """A consent column says yes (any of them), or no; no such column leaves it unsaid."""
    if not columns:
        return
    said = [c for c in columns if answers.is_yes(str(cells[c.index]))]
    row.consent = bool(said)
    row.consent_column = (said or columns)[0].header


def _give_buyers_their_contact(rows: list[Row]) -> list[Row]:
    """pretix: an attendee with no email of their own gets the order's email (and phone) only
    when they are the buyer: named as the invoice's name, or, with no invoice name, the order's
    first attendee without an email. Anyone else on the order is their own person, no email."""
    taken: set[str] = set()
    given = []
    for row in rows:
        order_email = row.order.get("order_email")
        if row.email or not order_email:
            given.append(row)
            continue
        buyer = row.order.get("order_name")
        key = row.order.get("order") or order_email
        is_buyer = same_name(buyer, row.name) if buyer else key not in taken
        taken.add(key)
        if is_buyer:
            person = dict(row.person, email=order_email)
            if not person.get("phone") and row.order.get("order_phone"):
                person["phone"] = row.order["order_phone"]
            row = replace(row, person=person)
        given.append(row)
    return given


def same_name(one: str, other: str) -> bool:
    """Two ways of writing one name: case and spacing aside."""
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())
