"""Import registrations from an export: choose the file, see the format found and what each
column is read into (and change it), give the consent notice the form asked under, and see a
dry run of every row and every problem; then import, with a progress bar, and the summary.

The file is read, and every database call made, in a worker (`run_core`).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, ProgressBar, Select, Static

from ...core.errors import explain
from ...core.events import Event, get_event
from ...core.importing import FIELDS, FORMAT_NAMES
from ...core.importing.importer import ImportResult, Prepared, prepare, remap, run_import
from ...core.store import Store
from ...core.text import plural
from ..app import CoprodApp
from ..background import UsesCore

PREVIEW_ROWS = 300  # rows to be imported shown in the preview; skips and problems are all shown
WHAT = {"create": "new", "update": "updated", "unchanged": "unchanged"}


def read_export(store: Store, path: str) -> Prepared:
    """In a worker: the file read and its columns mapped (the store is not needed)."""
    return prepare(path)


class ImportScreen(UsesCore, Screen):
    """Choose a file, check the dry run, import."""

    CSS_PATH = "import_file.tcss"

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "read", "Read file"),
        Binding("ctrl+s", "import_rows", "Import"),
    ]

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.prepared: Prepared | None = None
        self.preview: ImportResult | None = None
        self.details: list[str] = []  # the preview table's rows in full, for the line below it
        self.importing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with HorizontalGroup(id="import-file-row"):
            yield Input(placeholder="The export to import: a .csv or .xlsx file", id="import-path")
            yield Button("Read", id="import-read")
            yield Button("Import", variant="primary", id="import-go", disabled=True)
        yield Static("Eventbrite, Google Forms, Microsoft Forms (.xlsx), pretix, or any CSV: type its "
                     "path and press Enter. Nothing is saved until you press Import.",
                     id="import-found", classes="muted")
        with Horizontal(id="import-body"):
            yield VerticalScroll(id="import-columns")
            yield DataTable(id="import-preview", cursor_type="row", zebra_stripes=True)
        yield Static(id="import-detail", markup=False)
        yield Input(placeholder="If the form asked for consent to keep access answers: its privacy "
                                "notice (text or version)", id="import-consent")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Import registrations"
        self.run_core(get_event, self.event_id, then=self._named)
        self.query_one(DataTable).add_columns("Row", "Name", "What happens")
        self.query_one("#import-path", Input).focus()

    def _named(self, event: Event) -> None:
        self.sub_title = f"Import registrations: {event.title}"

    # Reading the file ---------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-read")
    def action_read(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if path and not self.importing:
            self.run_core(read_export, str(Path(path).expanduser()), then=self._read, group="read",
                          exclusive=True)

    def _read(self, prepared: Prepared) -> None:
        self.prepared = prepared
        table = prepared.table
        encoding = f", {table.encoding}" if table.encoding else ""
        self.query_one("#import-found", Static).update(
            f"{FORMAT_NAMES[prepared.format]} ({table.kind}{encoding}): "
            f"{plural(len(table.rows), 'row')}, {plural(len(prepared.columns), 'column')}. "
            "Change what a column is read into on the left.")
        self._show_columns(prepared)
        self.dry_run()

    def _show_columns(self, prepared: Prepared) -> None:
        panel = self.query_one("#import-columns", VerticalScroll)
        panel.remove_children()
        options = [(label, field) for field, label in FIELDS.items()]
        panel.mount_all(
            HorizontalGroup(Label(column.label, classes="import-heading", markup=False),
                            Select(options, value=column.field, allow_blank=False, compact=True,
                                   id=f"import-field-{column.index}"), classes="import-column")
            for column in prepared.columns)

    @on(Select.Changed)
    def field_chosen(self, changed: Select.Changed) -> None:
        if self.prepared is None or not (changed.select.id or "").startswith("import-field-"):
            return
        index = int((changed.select.id or "").rpartition("-")[2])
        if self.prepared.columns[index].field == changed.value:
            return  # the Select being filled in, not a choice
        self.prepared = remap(self.prepared, {index: str(changed.value)})
        self.dry_run()

    @on(Input.Submitted, "#import-consent")
    def consent_given(self) -> None:
        self.dry_run()

    # The dry run and the import -----------------------------------------------------------

    @property
    def consented(self) -> str | None:
        return self.query_one("#import-consent", Input).value.strip() or None

    def dry_run(self) -> None:
        if self.prepared is None or self.importing:
            return
        self.query_one("#import-go", Button).disabled = True
        self.run_core(run_import, self.event_id, self.prepared, consented=self.consented, dry_run=True,
                      then=self._previewed, failed=self._not_previewed, group="dry-run", exclusive=True)

    def _previewed(self, result: ImportResult) -> None:
        self.preview = result
        self._show_rows(result)
        self._show_summary(result)
        self.query_one("#import-go", Button).disabled = not (result.created or result.updated)

    def _not_previewed(self, error: Exception) -> None:
        """A mapping that cannot be imported (no name column): said where the counts go."""
        self.preview = None
        self.query_one(DataTable).clear()
        self.query_one("#import-found", Static).update(Text(explain(error), "bold"))

    def _show_rows(self, result: ImportResult) -> None:
        """Every skip and problem, and the first rows to be imported, in the file's order."""
        lines: list[tuple[int, str, Text, str]] = []
        like = {duplicate.row: f", possibly {duplicate.like}" for duplicate in result.possible_duplicates}
        for planned in result.planned[:PREVIEW_ROWS]:
            what = WHAT[planned.action] + like.get(planned.row, "")
            lines.append((planned.row, planned.name, Text(what, "green" if what == "new" else ""),
                          f"{planned.name}: {what}"))
        for skipped in result.skipped:
            lines.append((skipped.row, "", Text(f"skipped: {skipped.reason}", "dim"), skipped.reason))
        for problem in result.problems:
            where = f"{problem.column}: " if problem.column else ""
            lines.append((problem.row, "", Text(f"problem: {where}{problem.message}", "bold red"),
                          f"{where}{problem.message}"))
        lines.sort(key=lambda line: line[0])
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows([(str(row), name, what) for row, name, what, _ in lines])
        self.details = [f"Row {row}: {detail}" for row, _, _, detail in lines]
        if len(result.planned) > PREVIEW_ROWS:
            table.add_row("…", f"and {len(result.planned) - PREVIEW_ROWS:,} more to import", "")
            self.details.append("")

    def _show_summary(self, result: ImportResult, done: bool = False) -> None:
        counts = (f"{result.created:,} new, {result.updated:,} updated, {result.unchanged:,} unchanged, "
                  f"{len(result.skipped):,} skipped, {plural(len({p.row for p in result.problems}), 'row')} "
                  "with problems (left out)")
        people = plural(result.health_data_dropped, "person", "people")
        dropped = (f". Access and dietary answers of {people} not kept: give the consent notice below "
                   "if the form asked for consent" if result.health_data_dropped else "")
        waiting = f", {result.waitlisted:,} on the waiting list" if result.waitlisted else ""
        said = "Imported: " if done else "Importing would give: "
        self.query_one("#import-found", Static).update(f"{said}{counts}{waiting}{dropped}.")

    @on(DataTable.RowHighlighted, "#import-preview")
    def row_highlighted(self, highlighted: DataTable.RowHighlighted) -> None:
        index = highlighted.cursor_row
        detail = self.details[index] if index < len(self.details) else ""
        self.query_one("#import-detail", Static).update(detail)

    @on(Button.Pressed, "#import-go")
    def action_import_rows(self) -> None:
        if self.prepared is None or self.preview is None or self.importing:
            return
        if not (self.preview.created or self.preview.updated):
            self.app.notify("Nothing to import: every row is here already, skipped or has a problem.")
            return
        self.importing = True
        self.query_one("#import-go", Button).disabled = True
        bar = self.query_one(ProgressBar)
        bar.update(total=self.preview.created + self.preview.updated, progress=0)
        bar.display = True
        self.run_core(run_import, self.event_id, self.prepared, consented=self.consented,
                      progress=self._progress_from_worker, then=self._imported, failed=self._failed,
                      group="import")

    def _progress_from_worker(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=done)

    def _imported(self, result: ImportResult) -> None:
        self.importing = False
        self.preview = result
        self._show_rows(result)
        self._show_summary(result, done=True)
        self.app.notify(f"Imported {plural(result.created, 'new registration')}"
                        f" and {plural(result.updated, 'update')}.")

    def _failed(self, error: Exception) -> None:
        self.importing = False
        self.query_one(ProgressBar).display = False
        self.app.report(error)  # nothing was imported: the write is one transaction
        self.dry_run()

    def action_back(self) -> None:
        if not self.importing:
            self.app.pop_screen()
