"""The check-in desk: the on-the-day screen. The scan field always has focus.

Scans queue and are checked one at a time, in the order they came, each in a worker: the screen
keeps painting and taking scans while another desk holds the database's write lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from ...core import checkin, events, registrations
from ...core.checkin import Verdict, tone
from ...core.errors import Busy
from ...core.store import Store
from ..app import CoprodApp
from ..background import InOrder, UsesCore
from ..kiosk_unlock import KioskUnlockCommand
from ..messages import DatabaseChanged
from ..widgets.scan_input import ScanInput
from ..widgets.verdict import VerdictPanel

if TYPE_CHECKING:
    from ...core import offline
    from ..widgets.camera_preview import CameraPreview

# The dialogs (and the camera's preview) are imported where they open, not before the desk's
# first paint (start-up is queue time).

RECENT = 8
RECENT_ROWS = RECENT + 2  # the list's title and column labels, and its rows
RECENT_MIN_ROWS = 3  # fewer, and the list is hidden rather than shown as a title alone
LIVE_COLUMNS = ("Time", "", "Name", "Verdict", "Where", "Desk")
WHERE_WIDTH = 24  # a long session title is cut (…) before it pushes the desk's name off
WHY_WIDTH = 24  # and so is why staff forced a check-in (up to 200 characters)
SYMBOLS = {"admitted": "✓", "look": "!", "refused": "✗", "exit": "←", "undone": "↺"}
SYMBOL_COLOURS = {"✓": "text-success", "!": "text-warning", "✗": "text-error", "←": "text-secondary"}
BUSY = "Another desk is busy: nothing was recorded. Scan again."
BUSY_SEVERAL = "Another desk is busy: the last {count} scans were not recorded. Scan them again."
WAITING = "Checking… another desk is writing to the database; this scan waits its turn."
SLOW_SCAN = 0.3  # seconds before a scan that has not come back says it is waiting


@dataclass(frozen=True)
class Scan:
    """One check to make: what was scanned (or who was chosen by name), and how."""
    raw: str
    registration_id: int | None = None
    force: bool = False
    reason: str | None = None  # why staff forced it
    ask_to_force: bool = False  # a walk-in at a full event: staff decide, in a dialog


@dataclass(frozen=True)
class Checked:
    """A check's verdict, and the PAs who may come in with the person (F9)."""
    scan: Scan
    verdict: Verdict
    pas: tuple[registrations.Link, ...]


@dataclass(frozen=True)
class Live:
    counts: checkin.Counts
    recent: list[checkin.LogEntry]


def _live(store: Store, event_id: int, session_id: int | None, at: datetime) -> Live:
    return Live(checkin.counts(store, event_id, session_id=session_id, at=at),
                checkin.recent(store, event_id, limit=RECENT))


def _place(store: Store, event_id: int, session_id: int | None
           ) -> tuple[events.Place, offline.Snapshot | None]:
    """Where this desk checks in, and the snapshot it works on (None on the hub's own file)."""
    from ...core import offline  # in the worker: not before the desk's first paint

    return events.get_place(store, event_id, session_id), offline.snapshot_of(store)


def _cut(text: str, width: int) -> str:
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip() + "…"


class DeskScreen(UsesCore, Screen):
    """Scan or search, read the verdict, act on it; live counts from every desk."""

    CSS_PATH = "desk.tcss"

    app = getters.app(CoprodApp)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # desk.tcss: a short terminal's verdict
    BINDINGS = [
        Binding("f2", "find", "Find"),
        Binding("f3", "walk_in", "Walk-in"),
        Binding("f4", "force", "Force"),
        Binding("f9", "check_in_pas", "PA"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("f5", "toggle_direction", "In/out"),
        Binding("f6", "choose_door", "Where"),
        Binding("f7", "reveal_notes", "Notes"),
        Binding("f8", "toggle_bell", "Bell", show=False),  # F1 lists it; the bar says "bell off"
        # Priority: in the scan field (always focused) ctrl+k would delete to the end of the line.
        Binding("ctrl+k", "toggle_camera", "Camera", show=False, priority=True),
        Binding("f10", "dashboard", "Dashboard", show=False),  # F1 lists it: the bar is full at 80
        Binding("escape", "back", "Back"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),  # room in the Footer for the desk's keys
    ]

    COMMANDS = {KioskUnlockCommand}  # with the app's: lift the kiosk PIN wait

    direction: reactive[str] = reactive("entry")
    session_id: reactive[int | None] = reactive(None)
    bell: reactive[bool] = reactive(True)

    def __init__(self, event_id: int, *, session_id: int | None = None, station: str | None = None):
        super().__init__()
        self.event_id = event_id
        self.station = station
        self.set_reactive(DeskScreen.session_id, session_id)
        self.place: events.Place | None = None
        self.live_rows: list[tuple[str, ...]] = []  # what the live list shows
        self.last: Checked | None = None
        self.keys: dict[str, bool | None] = {"force": None, "check_in_pas": False, "reveal_notes": None}
        self.scans = InOrder(self, "scan")
        self.slow: Timer | None = None  # says "waiting" if the scan being checked is slow
        self.unrecorded = 0  # scans of this burst that another desk's lock kept out of the log
        self.burst_to_see: list[Verdict] = []  # verdicts of this burst not on show that need staff
        self.camera: CameraPreview | None = None  # made when the camera first starts
        self.camera_paused = False  # on when staff went to another page: on again when back

    def compose(self) -> ComposeResult:
        yield Header(classes="desk-fixed")
        with Horizontal(id="desk-bar", classes="desk-fixed"):
            yield Static(id="desk-where", markup=False)
            yield Static(id="desk-counts")
        yield ScanInput(placeholder="Scan a ticket, or type a code and press Enter", id="scan",
                        classes="desk-fixed")
        yield VerdictPanel(id="verdict")
        with Vertical(id="recent-box"):  # gives way to the verdict: see _fit
            yield Static("Recent check-ins (all desks)", id="recent-title")
            yield DataTable(id="recent", cursor_type="none", show_cursor=False, zebra_stripes=True)
        # Compact, without the palette hint: every desk key fits in 100 columns.
        yield Footer(compact=True, show_command_palette=False, classes="desk-fixed")

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.can_focus = False
        table.add_columns(*LIVE_COLUMNS)
        self.query_one("#scan").focus()
        self._load_place()
        if self.app.camera is not None:
            self.call_later(self.action_toggle_camera)

    # What this desk is doing ----------------------------------------------------------------

    def _load_place(self) -> None:
        self.run_core(_place, self.event_id, self.session_id, then=self._show_place,
                      group="place", exclusive=True)

    def _show_place(self, found: tuple[events.Place, offline.Snapshot | None]) -> None:
        place, snapshot = found
        self.place = place
        # On a snapshot (the network is down), say so first: it is not the hub's live file.
        self.sub_title = ("OFFLINE SNAPSHOT, merge at the hub · " if snapshot else "") + place.event.title
        self._show_where()
        self.refresh_live()

    def watch_direction(self, direction: str) -> None:
        self._show_where()
        self.last = None  # the other way's verdict: F4, F7 and F9 no longer apply to it
        self._update_keys()
        self.query_one(VerdictPanel).show_mode(exit_mode=direction == "exit")
        self._fit()

    def watch_session_id(self) -> None:
        if self.is_mounted:
            self._load_place()

    def watch_bell(self) -> None:
        self._show_where()

    def _show_where(self) -> None:
        if self.place is None:
            return
        session = self.place.session
        place = (f"{session.title}" + (f" · {session.room}" if session.room else "")
                 if session else "Door (whole event)")
        mode = "ENTRY" if self.direction == "entry" else "EXIT (checking out)"
        parts = [place, mode, f"desk {self.station}" if self.station else None,
                 None if self.bell else "bell off"]
        self.query_one("#desk-where", Static).update(" · ".join(p for p in parts if p))

    def refresh_live(self) -> None:
        """Counts and the last few check-ins, including other desks'."""
        self.run_core(_live, self.event_id, self.session_id, self.app.clock(), then=self._show_live,
                      group="live", exclusive=True)

    def _show_live(self, live: Live) -> None:
        if self.place is None:
            return
        counts = self.query_one("#desk-counts", Static)
        text = f"Checked in {live.counts.checked_in} / {live.counts.expected}"
        # Laid out again only when its width changes (a new digit), not on every scan.
        counts.update(text, layout=len(text) != len(str(counts.content)))
        rows = [self._live_row(entry) for entry in live.recent]
        if rows == self.live_rows:  # another desk's write elsewhere: nothing new here
            return
        self.live_rows = rows
        table = self.query_one("#recent", DataTable)
        # Columns sized here, not by the table when it is next idle: the list is painted whole,
        # at once, with the verdict it belongs with.
        table.clear(columns=True)
        for index, label in enumerate(LIVE_COLUMNS):
            table.add_column(label, width=max([cell_len(label), *(cell_len(row[index]) for row in rows)]))
        colours = self.app.theme_variables
        for time, symbol, *cells in rows:  # Text: names and desk names are not markup
            mark = Text(symbol, style=f"bold {colours[SYMBOL_COLOURS[symbol]]}"
                        if symbol in SYMBOL_COLOURS else "dim")
            table.add_row(Text(time), mark, *map(Text, cells))

    def _live_row(self, entry: checkin.LogEntry) -> tuple[str, ...]:
        assert self.place is not None
        event = self.place.event
        out = entry.direction == "exit" and entry.admitted
        forced = f" (forced: {_cut(entry.force_reason, WHY_WIDTH)})" if entry.force_reason else " (forced)"
        verdict = ("undone" if entry.annulled else
                   ("checked out" if out else entry.reason.replace("_", " "))
                   + (forced if entry.forced else ""))
        if entry.from_kiosk and not entry.admitted:
            verdict += " → sent to the desk"  # the kiosk showed only "Please see the desk"
        symbol = SYMBOLS["undone" if entry.annulled else "exit" if out else tone(entry)]
        when = event.show(entry.at, with_date=event.local_day(entry.at) != event.local_day(self.app.clock()))
        where = _cut(entry.session_title or "Door", WHERE_WIDTH)
        return (when, symbol, entry.name or "(unknown code)", verdict, where, entry.station or "")

    def on_database_changed(self, _: DatabaseChanged) -> None:
        self.refresh_live()

    def on_screen_resume(self) -> None:
        """Back from a dialog: it may have kept other desks' news from this screen."""
        self.query_one("#scan").focus()
        self.refresh_live()
        if self.camera is not None and self.camera_paused:
            self.camera_paused = False
            self.camera.start(self.app.camera or "0")

    def on_screen_suspend(self) -> None:
        """Left for another page (the desk stays under it when the app started on it): the camera
        stops until staff come back. A dialog over the desk leaves it running."""
        if self.camera is not None and self.camera.running and not isinstance(self.app.screen, ModalScreen):
            self.camera.stop()
            self.camera_paused = True

    # Scanning: one check at a time, in the order the scans came ----------------------------------

    @on(Input.Submitted, "#scan")
    def scanned(self, submitted: Input.Submitted) -> None:
        """The field cleared itself as the scan ended (it may hold the next one already)."""
        if submitted.value.strip():
            self.check(Scan(submitted.value))

    def check(self, scan: Scan) -> None:
        """Queued: checked after any scans still waiting, where and how the desk is now."""
        if not (self.scans.running or self.scans.waiting):
            self.unrecorded = 0  # a new burst
        self.scans.put(self._check, scan, self.session_id, self.direction, self.app.clock(),
                       then=self._checked, failed=self._not_checked)
        if self.slow is None:
            self.slow = self.set_timer(SLOW_SCAN, self._show_waiting)

    def _show_waiting(self) -> None:
        """A scan that takes this long is waiting for another desk's lock: the verdict on
        show is the last one, so say so rather than let it pass for this scan's."""
        self.slow = None
        if self.scans.running:
            self.query_one(VerdictPanel).show_idle(WAITING)
            self._fit()

    def _scan_back(self, *, time_the_next: bool) -> None:
        """A scan came back: its timer stops, and the next scan queued gets one of its own, so
        that this verdict does not pass for that scan's if it waits for a lock."""
        if self.slow is not None:
            self.slow.stop()
        self.slow = (self.set_timer(SLOW_SCAN, self._show_waiting)
                     if time_the_next and self.scans.waiting else None)

    def _check(self, store: Store, scan: Scan, session_id: int | None, direction: str,
               at: datetime) -> Checked:
        """In the worker: the verdict, and the person's PAs if they were let in."""
        verdict = checkin.check_in(
            store, self.event_id, scan.raw, session_id=session_id, direction=direction,
            force=scan.force, reason=scan.reason, station=self.station, at=at,
            registration_id=scan.registration_id)
        pas = (registrations.pas_of(store, verdict.registration_id)
               if verdict.admitted and verdict.registration_id else [])
        return Checked(scan, verdict, tuple(pas))

    def _checked(self, checked: Checked) -> None:
        self._scan_back(time_the_next=True)
        self.unrecorded = 0
        self.last = checked
        if self.scans.waiting:
            # More of a burst to check: the panel would show this verdict for a moment only,
            # so it is not drawn (the list shows every one); a refusal is still heard, and one
            # that needs staff is listed under the burst's last verdict.
            if self.bell and tone(checked.verdict) == "refused":
                self.app.bell()
            if checked.verdict.attention or not checked.verdict.admitted:
                self.burst_to_see.append(checked.verdict)
            return
        earlier, self.burst_to_see = tuple(self.burst_to_see), []
        self.show(checked.verdict, earlier)
        self._update_keys()
        # The list after the verdict is painted: the verdict is what staff wait for.
        self.call_after_refresh(self.refresh_live)
        if checked.scan.ask_to_force and checked.verdict.forceable:
            self._ask_to_force(checked)

    def _not_checked(self, error: Exception) -> None:
        # The busy message stays while the next scans wait: they wait for the same lock.
        self._scan_back(time_the_next=False)
        if isinstance(error, Busy):  # said where the verdict would be, with how many, and heard
            self.unrecorded += 1
            self.query_one(VerdictPanel).show_idle(
                BUSY if self.unrecorded == 1 else BUSY_SEVERAL.format(count=self.unrecorded))
            self._fit()
            if self.bell:
                self.app.bell()
        else:
            self.app.report(error)

    def show(self, verdict: Verdict, earlier: tuple[Verdict, ...] = ()) -> None:
        self.query_one(VerdictPanel).show_verdict(verdict, earlier)
        self._fit()
        if self.bell and tone(verdict) == "refused":
            self.app.bell()
        self.query_one("#scan").focus()

    # Actions ---------------------------------------------------------------------------

    def _update_keys(self) -> None:
        """Which verdict-dependent keys apply. The Footer is rebuilt only when that changes:
        a rebuild per scan costs a frame (and leaks widgets in Textual 8.2, issue #6666)."""
        verdict = self.last.verdict if self.last else None
        keys = {
            "force": True if verdict and verdict.forceable else None,
            "check_in_pas": bool(self.last and self.last.pas),
            "reveal_notes": True if verdict and verdict.registration_id else None,
        }
        if keys != self.keys:
            self.keys = keys
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.keys.get(action, True)

    def action_force(self) -> None:
        if self.last and self.last.verdict.forceable:
            self._ask_to_force(self.last)

    def _ask_to_force(self, checked: Checked) -> None:
        """Staff say why they let someone in over the verdict: the check-in keeps it."""
        from ..dialogs.override import OverrideScreen

        def answered(reason: str | None) -> None:
            if reason:
                self.check(Scan(checked.scan.raw, checked.scan.registration_id, force=True,
                                reason=reason))

        self.app.push_screen(OverrideScreen(checked.verdict), answered)

    def action_check_in_pas(self) -> None:
        if self.last and self.last.pas:
            self.scans.put(self._check_in_pas, self.last.pas, self.session_id, self.direction,
                           self.app.clock(), then=self._pas_checked_in, failed=self.app.report)

    def _check_in_pas(self, store: Store, pas: tuple[registrations.Link, ...], session_id: int | None,
                      direction: str, at: datetime) -> list[Verdict]:
        return [checkin.check_in(store, self.event_id, "", session_id=session_id, direction=direction,
                                 station=self.station, at=at, registration_id=pa.registration_id)
                for pa in pas]

    def _pas_checked_in(self, verdicts: list[Verdict]) -> None:
        self.show(verdicts[-1])
        names = [verdict.name for verdict in verdicts if verdict.admitted and verdict.name]
        if names:
            self.app.notify(f"Also checked in: {', '.join(names)}", title="PA")
        self.refresh_live()

    def action_undo(self) -> None:
        def newest(store: Store) -> Verdict | None:
            checkin_id = checkin.last_checkin(store, self.event_id, station=self.station)
            return checkin.replay(store, checkin_id) if checkin_id else None

        self.run_core(newest, then=self._ask_to_undo)

    def _ask_to_undo(self, done: Verdict | None) -> None:
        if done is None:
            self.app.notify("Nothing to undo at this desk.")
            return

        from ..dialogs.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_core(checkin.undo, done.checkin_id, then=self._undone)

        gave_a_place = done.forced and done.reason == checkin.WAITLISTED
        self.app.push_screen(ConfirmScreen(
            f"Undo the check-in of {done.name or 'an unknown code'}?",
            "It stops counting; the log keeps it, marked undone."
            + (" The place it gave goes back: they return to the waiting list where they were."
               if gave_a_place else ""), yes="Undo"), confirmed)

    def _undone(self, undone: checkin.Undone) -> None:
        self.last = None
        self.query_one(VerdictPanel).show_idle(
            f"Undone: {undone.name or 'that check-in'}. "
            + (f"{undone.note} " if undone.note else "") + "Ready for the next scan.")
        self._fit()
        self.refresh_live()
        self._update_keys()

    def action_toggle_direction(self) -> None:
        self.direction = "exit" if self.direction == "entry" else "entry"

    async def action_toggle_camera(self) -> None:
        """The camera as a second scanner: --camera's, else the first one the computer has.
        Its preview is docked right, made the first time (camera_preview.py)."""
        if self.camera is not None and self.camera.running:
            self.camera.stop()
        else:
            if self.camera is None:
                from ..widgets.camera_preview import CameraPreview

                self.camera = CameraPreview(id="camera")
                await self.mount(self.camera, before="#verdict")
            self.camera.start(self.app.camera or "0")
        self.call_after_refresh(self._fit)

    def on_camera_preview_scanned(self, scanned: CameraPreview.Scanned) -> None:
        self.check(Scan(scanned.code))  # as if typed in the scan field

    def on_camera_preview_stopped(self, stopped: CameraPreview.Stopped) -> None:
        self.app.notify(stopped.why or "The video has ended. Keyboard scanning carries on.",
                        title="Camera", severity="warning" if stopped.why else "information", timeout=8)
        self.call_after_refresh(self._fit)

    def action_toggle_bell(self) -> None:
        self.bell = not self.bell

    def action_reveal_notes(self) -> None:
        if self.last and self.last.verdict.registration_id:
            self.run_core(registrations.reveal_notes, self.last.verdict.registration_id,
                          station=self.station, then=self._show_notes)

    def _show_notes(self, registration: registrations.Registration) -> None:
        """Under that person's verdict only: a scan since may have put someone else's on show."""
        panel = self.query_one(VerdictPanel)
        if panel.verdict is None or panel.verdict.registration_id != registration.id:
            return
        notes = tuple(f"{label}: {text}" for label, text in (
            ("Access note", registration.access_notes), ("Role note", registration.role_notes),
            ("Dietary", registration.dietary)) if text)
        panel.show_notes(notes or ("No notes for this person.",))
        self._fit()

    # Room for the verdict ------------------------------------------------------------------

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The verdict panel gets every row it needs (and the person's name in block letters
        if those fit too); the recent list has what is left, up to its own size, or hides."""
        fixed = sum(widget.outer_size.height for widget in self.query_children(".desk-fixed"))
        rows = self.size.height - fixed
        camera = self.camera
        width = self.size.width - (camera.outer_size.width if camera and camera.running else 0)
        left = rows - self.query_one(VerdictPanel).fit(rows, width)
        box = self.query_one("#recent-box")
        box.display = left >= RECENT_MIN_ROWS
        box.styles.height = max(0, min(left, RECENT_ROWS))

    def action_find(self) -> None:
        from ..dialogs.find import FindScreen

        def found(registration_id: int | None) -> None:
            if registration_id is not None:
                self.check(Scan("", registration_id))

        self.app.push_screen(FindScreen(self.event_id), found)

    def action_walk_in(self) -> None:
        """Register and check in; at a full event they are on the waiting list, and the desk
        asks whether to let them in anyway (as F4 would), rather than deciding for staff."""
        from ..dialogs.walk_in import WalkInScreen

        def registered(registration_id: int | None) -> None:
            if registration_id is not None:
                self.check(Scan("", registration_id, ask_to_force=True))

        self.app.push_screen(WalkInScreen(self.event_id), registered)

    def action_choose_door(self) -> None:
        from ..dialogs.door import DoorScreen

        def chosen(choice: tuple[int | None] | None) -> None:
            if choice is not None:
                self.session_id = choice[0]

        self.app.push_screen(DoorScreen(self.event_id, self.session_id), chosen)

    def action_dashboard(self) -> None:
        self.app.open_dashboard(self.event_id)

    def action_back(self) -> None:
        self.app.leave_desk(self.event_id)
