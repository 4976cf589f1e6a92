"""Reading an export into a header and rows of cells, or refusing it in words.

A CSV may come as UTF-8 (with a BOM, as Eventbrite writes it), or as Windows-1252 (Excel's own
"CSV" save): tried in that order. An .xlsx is read from its first sheet, dates as real dates.
Anything else, and files that are empty, only a header, ragged or too big, are refused before a
row is looked at, so a refused file changes nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..errors import CoprodError, quote

MAX_BYTES = 20 * 1024 * 1024  # some 60,000 Eventbrite rows; a bigger file is not an attendee list
Cell = str | datetime
_XLSX_MAGIC = b"PK\x03\x04"
_NOT_CSV = {  # first bytes of files people pick by mistake
    b"\xd0\xcf\x11\xe0": "an old Excel .xls (or Word .doc) file: save it as .xlsx or CSV",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "a SQLite database",
}
_DELIMITERS = ",;\t"
_TEXT_SUFFIXES = {"", ".csv", ".tsv", ".txt"}


@dataclass(frozen=True)
class Table:
    """A file's header and data rows, each row as long as the header. Row `i` of `rows` is the
    spreadsheet's row `numbers[i]` (the header is row 1; blank rows are left out)."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None  # how a CSV was read ("utf-8", "windows-1252"); None for xlsx
    header: list[str]
    rows: list[list[Cell]]
    numbers: list[int]


def read_file(path: str | Path) -> Table:
    """The file as a Table, or a CoprodError that says what is wrong with it."""
    path = Path(path).expanduser()
    data = _read_bytes(path)
    if data.startswith(_XLSX_MAGIC):
        header, rows = _xlsx_rows(path, data)
        kind, encoding = "xlsx", None
    elif path.suffix.lower() not in _TEXT_SUFFIXES:
        raise CoprodError(f"{quote(path.name)} is not a CSV or .xlsx file. Export the list as CSV "
                          "(or, from Microsoft Forms, as an Excel workbook) and import that.")
    else:
        text, encoding = _decode(path, data)
        header, rows = _csv_rows(path, text)
        kind = "csv"
    return _table(path, kind, encoding, header, rows)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise CoprodError(f"{quote(str(path))} is a folder: give the export file itself.")
    try:
        size = path.stat().st_size
        if size >= MAX_BYTES:
            raise CoprodError(f"{quote(path.name)} is {size / 1024 / 1024:.0f} MB: an attendee list is under "
                              f"{MAX_BYTES // 1024 // 1024} MB. Check it is the right file, or split it.")
        with path.open("rb") as file:
            data = file.read(MAX_BYTES)
    except FileNotFoundError as error:
        raise CoprodError(f"There is no file {quote(str(path))}.") from error
    except OSError as error:
        raise CoprodError(f"Cannot read {quote(str(path))}: {error.strerror or error}.") from error
    if not data.strip():
        raise CoprodError(f"{quote(path.name)} is empty: export the list again.")
    for magic, what in _NOT_CSV.items():
        if data.startswith(magic):
            raise CoprodError(f"{quote(path.name)} is {what}, not a CSV or .xlsx file.")
    return data


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 (a BOM dropped), else Windows-1252; text with NUL bytes is not a CSV."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked_text(path, data.decode("utf-16")), "utf-16"
    try:
        return _checked_text(path, data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _checked_text(path, data.decode("windows-1252")), "windows-1252"
    except UnicodeDecodeError as error:
        raise CoprodError(f"{quote(path.name)} is not a CSV or .xlsx file (it is not text).") from error


def _checked_text(path: Path, text: str) -> str:
    if "\x00" in text:
        raise CoprodError(f"{quote(path.name)} is not a CSV or .xlsx file (it is not text).")
    return text


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[list[Cell]]]:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise CoprodError(f"{quote(path.name)} cannot be read as CSV ({error}).") from error
    if not rows:
        raise CoprodError(f"{quote(path.name)} is empty: export the list again.")
    return rows[0], [list[Cell](row) for row in rows[1:]]


def _xlsx_rows(path: Path, data: bytes) -> tuple[list[str], list[list[Cell]]]:
    """The first sheet's cells: text as text (a formula as the text typed, never worked out),
    numbers as they read, dates as datetimes."""
    import openpyxl  # only an .xlsx needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CoprodError(f"{quote(path.name)} is not an .xlsx workbook that can be read: "
                          "save it again from Excel as .xlsx or CSV.") from error
    try:
        sheet = book.worksheets[0]
        rows = [[_xlsx_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not rows:
        raise CoprodError(f"{quote(path.name)} is empty: its first sheet has no cells.")
    header = rows[0]
    while header and header[-1] == "":  # a sheet's used range can run past its last heading
        header.pop()
    width = len(header)
    # Cells past the header's width are kept only when something is in them (a ragged row).
    body = [row if any(row[width:]) else row[:width] + [""] * (width - len(row)) for row in rows[1:]]
    return [str(cell) for cell in header], body


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number: 7700900101, not 7700900101.0
    return str(value)


def _table(path: Path, kind: str, encoding: str | None, header: list[str],
           rows: list[list[Cell]]) -> Table:
    header = [name.strip() for name in header]
    if not any(header):
        raise CoprodError(f"{quote(path.name)} has no header row: its first row is blank.")
    kept, numbers = [], []
    for number, row in enumerate(rows, start=2):
        if not any(cell != "" and (not isinstance(cell, str) or cell.strip()) for cell in row):
            continue  # a blank line (or a row of empty cells) is no one
        if len(row) != len(header):
            raise CoprodError(
                f"{quote(path.name)} is ragged: row {number} has {len(row)} cells but the header has "
                f"{len(header)}. A cell may hold an unquoted comma or line break: open it in a "
                "spreadsheet and export it again. Nothing was imported.")
        kept.append(row)
        numbers.append(number)
    if not kept:
        raise CoprodError(f"{quote(path.name)} has a header but no rows: there is no one to import.")
    return Table(path, kind, encoding, header, kept, numbers)
