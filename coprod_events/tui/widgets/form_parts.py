"""Building blocks of the registration form: a section heading, a labelled one-row input with its
error line, a checklist that Space ticks from its first focus, a part kept out of sight until there is
something to show in it, and a list ticked to match what is stored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual.containers import HorizontalGroup, VerticalGroup
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...core.text import MAX_FIELD

W = TypeVar("W", bound=Widget)
T = TypeVar("T")


def hidden(widget: W) -> W:
    """The widget, not displayed until the screen has something to show in it."""
    widget.display = False
    return widget


def heading(title: str, hint: str = "") -> HorizontalGroup:
    """A section's heading: one row, with a hint beside it in muted text."""
    return HorizontalGroup(Label(title, classes="reg-heading"),
                           *([Label(hint, classes="reg-hint muted")] if hint else []),
                           classes="reg-heading-row")


def labelled_input(label: str, input_id: str, *, placeholder: str = "",
                   max_length: int = MAX_FIELD) -> VerticalGroup:
    """A label beside a one-row Input (id `input_id`), with an error line beneath it (id
    `input_id-error`, hidden while there is no error)."""
    return VerticalGroup(
        HorizontalGroup(Label(label, classes="reg-label"),
                        Input(id=input_id, placeholder=placeholder, max_length=max_length, compact=True),
                        classes="reg-row"),
        hidden(Static(id=f"{input_id}-error", classes="field-error", markup=False)),
        id=f"{input_id}-field", classes="reg-field",
    )


class Checklist(SelectionList[T]):
    """A compact SelectionList that Space ticks as soon as it has the focus. Textual highlights
    the first option only of options given when the list is built; options added later (the
    sessions, read from the database) left nothing highlighted, so Space ticked nothing until
    an arrow key was pressed."""

    def __init__(self, *selections: Selection[T], id: str | None = None, classes: str | None = None):
        super().__init__(*selections, id=id, classes=classes, compact=True)

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


def tick_exactly(selection_list: SelectionList[T], values: Iterable[T]) -> None:
    """Tick these values and untick the rest."""
    selection_list.deselect_all()
    for value in values:
        selection_list.select(value)
