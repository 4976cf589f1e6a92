"""An Input whose typing repaints only itself."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class TypingInput(Input):
    """For boxes where every key counts: the scan field, search as you type.

    Textual's Input sets its virtual size (the text's width, for scrolling) on every key, and
    a widget's virtual size lays out the whole screen again when it changes: ~10 ms a key on
    the event screen. A one-line box with a fixed size and no scrollbar needs none of that,
    so here the virtual size only repaints.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)
