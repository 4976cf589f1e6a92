"""Help: the keys, and what each verdict means and what to do about it."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

DESK_KEYS = (
    ("Scan / type + Enter", "Check the code in (the scan field always has focus)"),
    ("F2", "Find someone by name or email and check them in"),
    ("F3", "Walk-in: register someone and check them in"),
    ("F4", "Force: admit after a refusable verdict (asks first; the log says forced)"),
    ("F9", "Check in the person's PA or supporter too"),
    ("Ctrl+Z", "Undo this desk's last check-in (asks first)"),
    ("F5", "Switch between entry and exit"),
    ("F6", "Choose the door or a session"),
    ("F7", "Show the person's notes (private: only when needed)"),
    ("F8", "Bell on refusals on / off"),
    ("Esc", "Back"),
    ("Ctrl+P", "Command palette: go to an event, register someone, open the desk or the kiosk, "
               "themes (including high contrast)"),
    ("Ctrl+Q", "Quit"),
)

VERDICTS = (
    ("✓ ADMITTED", "[green]green[/]", "Welcome them. Read the staff actions (seat, interpreter, PA)."),
    ("! ALREADY CHECKED IN", "[dark_orange]amber[/]",
     "Someone checked this ticket in today: the panel says when and at which desk. A friend's "
     "ticket? Ask, then Force if it is really them re-entering."),
    ("! OUTSIDE WINDOW", "[dark_orange]amber[/]",
     "Too early or after the end. The panel says when check-in opens. Force if they should come in now."),
    ("! NOT BOOKED", "[dark_orange]amber[/]",
     "They have not booked this session. Check the room has space, then Force."),
    ("✗ UNKNOWN CODE", "[red]red[/]",
     "Not a ticket of ours. Find them by name (F2) or register a walk-in (F3)."),
    ("✗ REVOKED CODE", "[red]red[/]", "An old ticket: a newer one was issued. Find them by name (F2)."),
    ("✗ WRONG EVENT", "[red]red[/]",
     "A ticket for another event (the panel names it). Point them the right way."),
    ("✗ CANCELLED", "[red]red[/]", "Their registration was cancelled. Force if they are welcome after all."),
    ("✗ WAITLISTED", "[red]red[/]", "On the waiting list, not confirmed. Forcing admits and confirms them."),
)


class HelpScreen(Screen):
    """Keys and verdicts, one screen, for a newcomer at the desk."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close help")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Static("The check-in desk", classes="help-heading")
            yield Static(_table(("Key", "What it does"), DESK_KEYS))
            yield Static("What the verdicts mean (colour, symbol and word together)",
                         classes="help-heading")
            yield Static(_table(("Verdict", "Colour", "What to do"), VERDICTS))
            yield Static("Privacy: access needs and notes are health data. Badges and the kiosk never "
                         "show them; the desk shows staff actions, and notes only when you press F7.",
                         classes="muted")
        yield Footer()


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> Table:
    table = Table(*headers, expand=True, show_edge=False, header_style="bold")
    for row in rows:
        table.add_row(*row)
    return table
