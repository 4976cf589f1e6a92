"""Where to write a file made for one person (their ticket, their certificate): a path to accept
with Enter, or to edit first."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...core import ticket_files
from ...core.errors import CoprodError


class ExportFileScreen(ModalScreen[Path | None]):
    """Dismiss with the file to write, or None. Each kind of file says what it is (HEADING,
    NOTE) and which names it takes (`check` raises CoprodError saying what is wrong)."""

    # Beside this file, wherever a subclass lives (Textual reads a relative one from the subclass's).
    CSS_PATH = Path(__file__).with_name("ticket_export.tcss")

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    HEADING: ClassVar[str]
    NOTE: ClassVar[str]

    def __init__(self, default: Path | str):
        super().__init__()
        self.default = str(default)

    def check(self, typed: str) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.HEADING, classes="dialog-title")
            yield Static(self.NOTE, classes="muted")
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
            self.check(typed)
        except CoprodError as error:
            self.query_one("#export-error", Label).update(str(error))
            return
        self.dismiss(Path(typed).expanduser())

    @on(Button.Pressed, "#export-cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ExportTicketScreen(ExportFileScreen):
    HEADING = "Export ticket"
    NOTE = ("A .pdf file is a printable page with the QR code; .png or .svg is the QR code alone. "
            "The file shows the name, never roles or access needs.")

    def check(self, typed: str) -> None:
        ticket_files.format_of(typed)  # its extension picks the format


class ExportCertificateScreen(ExportFileScreen):
    HEADING = "Certificate of attendance"
    NOTE = ("A .pdf file to print or send: the name, the event, its dates, the hours attended and "
            "the organiser; never roles or access needs.")

    def check(self, typed: str) -> None:
        if Path(typed).suffix.lower() != ".pdf":
            raise CoprodError("A certificate is a PDF: give a file name ending in .pdf.")
