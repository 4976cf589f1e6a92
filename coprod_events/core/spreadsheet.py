"""Tables written as files a spreadsheet opens safely: CSV for Excel, or XLSX.

CSV is UTF-8 with a byte-order mark and CRLF line ends, which Excel on Windows needs to read
accents and non-Latin names right. XLSX (openpyxl, streamed) has real
date cells, a frozen bold header, filters and column widths. In both, a text cell that a
spreadsheet would run as a formula (starting with = + - @, Tab or CR: OWASP's CSV injection)
is neutralised with a leading apostrophe, so a name typed as "=HYPERLINK(...)" is shown,
never run; numbers stay numbers.
A file that holds health data says so on its first line. Files are written whole or not at
all, readable by you alone (`ticket_files.write_file`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import text
from .errors import CoprodError
from .progress import Progress, counted

FORMATS = ("csv", "xlsx")
Cell = str | int | float | bool | date | datetime | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters no XLSX file may hold (openpyxl refuses them); CSV drops them too, so
# both formats say the same.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTH_SAMPLE = 500  # rows looked at to size a column
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_ROWS_EVERY = 1000  # rows written between calls to `progress`


@dataclass(frozen=True)
class Table:
    """One table: a sheet of an XLSX file, a section of a CSV file. Datetimes are naive, in
    the event's local time (a spreadsheet has no time zones)."""
    title: str  # the sheet's name: at most 31 characters, none of []:*?/\
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]


def format_of(path: str | Path) -> str:
    return text.file_format(path, FORMATS)


def write(path: str | Path, tables: Sequence[Table], notice: str | None = None, *,
          progress: Progress | None = None) -> Path:
    """`tables` into `path`, as its extension asks; `notice` (what health data the file holds)
    is its first line, and each sheet's."""
    from .ticket_files import output_path, write_file  # imported here: it brings the QR code

    target = output_path(path)
    fmt = format_of(target)
    if target.is_dir():
        raise CoprodError(f"{target} is a folder: give a file name ending in .{fmt}.")
    return write_file(target, lambda: render(fmt, tables, notice, progress))


def render(fmt: str, tables: Sequence[Table], notice: str | None = None,
           progress: Progress | None = None) -> bytes:
    rows = _counted_rows(tables, progress)
    return _csv(tables, notice, rows) if fmt == "csv" else _xlsx(tables, notice, rows)


def _counted_rows(tables: Sequence[Table], progress: Progress | None) -> Iterator[Iterator[Sequence[Cell]]]:
    """Each table's rows in turn, counted over all the tables as one run."""
    total, done = sum(len(table.rows) for table in tables), 0
    for table in tables:
        yield counted(table.rows, progress, total=total, start=done, every=_ROWS_EVERY)
        done += len(table.rows)


def safe(value: Cell) -> Cell:
    """A cell as it may be written: text that a spreadsheet would run is neutralised, control
    characters dropped; yes/no for a flag; numbers and dates as they are."""
    if isinstance(value, str):
        if not value.isprintable():  # checked first: the pattern is ten times slower, and rarely needed
            value = _CONTROL.sub("", value)
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _csv(tables: Sequence[Table], notice: str | None, rows: Iterator[Iterator[Sequence[Cell]]]) -> bytes:
    """One table as plain rows under its header; several as sections, each under its title
    and a blank line apart (catering: totals, then the people)."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    if notice:
        out.writerow([notice])
    for number, table in enumerate(tables):
        if len(tables) > 1:
            if number:
                out.writerow([])
            out.writerow([table.title])
        out.writerow(table.columns)
        out.writerows([_csv_cell(value) for value in row] for row in next(rows))
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> Cell:
    """Dates as Excel reads them back as dates (2026-12-03 10:00:00)."""
    value = safe(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def _xlsx(tables: Sequence[Table], notice: str | None, rows: Iterator[Iterator[Sequence[Cell]]]) -> bytes:
    # imported here: openpyxl takes a fifth of a second, which only an XLSX export pays
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streamed: 50,000 rows in a fraction of the memory
    for table in tables:
        _sheet(book, table, notice, next(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book, table: Table, notice: str | None, rows: Iterator[Sequence[Cell]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.title)
    bold = Font(bold=True)

    def header(values: Sequence[str]) -> list[WriteOnlyCell]:
        cells = [WriteOnlyCell(sheet, value) for value in values]
        for cell in cells:
            cell.font = bold
        return cells

    # a write-only sheet takes its layout before its first row
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = 2 if notice else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    last = f"{get_column_letter(len(table.columns))}{header_row + len(table.rows)}"
    sheet.auto_filter.ref = f"A{header_row}:{last}"
    if notice:
        sheet.append(header([notice]))
    sheet.append(header(table.columns))
    for row in rows:
        sheet.append([safe(value) for value in row])


def _widths(table: Table) -> list[float]:
    """Each column as wide as its header or its longest value among the first rows, within
    reason (a long note wraps to the limit rather than pushing the rest off screen)."""
    widths = [len(name) for name in table.columns]
    for row in table.rows[:_WIDTH_SAMPLE]:
        for index, value in enumerate(row):
            shown = 16 if isinstance(value, datetime) else len(str(value)) if value is not None else 0
            widths[index] = max(widths[index], shown)
    return [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widths]
