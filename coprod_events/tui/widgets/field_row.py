"""One row of a modal form (the event and session forms): a label on the left; the input, its
hint and its error line on the right. Dialogs and widgets build their rows with it, so a form's
error lines are found by id whichever widget holds the row."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select

FieldWidget = Input | Select | Checkbox  # what a form row holds: each can be drawn compact


def field_row(name: str, label: str, widget: FieldWidget, hint: str = "") -> Horizontal:
    """One row: the label on the left; the widget (id `name`), its hint and its error line
    (id `name-error`) on the right. The row's id is `row-name`."""
    widget.id = name
    widget.compact = True
    body: list[Widget] = [widget]
    if hint:
        body.append(Label(hint, classes="field-hint muted"))
    body.append(Label("", id=f"{name}-error", classes="field-error", markup=False))
    return Horizontal(Label(label, classes="field-label"), Vertical(*body, classes="field-body"),
                      id=f"row-{name}", classes="field")
