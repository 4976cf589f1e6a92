"""Checking what people type, once for the CLI and the app: printable text of a sane length,
emails that look like emails, whole numbers in range, and ASCII forms for slugs and file names;
and the few words that put counts and lists into sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePath

from .errors import CoprodError, quote

MAX_FIELD = 200
MAX_EMAIL = 254  # the longest address SMTP carries (RFC 5321)
MAX_CAPACITY = 100_000
MAX_ID = 2**63 - 1  # SQLite's largest integer
# Raw input longer than this many times the limit is refused before it is looked at: cleaning
# can shorten text (spaces folded, accents composed), but not by this much.
RAW_FACTOR = 4

# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH",
                       "ð": "d", "Ð": "D", "ı": "i"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WHOLE_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)", re.ASCII)  # 1200 or 1,200
_EMAIL_PUNCTUATION = frozenset('()<>[]\\,;:"')  # what a pasted "Ada <ada@x.org>" brings along


def _label(field: str) -> str:
    return field.replace("_", " ")


def _refuse_absurd_length(raw: str, field: str, limit: int, key: str | None) -> None:
    if len(raw) > RAW_FACTOR * limit:
        raise CoprodError(f"The {_label(field)} is far too long ({len(raw)} characters; "
                          f"{limit} at most).", field=key)


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def _visible(raw: str, field: str, key: str | None) -> str:
    """`raw` in NFC with control characters (ESC, BEL, NUL, tab, newline: category Cc) as spaces,
    so they still part words, and the rest of Unicode's "other" characters removed: format
    characters (bidi controls, zero-width spaces: invisible, and often inside a word), private-use
    and unassigned code points. Surrogates are refused: they are bytes that were not UTF-8 (a
    command-line argument in another encoding), and no database or file takes them."""
    if raw.isascii() and raw.isprintable():  # most text: nothing to remove or compose (an import
        return raw                            # of 10,000 rows cleans some 100,000 cells)
    if any(_is_surrogate(ch) for ch in raw):
        raise CoprodError(f"The {_label(field)} has bytes that are not UTF-8 text: retype it, or check "
                          "the terminal's character encoding.", field=key)
    return unicodedata.normalize("NFC", "".join(_visible_char(ch) for ch in raw))


def _visible_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " "
    return "" if category[0] == "C" else ch


def clean(value: str | None, field: str = "value", *, limit: int = MAX_FIELD,
          key: str | None = None) -> str | None:
    """One line of printable text, trimmed, runs of spaces folded to one; None if empty.

    Controls (ESC can retitle a terminal) count as spaces; bidi controls (they reorder what follows)
    and zero-width characters (two names that look alike) are removed. Notes are cleaned the same way, with a
    bigger `limit`: everywhere they are shown and edited is one line. `field` is how the message
    names it; `key` is the input it came from. Too long is refused, not cut: cutting loses words.
    """
    if value is None:
        return None
    raw = str(value)
    _refuse_absurd_length(raw, field, limit, key)
    text = " ".join(_visible(raw, field, key).split())
    if len(text) > limit:
        raise CoprodError(f"The {_label(field)} is too long ({len(text)} characters; "
                          f"{limit} at most).", field=key)
    return text or None


def clean_email(value: str | None) -> str | None:
    """A lower-cased email address, None if empty; refused unless it looks like one:
    name@domain.tld, one @, no spaces or invisible characters, 254 characters at most."""
    if value is None:
        return None
    raw = str(value).strip()
    if not raw:
        return None
    _refuse_absurd_length(raw, "email", MAX_EMAIL, "email")
    address = unicodedata.normalize("NFC", raw)
    problem = _email_problem(address)
    if problem:
        raise CoprodError(f"{quote(raw)} does not look like an email address: {problem}.", field="email")
    return address.lower()


def _email_problem(address: str) -> str | None:
    """What is wrong with `address` as an email address, in words; None if nothing."""
    plain = address.isascii() and address.isprintable() and " " not in address  # the usual case
    if not plain and any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in address):
        return "it has a space or an invisible character in it"
    if address.count("@") != 1:
        return "it needs exactly one @, as in name@example.org"
    local, domain = address.split("@")
    if not local:
        return "there is nothing before the @"
    if "." not in domain or "" in domain.split("."):
        return "the part after the @ must be a domain such as example.org"
    if _EMAIL_PUNCTUATION.intersection(address):
        return "it has brackets, commas or quotes in it: give the address alone"
    if len(address) > MAX_EMAIL:
        return f"it is {len(address)} characters long ({MAX_EMAIL} at most)"
    return None


def whole_number(value: int | str, field: str, *, low: int, high: int, key: str | None = None) -> int:
    """`value` (an int, or text such as "120" or "1,200") as an int from `low` to `high`;
    anything else is refused with a message naming the field and the range."""
    wanted = f"The {_label(field)} must be a whole number from {low:,} to {high:,}"
    number: int | None = None
    if isinstance(value, str):
        number = _typed_number(value)
        wanted += f", not {quote(value.strip())}"
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value  # not echoed: a program passed it, and str() of a huge int raises
    if number is None or not low <= number <= high:
        raise CoprodError(f"{wanted}.", field=key)
    return number


def _typed_number(text: str) -> int | None:
    """"1200", "+1200" or "1,200" as a number; None for anything else ("1.5", "1e3", "٣")."""
    text = text.strip()
    if len(text) > 40 or not _WHOLE_NUMBER.fullmatch(text):
        return None
    return int(text.replace(",", ""))


def as_id(ref: str | int) -> int | None:
    """A numeric reference (an id typed as "12"), or None when it is not one."""
    text = str(ref).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def ascii_fold(text: str) -> str:
    """`text` in plain ASCII: accents dropped ("Zoë" -> "Zoe"), letters such as ł, ø and ß spelt
    out ("l", "o", "ss"), and what has no ASCII form (Chinese, emoji) left out."""
    folded = unicodedata.normalize("NFKD", text).translate(_FOLD)
    return folded.encode("ascii", "ignore").decode("ascii")


def slug(text: str, limit: int) -> str:
    """Lower-case ASCII letters and digits joined by "-", at most `limit` characters; "" if none.
    Apostrophes join ("O'Sullivan" -> "osullivan"), as a typographic ’ (not ASCII) does."""
    words = _NOT_SLUG.sub("-", ascii_fold(text).lower().replace("'", ""))
    return words.strip("-")[:limit].strip("-")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 session", "2 sessions", "1,200 people" (`many` where adding s is wrong)."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def and_list(items: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def file_format(path: str | PurePath, formats: Sequence[str]) -> str:
    """The format a file name asks for, by its extension, one of `formats`: said before any
    work is done."""
    suffix = PurePath(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        *others, last = (f".{name}" for name in formats)
        names = f"{', '.join(others)} or {last}" if others else last
        raise CoprodError(f"Cannot tell what to write from {quote(str(path)[-60:])}: end the file name "
                          f"with {names}.")
    return suffix
