"""One event: its numbers, its registrations (filtered as you type), waiting list, sessions and
a summary to plan by.

Each tab is a widget of its own (tui/widgets/*_tab.py) that reads its own rows; this screen
reads the event and its sessions, hands them to the tabs, refreshes a tab when it is shown, and
runs the actions. Every read and write runs in a worker (`run_core`), off the screen's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple, TypeVar

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from ...core import checkin, events, registrations
from ...core.store import Store
from ...core.text import plural
from ..app import HELP, CoprodApp
from ..background import UsesCore
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.session_form import SessionFormScreen
from ..messages import DatabaseChanged
from ..widgets.cells import full_span
from ..widgets.roster_tab import RosterTab
from ..widgets.row_list import RowList
from ..widgets.sessions_tab import SessionsTab
from ..widgets.summary_tab import SummaryTab
from ..widgets.tables import TableTab
from ..widgets.waiting_list_tab import WaitingListTab

T = TypeVar("T")


class EventView(NamedTuple):
    """What the screen shows above its tabs, read in one go."""

    event: events.Event
    sessions: list[events.Session]  # cancelled ones too
    summary: events.EventSummary | None
    today: checkin.Counts


def read_event(store: Store, event_id: int, at: datetime) -> EventView:
    event = events.get_event(store, event_id)
    return EventView(event, events.list_sessions(store, event_id, include_cancelled=True),
                     next((s for s in events.list_events(store) if s.event.id == event_id), None),
                     checkin.counts(store, event_id, at=at))


class EventScreen(UsesCore, Screen):
    """An event's registrations, waiting list and sessions, with the keys to manage them."""

    CSS_PATH = "event.tcss"

    app = getters.app(CoprodApp)
    # F1 first (app.HELP), then what a newcomer looks for: the rarer keys fall off the footer.
    BINDINGS = [
        HELP,
        Binding("escape", "back", "Back"),
        Binding("r", "register", "Register"),
        # Priority: the keys typed right after it must land in the box, not the table.
        Binding("slash", "search", "Search", priority=True),
        Binding("o", "open", "Open", show=False),
        Binding("x", "cancel_registration", "Cancel reg."),
        Binding("p", "promote", "Promote"),
        Binding("a", "add_session", "Add session"),
        Binding("e", "edit_session", "Edit session", show=False),
        Binding("c", "cancel_session", "Cancel session"),
        Binding("k", "desk", "Desk"),
        Binding("t", "send_tickets", "Send tickets"),
        Binding("i", "import_file", "Import"),
        Binding("d", "dashboard", "Dashboard"),
        Binding("w", "documents", "Documents"),
        Binding("1", "show_tab('tab-registrations')", "Registrations", show=False),
        Binding("2", "show_tab('tab-waiting')", "Waiting list", show=False),
        Binding("3", "show_tab('tab-sessions')", "Sessions", show=False),
        Binding("4", "show_tab('tab-summary')", "Summary", show=False),
    ]
    TAB_ACTIONS = {
        "cancel_registration": ("tab-registrations", "tab-waiting"),
        "promote": ("tab-waiting",),
        "add_session": ("tab-sessions",),
        "edit_session": ("tab-sessions",),
        "cancel_session": ("tab-sessions",),
        "search": ("tab-registrations",),
    }

    def __init__(self, event_id: int):
        super().__init__()
        self.event_id = event_id
        self.event: events.Event | None = None
        self.sessions: list[events.Session] = []
        self._stale: set[str] = set()  # tabs to refresh when next shown
        self._waiting_shown: tuple[int, int] | None = None

    # Layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="event-title")
        yield Static(id="event-when")
        yield Static(id="event-counts")
        with TabbedContent(id="event-tabs", initial="tab-registrations"):
            yield RosterTab("1 Registrations", self.event_id, id="tab-registrations")
            yield WaitingListTab("2 Waiting list", self.event_id, id="tab-waiting")
            yield SessionsTab("3 Sessions", id="tab-sessions")
            yield SummaryTab("4 Summary", self.event_id, id="tab-summary")
        yield Footer()

    @property
    def roster_tab(self) -> RosterTab:
        return self.query_one(RosterTab)

    @property
    def waiting_tab(self) -> WaitingListTab:
        return self.query_one(WaitingListTab)

    @property
    def sessions_tab(self) -> SessionsTab:
        return self.query_one(SessionsTab)

    def on_mount(self) -> None:
        self.roster_tab.focus_results()

    def on_screen_resume(self) -> None:  # first shown, or back from a form: load afresh
        self.refresh_all()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        self.refresh_all()

    # Refreshing -----------------------------------------------------------------------------

    def refresh_all(self) -> None:
        """Read the event and its numbers afresh (the roster at the same time), then show them."""
        self.run_core(read_event, self.event_id, self.app.clock(), then=self._show_event,
                      group="event", exclusive=True)
        self.roster_tab.refresh_roster(keep_length=True)

    def _show_event(self, view: EventView) -> None:
        self.event, self.sessions = view.event, view.sessions
        waiting = self._show_summary(view)
        self.roster_tab.offer_sessions(view.event, self.sessions)
        self._stale.update(("tab-sessions", "tab-summary"))
        if waiting != self._waiting_shown:  # a long list is slow to read: only when it changed
            self._waiting_shown = waiting
            self._stale.add("tab-waiting")
        self._refresh_active_tab()

    def _show_summary(self, view: EventView) -> tuple[int, int]:
        """Show the title, dates and numbers; return (confirmed, waiting)."""
        event, summary, today = view.event, view.summary, view.today
        self.sub_title = event.title
        self.query_one("#event-title", Static).update(
            Text.assemble((event.title, "bold"), ("  " + event.kind.capitalize(), "italic")))
        live = [s for s in self.sessions if not s.cancelled]
        sessions = f" · {len(live)} sessions" if len(live) > 1 else ""
        venue = f" · {event.venue}" if event.venue else ""
        self.query_one("#event-when", Static).update(Text(f"{full_span(event)}{sessions}{venue}"))
        confirmed = summary.confirmed if summary else 0
        waiting = summary.waitlisted if summary else 0
        capacity = f" of {plural(event.capacity, 'place')}" if event.capacity is not None else " (no limit)"
        self.query_one("#event-counts", Static).update(Text.assemble(
            ("Confirmed ", "dim"), (f"{confirmed:,}", "bold"), (capacity, "dim"), ("   Waiting ", "dim"),
            (f"{waiting:,}", "bold"), ("   Checked in today ", "dim"), (f"{today.checked_in:,}", "bold"),
            (f" of {today.expected:,} expected", "dim")))
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("tab-waiting").label = f"2 Waiting list ({waiting:,})"
        tabs.get_tab("tab-sessions").label = f"3 Sessions ({len(live)})"
        return confirmed, waiting

    def _refresh_active_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        if active in self._stale and self.event is not None:
            self._stale.discard(active)
            if active == "tab-waiting":
                self.waiting_tab.reload()
            elif active == "tab-sessions":
                self.sessions_tab.show(self.event, self.sessions)
            elif active == "tab-summary":
                self.query_one(SummaryTab).reload()

    def on_resize(self) -> None:
        if self.event is not None and not self.roster_tab.fits():
            self.roster_tab.refresh_roster(keep_length=True)
            self._stale.add("tab-sessions")
            self._refresh_active_tab()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._refresh_active_tab()
        self.refresh_bindings()

    # Selection ------------------------------------------------------------------------------

    def _selected_registration(self) -> int | None:
        tab = self.waiting_tab if self.query_one(TabbedContent).active == "tab-waiting" else self.roster_tab
        registration_id = tab.selected()
        if registration_id is None:
            self.app.notify("Nobody is selected: choose a row first.", severity="warning")
        return registration_id

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        if isinstance(pane, TableTab | SummaryTab):
            pane.focus_table()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "tab-registrations"
        self.roster_tab.focus_search()

    # Actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tabs = self.TAB_ACTIONS.get(action)
        if tabs is None or not self.is_mounted:
            return True
        return self.query_one(TabbedContent).active in tabs

    @on(DataTable.RowSelected)
    @on(RowList.Selected)
    def _row_selected(self, event: DataTable.RowSelected | RowList.Selected) -> None:
        event.stop()
        self.action_open()  # the table selected is the active tab's

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_register(self) -> None:
        self.app.open_registration(self.event_id, closed=self._back_from_registration)

    def action_desk(self) -> None:
        self.app.open_desk(self.event_id)

    def action_dashboard(self) -> None:
        self.app.open_dashboard(self.event_id)

    def action_send_tickets(self) -> None:
        self.app.open_send_tickets(self.event_id)

    def action_import_file(self) -> None:
        self.app.open_import(self.event_id)

    def action_documents(self) -> None:
        self.app.open_documents(self.event_id)

    def action_open(self) -> None:
        if self.query_one(TabbedContent).active == "tab-sessions":
            self.action_edit_session()
        elif (registration_id := self._selected_registration()) is not None:
            self.app.open_registration(self.event_id, registration_id, closed=self._back_from_registration)

    def _back_from_registration(self, registration_id: int | None) -> None:
        """The roster's cursor goes to the registration just added or edited, once the read
        the screen's return starts (refresh_all) fills the roster."""
        if registration_id is not None:
            self.roster_tab.select(registration_id)

    def _ask_then_write(self, question: ConfirmScreen, call: Callable[..., T], *args: object,
                        done: Callable[[T], object]) -> None:
        """Ask first; on yes, `call(store, *args)` in a worker. Then the screen reads everything
        afresh (done or refused), and `done(result)` says what happened."""
        def finished(result: T) -> None:
            self._reread()
            done(result)

        def refused(error: Exception) -> None:
            self._reread()
            self.app.report(error)

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_core(call, *args, then=finished, failed=refused, group="write")

        self.app.push_screen(question, answer)

    def _reread(self) -> None:
        self._waiting_shown = None  # read the waiting list again
        self.refresh_all()

    def action_cancel_registration(self) -> None:
        if (registration_id := self._selected_registration()) is not None:
            self.run_core(registrations.get_registration, registration_id, then=self._confirm_cancel)

    def _confirm_cancel(self, registration: registrations.Registration) -> None:
        if registration.status == "cancelled":
            self.app.notify(f"{registration.name}'s registration is already cancelled.", severity="warning")
            return
        detail = ("Their place goes to the first person on the waiting list; any PA coming only "
                  "with them is cancelled too." if registration.status == "confirmed"
                  else f"They leave the waiting list (place {registration.waitlist_position}).")
        self._ask_then_write(ConfirmScreen(f"Cancel {registration.name}'s registration?", detail,
                                           yes="Cancel registration", no="Keep"),
                             registrations.cancel, registration.id, done=self._cancelled)

    def _cancelled(self, result: registrations.CancelResult) -> None:
        lines = [f"{result.registration.name}'s registration is cancelled."]
        if result.cancelled_pas:
            lines.append("Also cancelled (PA): " + ", ".join(r.name for r in result.cancelled_pas) + ".")
        if result.promoted:
            lines.append("Promoted from the waiting list: "
                         + ", ".join(r.name for r in result.promoted) + ".")
        if result.promoted_bookings:
            titles = {s.id: s.title for s in self.sessions}
            lines.append("Given a session place: " + ", ".join(
                f"{r.name} ({titles.get(s, s)})" for r, s in result.promoted_bookings) + ".")
        self.app.notify("\n".join(lines), title="Cancelled", timeout=10)

    def action_promote(self) -> None:
        if (registration_id := self.waiting_tab.selected()) is None:
            self.app.notify("Nobody is waiting.", severity="warning")
            return
        self.run_core(registrations.get_registration, registration_id, then=self._confirm_promote)

    def _confirm_promote(self, registration: registrations.Registration) -> None:
        capacity = self.event.capacity if self.event else None
        over = (f", even if that takes the event over its {plural(capacity, 'place')}"
                if capacity is not None else "")
        detail = f"Number {registration.waitlist_position} in line. They are confirmed now{over}."
        self._ask_then_write(ConfirmScreen(f"Promote {registration.name} from the waiting list?", detail,
                                           yes="Promote"),
                             registrations.promote, registration.id,
                             done=lambda promoted: self.app.notify(f"{promoted.name} is now confirmed.",
                                                                   title="Promoted"))

    def _selected_session(self) -> events.Session | None:
        """The session under the cursor, as the tab shows it."""
        session_id = self.sessions_tab.selected()
        return next((s for s in self.sessions if s.id == session_id), None)

    def action_add_session(self) -> None:
        if self.event is not None:  # else not read yet
            self.app.push_screen(SessionFormScreen(self.event), self._session_saved("added"))

    def action_edit_session(self) -> None:
        if self.event is None:  # not read yet
            return
        if (session := self._selected_session()) is None:
            self.app.notify("No session selected: press a to add one.", severity="warning")
            return
        self.app.push_screen(SessionFormScreen(self.event, session), self._session_saved("saved"))

    def _session_saved(self, what: str) -> Callable[[events.Session | None], None]:
        def done(session: events.Session | None) -> None:
            if session is not None:  # read again as the screen comes back (refresh_all)
                self.sessions_tab.select(session.id)  # once the tab shows it
                self.app.notify(f"Session {what}: {session.title}.")
        return done

    def action_cancel_session(self) -> None:
        if (event := self.event) is None:  # not read yet
            return
        if (session := self._selected_session()) is None:
            self.app.notify("No session selected.", severity="warning")
            return
        if session.cancelled:
            self.app.notify(f"{session.title} is already cancelled.", severity="warning")
            return
        self._ask_then_write(ConfirmScreen(
            f"Cancel {session.title} on {event.show(session.starts_at)}?",
            "Only this occurrence. It stops counting for attendance and certificates; "
            "this cannot be undone here.", yes="Cancel session", no="Keep"),
            events.cancel_session, self.event_id, session.id,
            done=lambda s: self.app.notify(f"{s.title} is cancelled.", title="Session cancelled"))
