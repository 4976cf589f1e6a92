"""Every document of an event, from the app: choose what (a list), where to save it (a path
already filled in, in your Documents folder), the options that matter; then a progress bar
while it is written in a worker, and where it was saved (or, in words, why not).

What each document is, and how it is written, is core/documents.py: the commands' own code.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from ...core import documents
from ...core.errors import explain
from ...core.events import Event, get_event
from ..app import CoprodApp
from ..background import UsesCore
from ..dialogs.confirm import ConfirmScreen

LAYOUTS = [("A6 cards, a badge a page", "a6"), ("Avery L7418 labels, 8 an A4 page", "avery-l7418")]


class DocumentsScreen(UsesCore, Screen):
    """Choose a document, where it goes, then save it."""

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]
    DEFAULT_CSS = """
    DocumentsScreen #docs-body { height: 1fr; }
    DocumentsScreen #docs-kinds { width: 26; height: 1fr; }
    DocumentsScreen #docs-form { width: 1fr; height: 1fr; padding: 0 1; }
    DocumentsScreen #docs-about { height: auto; min-height: 3; margin-bottom: 1; }
    DocumentsScreen #docs-path-row { height: auto; }
    DocumentsScreen #docs-path { width: 1fr; }
    DocumentsScreen #docs-layout { width: 40; }
    DocumentsScreen #docs-progress { margin-top: 1; }
    DocumentsScreen #docs-status { height: auto; margin-top: 1; }
    DocumentsScreen .docs-option { display: none; margin-top: 1; }
    """

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.event: Event | None = None
        self.key = next(iter(documents.DOCUMENTS))
        self.saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="docs-body"):
            yield OptionList(*[Option(Text(d.label), id=d.key) for d in documents.DOCUMENTS.values()],
                             id="docs-kinds")
            with Vertical(id="docs-form"):
                yield Static(id="docs-about", markup=False)
                yield Label("Save to (the ending picks the format):")
                with HorizontalGroup(id="docs-path-row"):
                    yield Input(id="docs-path")
                    yield Button("Save", variant="primary", id="docs-save", compact=True)
                yield Checkbox("One file per person, in a folder", id="docs-folder", classes="docs-option",
                               compact=True)
                yield Checkbox("Everyone who attended, not only those eligible", id="docs-all-attended",
                               classes="docs-option", compact=True)
                yield Select(LAYOUTS, value="a6", allow_blank=False, id="docs-layout", classes="docs-option")
                yield ProgressBar(id="docs-progress", show_eta=False)
                yield Static(id="docs-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Documents"
        self.query_one(ProgressBar).display = False
        self.run_core(get_event, self.event_id, then=self._named)
        kinds = self.query_one(OptionList)
        kinds.highlighted = 0
        kinds.focus()

    def _named(self, event: Event) -> None:
        self.event = event
        self.sub_title = f"Documents: {event.title}"
        self._choose(self.key)

    # Choosing -------------------------------------------------------------------------------

    @property
    def path(self) -> Input:
        return self.query_one("#docs-path", Input)

    @on(OptionList.OptionHighlighted, "#docs-kinds")
    def _highlighted(self, highlighted: OptionList.OptionHighlighted) -> None:
        if highlighted.option.id and highlighted.option.id != self.key:
            self._choose(highlighted.option.id)

    @on(OptionList.OptionSelected, "#docs-kinds")
    def _selected(self) -> None:
        self.path.focus()

    def _choose(self, key: str) -> None:
        """Show what the document is, its options, and the file it goes to by default (in the
        folder already typed, if one was)."""
        self.key = key
        document = documents.DOCUMENTS[key]
        self.query_one("#docs-about", Static).update(document.about)
        self.query_one("#docs-folder").display = documents.FOLDER in document.formats
        self.query_one("#docs-all-attended").display = key == "certificates"
        self.query_one("#docs-layout").display = key == "badges"
        self._suggest()

    @on(Checkbox.Changed, "#docs-folder")
    def _suggest(self) -> None:
        if self.event is None:
            return
        folder = self.query_one("#docs-folder", Checkbox).value
        suggested = documents.default_path(self.key, self.event.slug, folder=folder)
        typed = self.path.value.strip()
        where = str(Path(typed).parent) if typed else ""
        self.path.value = f"{where}/{Path(suggested).name}" if where else suggested
        self.path.cursor_position = len(self.path.value)

    # Saving ---------------------------------------------------------------------------------

    @on(Input.Submitted, "#docs-path")
    @on(Button.Pressed, "#docs-save")
    def action_save(self) -> None:
        if self.saving or self.event is None:
            return
        key, out = self.key, self.path.value
        self.run_core(lambda _store: documents.check(key, out), then=self._checked, failed=self._not_saved,
                      group="check", exclusive=True)

    def _checked(self, question: str | None) -> None:
        if question is None:
            self._write()
        else:
            self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it"),
                                 lambda yes: self._write() if yes else None)

    def _write(self) -> None:
        self.saving = True
        self.query_one("#docs-save", Button).disabled = True
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        label = documents.DOCUMENTS[self.key].label
        self.query_one("#docs-status", Static).update(f"Writing the {label.lower()}…")
        self.run_core(documents.write, self.event_id, self.key, self.path.value,
                      all_attended=self.query_one("#docs-all-attended", Checkbox).value,
                      layout=str(self.query_one("#docs-layout", Select).value),
                      progress=self._progress_from_worker, then=self._saved, failed=self._not_saved,
                      group="documents")

    def _progress_from_worker(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=done)

    def _saved(self, saved: documents.Saved) -> None:
        self._done()
        said = f"Saved to {saved.path}: {saved.said}"
        self.query_one("#docs-status", Static).update(
            Text.assemble((said, "bold"), ("\n" + saved.warning, "yellow") if saved.warning else ""))
        self.app.notify(said, title="Saved", timeout=8)
        if saved.warning:
            self.app.notify(saved.warning, severity="warning", timeout=10)

    def _not_saved(self, error: Exception) -> None:
        self._done()
        self.query_one(ProgressBar).display = False
        self.query_one("#docs-status", Static).update(Text(f"Not saved: {explain(error)}", "bold red"))
        self.app.report(error)

    def _done(self) -> None:
        self.saving = False
        self.query_one("#docs-save", Button).disabled = False

    def action_back(self) -> None:
        if not self.saving:
            self.app.pop_screen()
