"""Building blocks of the registration form: a labelled input with its error line, a part kept
out of sight until there is something to show in it, and a list ticked to match what is stored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual.containers import HorizontalGroup, VerticalGroup
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static

from ...core.text import MAX_FIELD

W = TypeVar("W", bound=Widget)
T = TypeVar("T")


def hidden(widget: W) -> W:
    """The widget, not displayed until the screen has something to show in it."""
    widget.display = False
    return widget


def labelled_input(label: str, input_id: str, *, placeholder: str = "",
                   max_length: int = MAX_FIELD) -> VerticalGroup:
    """A labelled Input (id `input_id`) with an error line beneath it (id `input_id-error`,
    hidden while there is no error)."""
    return VerticalGroup(
        HorizontalGroup(Label(label, classes="reg-label"),
                        Input(id=input_id, placeholder=placeholder, max_length=max_length),
                        classes="reg-row"),
        hidden(Static(id=f"{input_id}-error", classes="field-error", markup=False)),
        id=f"{input_id}-field", classes="reg-field",
    )


def tick_exactly(selection_list: SelectionList[T], values: Iterable[T]) -> None:
    """Tick these values and untick the rest."""
    selection_list.deselect_all()
    for value in values:
        selection_list.select(value)
