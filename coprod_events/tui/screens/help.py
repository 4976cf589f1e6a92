"""Help (F1): the keys of the screen it was opened on, what that screen is for, and at the desk
what each verdict means and what to do about it.

The keys are read from the screen's own bindings (and the app's), so help cannot drift from
what the keys do. The kiosk has none: it is locked, and F1 does nothing there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


@dataclass(frozen=True)
class About:
    heading: str
    intro: str
    verdicts: bool = False


# Screens don't import each other (tests/test_layering.py): they are named by class here.
ABOUT = {
    "EventsScreen": About(
        "Events",
        "Every event: those upcoming or running first (soonest first), then past ones. Choose one "
        "with ↑ ↓ and press Enter to open its registrations, waiting list and sessions."),
    "EventScreen": About(
        "An event",
        "Its registrations, waiting list and sessions, in three tabs (keys 1, 2 and 3), and a summary "
        "to plan by (key 4: places, catering and access needs in counts, rooms too small). The keys "
        "below act on the highlighted row of the tab you are on; Enter opens it."),
    "RegistrationScreen": About(
        "A registration",
        "One person at this event: their details, roles, access needs and sessions. Access needs "
        "and notes are kept only with the person's recorded consent. Nothing is saved until "
        "Ctrl+S. When they ask what is held about them, or to be erased, the palette (Ctrl+P) "
        "does either."),
    "DeskScreen": About(
        "The check-in desk",
        "Scan a ticket, or type its code and press Enter: the scan field always has focus. The "
        "panel shows the verdict in colour, symbol and word, and what staff must do for the person.",
        verdicts=True),
}

# Longer words than the Footer has room for, by action.
EXPLAIN = {
    "find": "Find someone by name or email and check them in",
    "walk_in": "Walk-in: register someone and check them in",
    "force": "Force: admit after a refusable verdict (asks why; the log keeps it)",
    "check_in_pas": "Check in the person's PA or supporter too",
    "undo": "Undo this desk's last check-in (asks first)",
    "toggle_direction": "Switch between entry and exit",
    "choose_door": "Choose the door or a session",
    "reveal_notes": "Show the person's notes (private: only when needed)",
    "toggle_bell": "Bell on refusals on / off",
    "toggle_camera": "Camera on / off: scan tickets held up to the computer's camera",
    "command_palette": "Command palette: go to an event, register someone, open the desk or the "
                       "kiosk, themes (including high contrast), save a screenshot",
    "cancel_registration": "Cancel the highlighted registration",
    "desk": "Open the check-in desk",
    "documents": "Documents: door list, registers, badges, tickets, certificates, exports",
    "certificate": "Write this person's certificate of attendance (if they are not eligible, says why)",
    "help": "This help",
    "focus_next": "Next field, list or button",
    "focus_previous": "Previous field, list or button",
}

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
    ("✗ WAITLISTED", "[red]red[/]", "On the waiting list, not confirmed. Forcing admits and confirms "
     "them; undoing that check-in puts them back in line."),
)

PRIVACY = ("Privacy: access needs and notes are health data. Badges and the kiosk never show them; "
           "the desk shows staff actions, and notes only when you press F7.")

_KEY_NAMES = {"escape": "Esc", "slash": "/", "enter": "Enter", "tab": "Tab", "space": "Space",
              "up": "↑", "down": "↓", "left": "←", "right": "→", "delete": "Delete"}
# Every screen's keys from Textual (Tab, Shift+Tab): listed last, after this screen's and the app's.
_EVERY_SCREEN = {binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)}
_LEFT_OUT = {"screen.copy_text"}  # copying selected text: not a key anyone needs at the desk


def key_name(key: str) -> str:
    """How a person reads a bound key: "ctrl+s" -> "Ctrl+S", "f2" -> "F2", "escape" -> "Esc",
    "n" -> "n" (a letter alone as typed: N would be Shift+N)."""
    *modifiers, name = key.split("+")
    shown = _KEY_NAMES.get(name) or (
        name if len(name) == 1 and not modifiers else name.upper() if len(name) <= 3 else name.title())
    return "+".join([*(m.title() for m in modifiers), shown])


class Key(NamedTuple):
    keys: str  # "Esc / F1"
    does: str
    now: bool  # usable now (others work when they apply: on another tab, after a refusal)


def keys_of(screen: Screen) -> list[Key]:
    """Every key `screen` declares (usable now or not), then the app's, then Tab and Shift+Tab.
    A focused field's own editing keys are left out."""
    active = screen.active_bindings
    found: dict[tuple[bool, str], tuple[list[str], Binding, bool]] = {}
    listed: set[str] = set()

    def add(key: str, binding: Binding, mine: bool) -> None:
        if (key in listed or binding.action in _LEFT_OUT
                or not (binding.description or binding.tooltip)):
            return
        listed.add(key)
        now = key in active and active[key].binding.action == binding.action and active[key].enabled
        keys, _, was_now = found.setdefault((mine, binding.action), ([], binding, False))
        keys.append(key_name(key))
        found[mine, binding.action] = (keys, binding, was_now or now)

    for binding in Binding.make_bindings(type(screen).BINDINGS):
        add(binding.key, binding, mine=True)
    for key, bound in active.items():
        if bound.node is screen.app or bound.binding.action in _EVERY_SCREEN:
            add(key, bound.binding, mine=False)
    ordered = sorted(found.values(), key=lambda row: row[1].action in _EVERY_SCREEN)
    return [Key(" / ".join(keys), EXPLAIN.get(binding.action.removeprefix("app."))
                or binding.tooltip or binding.description, now) for keys, binding, now in ordered]


class HelpScreen(Screen):
    """What the screen it was opened on is for, and its keys."""

    CSS_PATH = "help.tcss"

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close help")]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = ABOUT.get(type(about).__name__, About(about.title or "This screen", ""))
        self.keys = keys_of(about)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Static(self.about.heading, classes="help-heading", markup=False)
            if self.about.intro:
                yield Static(self.about.intro, classes="help-intro", markup=False)
            yield Static(_keys_table(self.keys))
            if not all(key.now for key in self.keys):
                yield Static("Dimmed keys work only when they apply.",
                             classes="muted")
            if self.about.verdicts:
                yield Static("What the verdicts mean (colour, symbol and word together)",
                             classes="help-heading")
                yield Static(_table(("Verdict", "Colour", "What to do"), VERDICTS))
            yield Static(PRIVACY, classes="muted help-privacy")
        yield Footer()


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> Table:
    table = Table(*headers, expand=True, show_edge=False, header_style="bold")
    for row in rows:
        table.add_row(*row)
    return table


def _keys_table(keys: list[Key]) -> Table:
    table = Table("Key", "What it does", expand=True, show_edge=False, header_style="bold")
    for key in keys:
        table.add_row(Text(key.keys), Text(key.does), style=None if key.now else "dim")
    return table
