"""Where to write one ticket: a path to accept with Enter, or to edit first."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...core import ticket_files
from ...core.errors import CoprodError


class ExportTicketScreen(ModalScreen[Path | None]):
    """Dismiss with the file to write (its extension picks the format), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, default: Path | str):
        super().__init__()
        self.default = str(default)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export ticket", classes="dialog-title")
            yield Static("A .pdf file is a printable page with the QR code; .png or .svg is the "
                         "QR code alone. The file shows the name, never roles or access needs.",
                         classes="muted")
            yield Input(self.default, id="export-path")
            yield Label("", id="export-error", classes="field-error", markup=False)
            with HorizontalGroup(id="export-buttons"):
                yield Button("Write (Enter)", variant="primary", id="export-write")
                yield Button("Cancel (Esc)", id="export-cancel")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def write(self) -> None:
        typed = self.query_one("#export-path", Input).value.strip()
        try:
            ticket_files.format_of(typed)
        except CoprodError as error:
            self.query_one("#export-error", Label).update(str(error))
            return
        self.dismiss(Path(typed).expanduser())

    @on(Button.Pressed, "#export-cancel")
    def cancel(self) -> None:
        self.dismiss(None)
