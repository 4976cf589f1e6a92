"""The modal form the event and session forms are made of, and what both read from their fields.

Every field is read first, and each problem is shown under its own field; only a form with no
problems reaches the core (in a worker: the screen never waits on the database), whose writes
are atomic, so nothing is ever half-saved. A form edits what the screen behind it shows: it is
given the event or session, and reads nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from ...core import dates
from ...core.errors import CoprodError
from ...core.store import Store
from ..app import CoprodApp
from ..background import UsesCore
from .confirm import ConfirmScreen, leave_unsaved

T = TypeVar("T")
R = TypeVar("R")  # what a form saves and dismisses with: an Event or a Session

DATE_HINT = "UK style, e.g. 3/12/2026 10:00 or 3 Dec 2026 10am."
NOT_A_NUMBER = "Capacity is a whole number of places, e.g. 120. Leave it empty for no limit."


def typed_local(moment: str | datetime, tz: str) -> str:
    """A stored time as someone would type it back: 03/12/2026 10:00."""
    return dates.local(moment, tz).strftime("%d/%m/%Y %H:%M")


def parse_capacity(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise CoprodError(NOT_A_NUMBER)
    if int(text) < 0:
        raise CoprodError("Capacity cannot be negative. Leave it empty for no limit.")
    return int(text)


class FormScreen(UsesCore, ModalScreen[R | None]):
    """A modal form: fields with a hint and an error line each; ctrl+s saves, escape cancels
    (asking first once a field differs from what the form opened with).
    Subclasses set `heading` (and `note`), compose their fields with `field_row(...)` and implement
    `save()`, which reads fields with `read(...)` and returns the core write to run. The form
    dismisses with what the write returns (None when cancelled). A form that must ask before
    some writes sets `check` in `save()` (run first, in a worker) and answers `question(...)`."""

    # Beside this file, wherever a subclass lives (Textual reads a relative one from the subclass's).
    CSS_PATH = Path(__file__).with_name("form.tcss")

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""
    note = ""

    def __init__(self) -> None:
        super().__init__()
        self._problems: dict[str, str] = {}
        self._saving = False  # a write is on its way: a second ctrl+s must not save twice
        self.check: Callable[[Store], Any] | None = None
        self._as_opened: list[object] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box form-box"):
            yield Label(self.heading, classes="form-heading", markup=False)  # titles as typed
            if self.note:
                yield Label(self.note, classes="form-note muted", markup=False)
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.fields()
            yield Label("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def save(self) -> Callable[[Store], R] | None:
        """The write to run, or None when a field has a problem (noted with `read`/`problem`)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        for label in self.query(".field-error"):
            label.display = False
        self.query(Input).first().focus()
        self._as_opened = self._values()

    def _values(self) -> list[object]:
        """What every field holds, to tell whether anything was changed."""
        return [*(field.value for field in self.query(Input)), *(field.value for field in self.query(Select)),
                *(field.value for field in self.query(Checkbox))]

    # Fields ---------------------------------------------------------------------------------

    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def read(self, name: str, parse: Callable[[], T]) -> T | None:
        """parse(), or None with its message noted against the field."""
        try:
            return parse()
        except CoprodError as error:
            self._problems.setdefault(name, str(error))
            return None

    def read_span(self, tz: str) -> tuple[datetime | None, datetime | None]:
        """The "starts" and "ends" fields in zone tz (ends may be empty: None)."""
        starts = self.read("starts", lambda: dates.parse_when(self.text("starts"), tz))
        ends = None
        if self.text("ends"):
            ends = self.read("ends", lambda: dates.parse_when(self.text("ends"), tz))
        if starts and ends:
            self.read("ends", lambda: dates.check_span(starts, ends))
        return starts, ends

    def problem(self, name: str, message: str) -> None:
        self._problems.setdefault(name, message)

    # Saving ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        self._problems = {}
        self._show_problems()
        self.check = None
        write = self.save()
        if self._problems or write is None:
            self._show_problems()
            return
        self._saving = True
        if self.check is None:
            self._write(write)
        else:
            self.run_core(self.check, then=partial(self._ask, write), failed=self._refused, group="save")

    def question(self, checked: Any) -> tuple[str, str] | None:
        """What `check` found, as a question and its yes-button (None: save without asking)."""
        return None

    def _ask(self, write: Callable[[Store], R], checked: Any) -> None:
        if (asked := self.question(checked)) is None:
            self._write(write)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(write)
            else:
                self._saving = False  # the form stays open with what was typed

        question, yes = asked
        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Back to the form"), answer)

    def _write(self, write: Callable[[Store], R]) -> None:
        self.run_core(write, then=self.saved, failed=self._refused, group="save")

    def saved(self, result: R) -> None:
        self.dismiss(result)

    def _refused(self, error: Exception) -> None:
        """The core said no: at the field it names, where this form has it; else above the
        buttons. The form stays open with what was typed."""
        self._saving = False
        if not isinstance(error, CoprodError):
            self.app.report(error)
            return
        field = error.field if error.field and self.query(f"#{error.field}") else "form"
        self._problems = {field: str(error)}
        self._show_problems()

    def _show_problems(self) -> None:
        for label in self.query(".field-error").results(Label):
            name = (label.id or "").removesuffix("-error")
            message = self._problems.get(name, "")
            label.update(message)
            label.display = bool(message)
        if self._problems:
            first = next(iter(self._problems))
            if first != "form" and (widgets := self.query(f"#{first}")):
                widget = widgets.first()
                widget.focus(scroll_visible=False)
                row = widget.query_ancestor(".field", Horizontal)
                self.call_after_refresh(row.scroll_visible, top=True, animate=False)

    def action_cancel(self) -> None:
        """Close, saving nothing: at once if nothing was changed, else once they say so."""
        if self._values() == self._as_opened:
            self.dismiss(None)
        else:
            self.app.push_screen(leave_unsaved(), lambda leave: self.dismiss(None) if leave else None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, as on a paper form; ctrl+s saves."""
        event.stop()
        self.focus_next()
