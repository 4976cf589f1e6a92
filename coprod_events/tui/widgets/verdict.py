"""The large verdict panel: readable from a step away, never colour alone.

Laid out as widgets (mode banner, headline, big name, message, staff actions, notes) so the desk
can measure what the verdict needs and let its recent list give way: nothing in a verdict is cut.
A scan updates the widgets in place; none are built per scan.
"""

from __future__ import annotations

import sys
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from ...core.checkin import EXIT, Verdict, tone
from .big_text import BigText

EXIT_MODE = "EXIT MODE — scanning people OUT"
READY = "Ready: scan a ticket or type a code, then Enter."
READY_OUT = "Ready: scan a ticket to check that person out."


def headline(verdict: Verdict) -> str:
    """A symbol and a word, so the verdict reads without colour, and the name as spelled."""
    if verdict.admitted:
        word = "← CHECKED OUT" if verdict.direction == EXIT else "✓ ADMITTED"
        word += "  (staff override)" if verdict.forced else ""
    else:
        label = verdict.reason.replace("_", " ").upper()
        word = f"! CHECK: {label}" if tone(verdict) == "look" else f"✗ REFUSED: {label}"
    return f"{word}  ·  {verdict.name}" if verdict.name else word


def colour(verdict: Verdict | None, exit_mode: bool) -> str:
    """The panel's class: a verdict's tone, but a check-out is not an admission's green."""
    if verdict is None:
        return "exit" if exit_mode else "idle"
    return "exit" if verdict.admitted and verdict.direction == EXIT else tone(verdict)


class VerdictPanel(Vertical):
    """Shows the last verdict, the staff actions for the person, and notes when revealed.

    It scrolls only if the terminal is too small for even the plain verdict; the desk gives it
    the rows it asks for (`fit`) before anything else.
    """

    DEFAULT_CSS = """
    VerdictPanel { overflow-y: auto; }
    VerdictPanel > Static { width: 100%; height: auto; }
    VerdictPanel > BigText { margin: 1 0; }
    """

    def __init__(self, **kwargs) -> None:
        # Born with the classes its first paint gives it: no restyle of the panel at start.
        super().__init__(classes="verdict " + colour(None, exit_mode=False), **kwargs)
        self.verdict: Verdict | None = None
        self.earlier: tuple[Verdict, ...] = ()  # a burst's verdicts before this one, to see to
        self.notes: tuple[str, ...] = ()
        self.idle_text = READY
        self.exit_mode = False
        self.big_name = True  # block letters if they fit; `fit` decides

    def compose(self) -> ComposeResult:
        yield Static(EXIT_MODE, id="verdict-mode", markup=False)
        yield Static(id="verdict-headline", markup=False)
        yield BigText(id="verdict-name", max_line=sys.maxsize)
        yield Static(id="verdict-message", markup=False)
        yield Static(id="verdict-actions", markup=False)
        yield Static(id="verdict-notes", markup=False)
        yield Static(id="verdict-earlier", markup=False)

    def on_mount(self) -> None:
        self._parts = {part.id: part for part in self.query_children(Static)}
        self._paint()

    # What the desk shows -------------------------------------------------------------------

    def show_verdict(self, verdict: Verdict, earlier: tuple[Verdict, ...] = ()) -> None:
        """`earlier`: verdicts of the same burst that were never on show and need staff (their
        actions, or a refusal), listed under this one so that none goes unseen."""
        self.verdict, self.earlier, self.notes = verdict, earlier, ()
        self._paint()

    def show_notes(self, notes: tuple[str, ...]) -> None:
        self.notes = notes
        self._paint()

    def show_idle(self, text: str) -> None:
        """No verdict on show: a line saying what the desk is doing instead."""
        self.verdict, self.earlier, self.notes, self.idle_text = None, (), (), text
        self._paint()

    def show_mode(self, *, exit_mode: bool) -> None:
        """The desk turned round: the verdict on show was the other way's, so it goes."""
        self.exit_mode = exit_mode
        self.show_idle(READY_OUT if exit_mode else READY)

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        verdict = self.verdict
        self.set_classes("verdict " + colour(verdict, self.exit_mode))
        self._set("verdict-mode", EXIT_MODE if self.exit_mode else None)
        self._set("verdict-headline", Text(headline(verdict) if verdict else self.idle_text, style="bold"))
        name = self._big_name
        name.text = verdict.name if verdict and verdict.name else ""
        name.display = bool(name.text) and self.big_name
        self._set("verdict-message", verdict.message if verdict else None)
        self._set("verdict-actions", self._actions(verdict) if verdict else None)
        self._set("verdict-notes", Text("\n".join(self.notes), style="italic") if self.notes else None)
        self._set("verdict-earlier", self._earlier(self.earlier) if verdict and self.earlier else None)

    @staticmethod
    def _actions(verdict: Verdict) -> Text | None:
        text = Text()
        if verdict.room:
            text.append(f"Room: {verdict.room}\n")
        if verdict.attention:
            text.append("Staff actions:", style="bold underline")
            for action in verdict.attention:
                text.append(f"\n  • {action}")
        text.rstrip()
        return text if text.plain else None

    @staticmethod
    def _earlier(verdicts: tuple[Verdict, ...]) -> Text:
        text = Text("Also scanned just before:", style="bold underline")
        for verdict in verdicts:
            text.append(f"\n  {headline(verdict)}", style="bold")
            for action in verdict.attention:
                text.append(f"\n    • {action}")
        return text

    @property
    def _big_name(self) -> BigText:
        return cast(BigText, self._parts["verdict-name"])

    def _set(self, part_id: str, content: str | Text | None) -> None:
        """Show a part (or hide it, empty). A part is laid out again only if its height changes:
        most scans just repaint the panel, as fast as one Static."""
        part = self._parts[part_id]
        part.display = bool(content)
        if content:
            part.update(content, layout=False)
            width = part.size.width
            if not width or part.get_content_height(part.size, part.size, width) != part.size.height:
                part.refresh(layout=True)

    # Fitting -------------------------------------------------------------------------------

    def fit(self, rows: int, width: int) -> int:
        """The rows this panel needs at `width` columns to show all of its verdict, given `rows`
        to share with the recent list: the name in block letters only if all of it fits then."""
        inner = width - self.styles.gutter.width
        plain = self.styles.gutter.height + sum(
            self._height(child, inner) for child in self.children
            if child.display and child.id != "verdict-name")
        name = self._big_name
        drawn = name.rows(inner) if name.text else None
        big = len(drawn) + name.styles.margin.height if drawn else 0
        self.big_name = bool(big) and plain + big <= rows
        name.display = self.big_name
        return plain + (big if self.big_name else 0)

    @staticmethod
    def _height(widget: Widget, width: int) -> int:
        inner = width - widget.styles.gutter.width - widget.styles.margin.width
        size = Size(width, 0)
        return (widget.get_content_height(size, size, inner) + widget.styles.gutter.height
                + widget.styles.margin.height)
