"""The check-in desk: the on-the-day screen. The scan field always has focus."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from ...core import checkin, events, registrations
from ...core.checkin import Verdict, tone
from ...core.errors import CoprodError
from ...core.store import Store
from ..app import CoprodApp
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.desk import DoorScreen, FindScreen, WalkInScreen
from ..messages import DatabaseChanged
from ..widgets.scan_input import ScanInput
from ..widgets.verdict import VerdictPanel

RECENT = 8
SYMBOLS = {"admitted": "✓", "look": "!", "refused": "✗"}


class DeskScreen(Screen):
    """Scan or search, read the verdict, act on it; live counts from every desk."""

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("f2", "find", "Find"),
        Binding("f3", "walk_in", "Walk-in"),
        Binding("f4", "force", "Force"),
        Binding("f9", "check_in_pas", "PA"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("f5", "toggle_direction", "In/out"),
        Binding("f6", "choose_door", "Where"),
        Binding("f7", "reveal_notes", "Notes"),
        Binding("f8", "toggle_bell", "Bell"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),  # room in the Footer for the desk's keys
    ]

    direction: reactive[str] = reactive("entry")
    session_id: reactive[int | None] = reactive(None)
    bell: reactive[bool] = reactive(True)

    def __init__(self, event_id: int, *, session_id: int | None = None, station: str | None = None):
        super().__init__()
        self.event_id = event_id
        self.station = station
        self.set_reactive(DeskScreen.session_id, session_id)
        self.last: Verdict | None = None
        self.keys: dict[str, bool | None] = {"force": None, "check_in_pas": False, "reveal_notes": None}
        self.last_scan: tuple[str, int | None] = ("", None)  # (raw input, registration id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="desk-bar"):
            yield Static(id="desk-where", markup=False)
            yield Static(id="desk-counts")
        yield ScanInput(placeholder="Scan a ticket, or type a code and press Enter", id="scan")
        yield VerdictPanel(id="verdict")
        yield Static("Recent check-ins (all desks)", id="recent-title")
        yield DataTable(id="recent", cursor_type="none", show_cursor=False, zebra_stripes=True)
        # Compact, without the palette hint: every desk key fits in 100 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        event = self.event
        self.sub_title = event.title
        table = self.query_one("#recent", DataTable)
        table.can_focus = False
        table.add_columns("Time", "", "Name", "Verdict", "Desk")
        self._show_where()
        self.refresh_live()
        self.query_one("#scan").focus()

    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def event(self) -> events.Event:
        return events.get_event(self.store, self.event_id)

    # What this desk is doing ----------------------------------------------------------------

    def watch_direction(self) -> None:
        self._show_where()

    def watch_session_id(self) -> None:
        if self.query("#recent"):
            self._show_where()
            self.refresh_live()

    def watch_bell(self) -> None:
        self._show_where()

    def _show_where(self) -> None:
        if not self.query("#desk-where"):  # a watcher before compose
            return
        place = "Door (whole event)"
        if self.session_id is not None:
            session = events.get_session(self.store, self.event_id, self.session_id)
            place = f"{session.title}" + (f" · {session.room}" if session.room else "")
        mode = "ENTRY" if self.direction == "entry" else "EXIT (checking out)"
        parts = [place, mode, f"desk {self.station}" if self.station else None,
                 None if self.bell else "bell off"]
        self.query_one("#desk-where", Static).update(" · ".join(p for p in parts if p))

    def refresh_live(self) -> None:
        """Counts and the last few check-ins, including other desks'."""
        counts = checkin.counts(self.store, self.event_id, session_id=self.session_id,
                                at=self.app.clock())
        self.query_one("#desk-counts", Static).update(
            f"Checked in {counts.checked_in} / {counts.expected}")
        table = self.query_one("#recent", DataTable)
        table.clear()
        event = self.event
        today = event.local_day(self.app.clock())
        for entry in checkin.recent(self.store, self.event_id, limit=RECENT):
            mood = tone(entry)
            verdict = ("undone" if entry.annulled else
                       ("out" if entry.direction == "exit" else entry.reason.replace("_", " "))
                       + (" (forced)" if entry.forced else ""))
            if entry.from_kiosk and not entry.admitted:
                verdict += " → sent to the desk"  # the kiosk showed only "Please see the desk"
            when = event.show(entry.at, with_date=event.local_day(entry.at) != today)
            cells = (when, SYMBOLS[mood], entry.name or "(unknown code)", verdict, entry.station or "")
            table.add_row(*map(Text, cells))  # Text: names and desk names are not markup

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.refresh_live()

    def on_screen_resume(self) -> None:
        self.query_one("#scan").focus()

    # Scanning ---------------------------------------------------------------------------

    @on(Input.Submitted, "#scan")
    def scanned(self, submitted: Input.Submitted) -> None:
        submitted.input.value = ""
        if not submitted.value.strip():
            return
        self.check(submitted.value)

    def check(self, raw: str, *, force: bool = False, registration_id: int | None = None) -> Verdict | None:
        """Ask the core for a verdict and show it; the scan field is ready again at once."""
        try:
            verdict = checkin.check_in(
                self.store, self.event_id, raw, session_id=self.session_id,
                direction=self.direction, force=force, station=self.station,
                at=self.app.clock(), registration_id=registration_id)
        except Exception as error:  # the desk keeps running; the message says what happened
            self.app.report(error)
            return None
        self.last, self.last_scan = verdict, (raw, registration_id)
        self.show(verdict)
        return verdict

    def show(self, verdict: Verdict) -> None:
        panel = self.query_one(VerdictPanel)
        panel.notes = ()
        panel.verdict = verdict
        if self.bell and tone(verdict) == "refused":
            self.app.bell()
        self.refresh_live()
        self._update_keys(verdict)
        self.query_one("#scan").focus()

    # Actions ---------------------------------------------------------------------------

    def _update_keys(self, verdict: Verdict | None) -> None:
        """Which verdict-dependent keys apply. The Footer is rebuilt only when that changes:
        a rebuild per scan costs a frame (and leaks widgets in Textual 8.2, issue #6666)."""
        keys = {
            "force": True if verdict and verdict.forceable else None,
            "check_in_pas": bool(verdict and verdict.admitted and verdict.registration_id
                                 and registrations.pas_of(self.store, verdict.registration_id)),
            "reveal_notes": True if verdict and verdict.registration_id else None,
        }
        if keys != self.keys:
            self.keys = keys
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.keys.get(action, True)

    def action_force(self) -> None:
        last = self.last
        if not (last and last.forceable):
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.force_last()

        self.app.push_screen(
            ConfirmScreen(f"Admit {last.name or 'this person'} anyway?", last.message,
                          yes="Admit (override)"), confirmed)

    def force_last(self) -> None:
        raw, registration_id = self.last_scan
        self.check(raw, force=True, registration_id=registration_id)

    def action_check_in_pas(self) -> None:
        last = self.last
        if not (last and last.registration_id):
            return
        names = []
        for pa_id, name in registrations.pas_of(self.store, last.registration_id):
            verdict = self.check("", registration_id=pa_id)
            if verdict and verdict.admitted:
                names.append(name)
        if names:
            self.app.notify(f"Also checked in: {', '.join(names)}", title="PA")

    def action_undo(self) -> None:
        checkin_id = checkin.last_checkin(self.store, self.event_id, station=self.station)
        if checkin_id is None:
            self.app.notify("Nothing to undo at this desk.")
            return
        done = checkin.replay(self.store, checkin_id)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                undone = checkin.undo(self.store, checkin_id)
            except CoprodError as error:
                self.app.report(error)
                return
            self.last = None
            panel = self.query_one(VerdictPanel)
            panel.verdict = None
            panel.idle_text = f"Undone: {undone.name or 'that check-in'}. Ready for the next scan."
            self.refresh_live()
            self._update_keys(None)

        self.app.push_screen(ConfirmScreen(
            f"Undo the check-in of {done.name or 'an unknown code'}?",
            "It stops counting; the log keeps it, marked undone.", yes="Undo"), confirmed)

    def action_toggle_direction(self) -> None:
        self.direction = "exit" if self.direction == "entry" else "entry"

    def action_toggle_bell(self) -> None:
        self.bell = not self.bell

    def action_reveal_notes(self) -> None:
        last = self.last
        if not (last and last.registration_id):
            return
        registration = registrations.get_registration(self.store, last.registration_id)
        notes = tuple(f"{label}: {text}" for label, text in (
            ("Access", registration.access_notes), ("Role", registration.role_notes),
            ("Dietary", registration.dietary)) if text)
        self.query_one(VerdictPanel).notes = notes or ("No notes for this person.",)

    def action_find(self) -> None:
        def found(registration_id: int | None) -> None:
            if registration_id is not None:
                self.check("", registration_id=registration_id)

        self.app.push_screen(FindScreen(self.event_id), found)

    def action_walk_in(self) -> None:
        def registered(registration_id: int | None) -> None:
            if registration_id is None:
                return
            verdict = self.check("", registration_id=registration_id)
            if verdict and verdict.forceable:  # a full event: staff chose to let them in
                self.force_last()

        self.app.push_screen(WalkInScreen(self.event_id), registered)

    def action_choose_door(self) -> None:
        def chosen(choice: tuple[int | None] | None) -> None:
            if choice is not None:
                self.session_id = choice[0]

        self.app.push_screen(DoorScreen(self.event_id, self.session_id), chosen)

    def action_back(self) -> None:
        self.app.leave_desk(self.event_id)
