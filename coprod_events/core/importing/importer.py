"""The import as the CLI and the app use it: `prepare` reads a file and says what each column
holds; `run_import` plans it (a dry run stops there) and imports it in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import backups
from ..errors import CoprodError
from ..events import get_event, list_sessions
from ..store import Store
from ..text import clean
from . import formats
from . import plan as planning
from .formats import Column
from .plan import CREATE, UNCHANGED, UPDATE, Duplicate, Planned, Progress, Skipped
from .reading import Cell, Table, read_file
from .rows import Problem, read_rows

MAX_NOTICE = 200


@dataclass(frozen=True)
class Prepared:
    """A file read, the tool that made it, and the field each column is read into."""

    table: Table
    format: str
    detected: str  # what the header looked like, whatever --format said
    columns: list[Column]

    def sample(self, count: int = 20) -> list[tuple[int, list[Cell]]]:
        """The first rows, with their spreadsheet row numbers."""
        return list(zip(self.table.numbers[:count], self.table.rows[:count], strict=False))


@dataclass(frozen=True)
class ImportResult:
    format: str
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: list[Skipped]
    problems: list[Problem]
    health_data_dropped: int
    dry_run: bool
    planned: list[Planned] = field(default_factory=list)  # what each imported row does
    possible_duplicates: list[Duplicate] = field(default_factory=list)
    waitlisted: int = 0

    def as_json(self) -> dict:
        """The result as `import --json` prints it."""
        return {"format": self.format, "rows": self.rows, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [{"row": s.row, "reason": s.reason} for s in self.skipped],
                "problems": [{"row": p.row, "column": p.column, "message": p.message}
                             for p in self.problems],
                "health_data_dropped": self.health_data_dropped, "dry_run": self.dry_run}


def prepare(path: str | Path, fmt: str = "auto", *, maps: Iterable[str] = (),
            fields: dict[int, str] | None = None) -> Prepared:
    """Read the file and map its columns: by its format (detected from the header unless
    given), then `maps` ("COLUMN=FIELD", as --map takes them), then `fields` (column index ->
    field, as staff chose them on screen). A mapping with no name column is refused only when
    it is imported, so that a screen can show the columns to choose one."""
    table = read_file(path)
    detected = formats.detect(table.header)
    chosen = detected if fmt in ("", "auto") else fmt
    columns = formats.columns_for(chosen, table.header)
    columns = formats.with_fields(columns, formats.parse_maps(table.header, maps) | (fields or {}))
    return Prepared(table, chosen, detected, columns)


def remap(prepared: Prepared, fields: dict[int, str]) -> Prepared:
    """The same file with some columns read into other fields (column index -> field)."""
    return Prepared(prepared.table, prepared.format, prepared.detected,
                    formats.with_fields(prepared.columns, fields))


def run_import(store: Store, event_ref: str | int, source: str | Path | Prepared, *,
               fmt: str = "auto", maps: Iterable[str] = (), fields: dict[int, str] | None = None,
               consented: str | None = None, include_pending: bool = False, dry_run: bool = False,
               progress: Progress | None = None) -> ImportResult:
    """Import a file's registrations into the event (or, with `dry_run`, only say what that
    would do). `consented` is the notice (its text or version) under which the source form
    asked for consent to keep access and dietary answers; without it (or a consent column
    saying yes) those answers are dropped and counted. Rows with problems are left out; the
    rest is imported in one transaction, or (should the core refuse one) not at all, after a
    backup of the file (`backups.before_change`: if that fails, nothing is imported).
    `progress(done, total)` is told as the rows are written."""
    notice = _notice(consented)
    event = get_event(store, event_ref)
    prepared = source if isinstance(source, Prepared) else prepare(source, fmt, maps=maps, fields=fields)
    formats.check_columns(prepared.columns)  # a file must say who each person is
    table = prepared.table
    rows, problems = read_rows(table.rows, table.numbers, prepared.columns, fmt=prepared.format,
                               sessions=list_sessions(store, event.id, include_cancelled=True), tz=event.tz)
    waitlisted = 0
    if dry_run:
        plan = planning.plan(store, event, rows, problems, consented=notice, include_pending=include_pending)
    else:
        backups.before_change(store, "import")  # many rows at once: a copy of the file first
        with store.write():  # planned and written under one lock: no desk can change it in between
            plan = planning.plan(store, event, rows, problems, consented=notice,
                                 include_pending=include_pending)
            waitlisted = planning.apply(store, event, plan, source=prepared.format, progress=progress)
    return ImportResult(
        format=prepared.format, rows=len(table.rows), created=plan.count(CREATE),
        updated=plan.count(UPDATE), unchanged=plan.count(UNCHANGED),
        skipped=sorted(plan.skipped, key=lambda s: s.row),
        problems=sorted(plan.problems, key=lambda p: p.row),
        health_data_dropped=plan.health_data_dropped, dry_run=dry_run,
        planned=sorted((Planned(a.row.number, a.row.name, a.row.email, a.kind) for a in plan.actions),
                       key=lambda p: p.row),
        possible_duplicates=plan.duplicates, waitlisted=waitlisted)


def _notice(consented: str | None) -> str | None:
    if consented is None:
        return None
    notice = clean(consented, "consent notice", limit=MAX_NOTICE, key="consented")
    if not notice:
        raise CoprodError("--consented needs the privacy notice's text or version, e.g. "
                          '--consented "Booking form privacy notice v3".', field="consented")
    return notice
