"""Which tool made a file (from its header), and which field each of its columns holds.

Each format names its own fixed columns; the organiser's questions (any format) are mapped by
what their heading asks ("Access requirements" -> access). A heading such as `Question [Row]`
(a Google Forms grid) or `Question – Option` (a pretix yes/no option) is split: the question
picks the field, and a "yes" in the cell means the option is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import CoprodError, quote
from ..text import clean
from . import FIELDS, FORMATS, IGNORE

MULTI = ("roles", "access", "dietary", "sessions")  # answers that add up (in this order)

# Each format's own columns, by heading (compared case-insensitively).
_EVENTBRITE = {
    "order #": "order", "order date": "timestamp", "first name": "first_name",
    "last name": "last_name", "email": "email", "attendee status": "status",
    "mobile phone": "phone", "cell phone": "phone", "home phone": "phone", "company": "organisation",
    "barcode #": "code", "quantity": IGNORE, "ticket type": IGNORE, "attendee #": IGNORE,
    "job title": IGNORE, "prefix": IGNORE, "suffix": IGNORE, "total paid": IGNORE,
    "fees paid": IGNORE, "eventbrite fees": IGNORE, "payment status": IGNORE,
    "order type": IGNORE, "currency": IGNORE, "event name": IGNORE, "event id": IGNORE,
}
_GOOGLE = {"timestamp": "timestamp", "email address": "email", "score": IGNORE}
_MS_FORMS = {
    "id": IGNORE, "start time": IGNORE, "completion time": "timestamp", "email": "email",
    "name": "account_name", "last modified time": IGNORE, "total points": IGNORE,
    "quiz feedback": IGNORE, "name2": "name",
}
_PRETIX = {
    "order code": "order", "position id": IGNORE, "status": "status", "email": "order_email",
    "phone number": "order_phone", "order date": "timestamp", "order time": "timestamp",
    "product": IGNORE, "variation": IGNORE, "price": IGNORE, "tax rate": IGNORE,
    "tax rule": IGNORE, "tax value": IGNORE, "attendee name": "name",
    "attendee name: title": IGNORE, "attendee name: given name": "first_name",
    "attendee name: family name": "last_name", "attendee email": "email", "company": "organisation",
    "ticket secret": "code", "invoice address name": "order_name", "voucher": IGNORE,
    "pseudonymization id": IGNORE, "seat id": IGNORE, "seat name": IGNORE,
    "address": IGNORE, "zip code": IGNORE, "city": IGNORE, "country": IGNORE, "state": IGNORE,
}
_CSV = {"status": "status", "timestamp": "timestamp"}
_OWN = {"eventbrite": _EVENTBRITE, "google-forms": _GOOGLE, "ms-forms": _MS_FORMS, "pretix": _PRETIX,
        "csv": _CSV}

# The organiser's questions, by words in the heading: first match wins, so the narrower come first.
_ASKS: tuple[tuple[str, str], ...] = (
    # Consent to keep access information, not to photos or a mailing list.
    (r"consent.*\b(access|health|information|data|keep|store|hold|record)|privacy notice|"
     r"data protection", "consent"),
    (r"\bpronoun", "pronouns"),
    (r"preferred name|known as|what should we call you|like to be called", "preferred_name"),
    (r"\b(first|given|fore) ?name", "first_name"),
    (r"\b(last|family) ?name|\bsurname", "last_name"),
    (r"diet|\bfood\b|allerg", "dietary"),
    (r"\baccess|adjustment|accessib|mobility|support needs?\b|requirements|would help you", "access"),
    (r"\bsessions?\b|workshops?\b|breakout|\bstrand", "sessions"),
    (r"\broles?\b|describe yourself|attending as|best describes|\bidentify as", "roles"),
    (r"ticket (code|secret)|barcode", "code"),
    (r"\b(full |your )?name\b", "name"),
    (r"e-?mail", "email"),
    (r"phone|mobile|\btel\b", "phone"),
    (r"organi[sz]ation|employer|\bcompany|\bworkplace", "organisation"),
)
_GRID = re.compile(r"^(?P<question>.*\S)\s*\[(?P<option>[^\[\]]+)\]$")  # Google Forms: Question [Row]
_DASH_OPTION = re.compile(r"^(?P<question>.+?) – (?P<option>.+)$")  # pretix: Question – Option


@dataclass(frozen=True)
class Column:
    """One column of the file: where it is, its heading, and the field it is read into."""

    index: int
    header: str
    field: str
    option: str | None = None  # a grid row or a yes/no option: the answer a "yes" gives

    @property
    def label(self) -> str:
        """How messages name it: its heading, or its spreadsheet letter if it has none."""
        return self.header or f"column {letter(self.index)}"


def letter(index: int) -> str:
    """A spreadsheet column's letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def detect(header: list[str]) -> str:
    """The tool that wrote a file with this header; "csv" when none is recognised."""
    names = {name.strip().lower() for name in header}
    if {"order #", "attendee status"} <= names or {"order #", "attendee #"} <= names:
        return "eventbrite"
    if {"order code", "position id"} <= names or {"order code", "ticket secret"} <= names:
        return "pretix"
    if {"id", "start time", "completion time"} <= names:
        return "ms-forms"
    if header and header[0].strip().lower() == "timestamp":
        return "google-forms"
    return "csv"


def columns_for(fmt: str, header: list[str]) -> list[Column]:
    """Each column's field in this format: its own columns by name, questions by what they ask."""
    if fmt not in FORMATS:
        raise CoprodError(f"Unknown format {quote(fmt)}: use auto or one of {', '.join(FORMATS)}.")
    own = _OWN[fmt]
    return [_column(index, name, own) for index, name in enumerate(header)]


def _column(index: int, header: str, own: dict[str, str]) -> Column:
    key = header.strip().lower()
    if key in own:
        return Column(index, header, own[key])
    if not key:
        return Column(index, header, IGNORE)
    question, option = _split_option(header)
    return Column(index, header, guess(question), option)


def _split_option(header: str) -> tuple[str, str | None]:
    match = _GRID.match(header) or _DASH_OPTION.match(header)
    return (match["question"], match["option"].strip()) if match else (header, None)


def guess(question: str) -> str:
    """The field a question's heading asks for; "ignore" when it asks for nothing we keep."""
    text = question.lower()
    return next((field for pattern, field in _ASKS if re.search(pattern, text)), IGNORE)


def with_fields(columns: list[Column], fields: dict[int, str]) -> list[Column]:
    """The columns with some fields changed (column index -> field), as staff chose them."""
    for index, field in fields.items():
        if field not in FIELDS:
            raise CoprodError(f"Unknown field {quote(field)}: use one of {', '.join(FIELDS)}.")
        if not 0 <= index < len(columns):
            raise CoprodError(f"There is no column {index + 1}.")
    return [replace(column, field=fields[column.index]) if column.index in fields else column
            for column in columns]


def parse_maps(header: list[str], maps: Iterable[str]) -> dict[int, str]:
    """`--map "COLUMN=FIELD"` options as column index -> field. COLUMN is a heading (any case)
    or a spreadsheet letter; every column with that heading takes the field."""
    chosen: dict[int, str] = {}
    for item in maps:
        text = clean(item, "column map", limit=500) or ""
        column, equals, field = text.rpartition("=")
        field = field.strip().lower().replace(" ", "_").replace("-", "_") or IGNORE
        if not equals or not column.strip():
            raise CoprodError(f"{quote(item)} is not COLUMN=FIELD, e.g. --map \"Full name=name\".")
        if field not in FIELDS:
            raise CoprodError(f"In {quote(item)}, {quote(field)} is not a field: use one of "
                              f"{', '.join(FIELDS)}.")
        found = _find_columns(header, column.strip())
        if not found:
            shown = ", ".join(quote(name, 30) for name in header[:12] if name)
            raise CoprodError(f"The file has no column {quote(column.strip())}. Its columns: {shown}.")
        chosen |= dict.fromkeys(found, field)
    return chosen


def _find_columns(header: list[str], wanted: str) -> list[int]:
    folded = wanted.casefold()
    found = [index for index, name in enumerate(header) if name.strip().casefold() == folded]
    if found or not wanted.isalpha() or not wanted.isascii() or len(wanted) > 2:
        return found
    by_letter = [index for index in range(len(header)) if letter(index) == wanted.upper()]
    return by_letter


def check_columns(columns: list[Column]) -> None:
    """A file must say who each person is: refuse a mapping with no name."""
    fields = {column.field for column in columns}
    if not fields & {"name", "first_name", "account_name"}:
        headings = ", ".join(quote(c.label, 30) for c in columns[:12])
        raise CoprodError("No column holds people's names. Say which does, e.g. "
                          f"--map \"Full name=name\" (the file's columns: {headings}).")
