"""One event: its numbers, its registrations (filtered as you type), waiting list and sessions.

Each tab is a widget of its own (tui/widgets/*_tab.py); this screen reads the event and its
sessions, hands them to the tabs, refreshes a tab when it is shown, and runs the actions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent

from ...core import checkin, events, registrations
from ...core.errors import CoprodError
from ..app import CoprodApp
from ..dialogs.confirm import ConfirmScreen
from ..dialogs.event_form import SessionFormScreen
from ..messages import DatabaseChanged
from ..widgets.cells import full_span
from ..widgets.roster_tab import RosterTab
from ..widgets.sessions_tab import SessionsTab
from ..widgets.tables import TableTab
from ..widgets.waiting_list_tab import WaitingListTab

T = TypeVar("T")


class EventScreen(Screen):
    """An event's registrations, waiting list and sessions, with the keys to manage them."""

    app = getters.app(CoprodApp)
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("r", "register", "Register"),
        Binding("o", "open", "Open", show=False),
        Binding("x", "cancel_registration", "Cancel reg."),
        Binding("p", "promote", "Promote"),
        Binding("a", "add_session", "Add session"),
        Binding("e", "edit_session", "Edit session", show=False),
        Binding("c", "cancel_session", "Cancel session"),
        Binding("k", "desk", "Desk"),
        Binding("1", "show_tab('tab-registrations')", "Registrations", show=False),
        Binding("2", "show_tab('tab-waiting')", "Waiting list", show=False),
        Binding("3", "show_tab('tab-sessions')", "Sessions", show=False),
        # Priority: the keys typed right after it must land in the box, not the table.
        Binding("slash", "search", "Search", priority=True),
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
        store = self.app.store
        try:
            self.event = event = events.get_event(store, self.event_id)
        except CoprodError as error:
            self.app.report(error)
            return
        self.sessions = events.list_sessions(store, self.event_id, include_cancelled=True)
        waiting = self._show_summary(event)
        self.roster_tab.offer_sessions(event, self.sessions)
        self.roster_tab.refresh_roster(keep_length=True)
        self._stale.add("tab-sessions")
        if waiting != self._waiting_shown:  # a long list is slow to read: only when it changed
            self._waiting_shown = waiting
            self._stale.add("tab-waiting")
        self._refresh_active_tab()

    def _show_summary(self, event: events.Event) -> tuple[int, int]:
        """Show the title, dates and numbers; return (confirmed, waiting)."""
        store = self.app.store
        self.sub_title = event.title
        summary = next((s for s in events.list_events(store) if s.event.id == event.id), None)
        today = checkin.counts(store, event.id, at=self.app.clock())
        self.query_one("#event-title", Static).update(
            Text.assemble((event.title, "bold"), ("  " + event.kind.capitalize(), "italic")))
        live = [s for s in self.sessions if not s.cancelled]
        sessions = f" · {len(live)} sessions" if len(live) > 1 else ""
        venue = f" · {event.venue}" if event.venue else ""
        self.query_one("#event-when", Static).update(Text(f"{full_span(event)}{sessions}{venue}"))
        confirmed = summary.confirmed if summary else 0
        waiting = summary.waitlisted if summary else 0
        capacity = f" of {event.capacity:,} places" if event.capacity is not None else " (no limit)"
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
            self.notify("Nobody is selected: choose a row first.", severity="warning")
        return registration_id

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}", TableTab).focus_table()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "tab-registrations"
        self.roster_tab.focus_search()

    # Actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tabs = self.TAB_ACTIONS.get(action)
        if tabs is None or not self.is_mounted:
            return True
        return self.query_one(TabbedContent).active in tabs

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()  # the table selected is the active tab's

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_register(self) -> None:
        self.app.open_registration(self.event_id)

    def action_desk(self) -> None:
        self.app.open_desk(self.event_id)

    def action_open(self) -> None:
        if self.query_one(TabbedContent).active == "tab-sessions":
            self.action_edit_session()
        elif (registration_id := self._selected_registration()) is not None:
            self.app.open_registration(self.event_id, registration_id)

    def _write(self, do: Callable[[], T], done: Callable[[T], object]) -> None:
        """Run a core write; on success refresh and call done(result), else say what went wrong."""
        try:
            result: T | None = do()
        except (CoprodError, sqlite3.Error) as error:
            self.app.report(error)
            result = None
        self._waiting_shown = None  # read the waiting list again
        self.refresh_all()
        if result is not None:
            done(result)

    def action_cancel_registration(self) -> None:
        if (registration_id := self._selected_registration()) is None:
            return
        registration = registrations.get_registration(self.app.store, registration_id)
        if registration.status == "cancelled":
            self.notify(f"{registration.name}'s registration is already cancelled.", severity="warning")
            return
        detail = ("Their place goes to the first person on the waiting list; any PA coming only "
                  "with them is cancelled too." if registration.status == "confirmed"
                  else f"They leave the waiting list (place {registration.waitlist_position}).")

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda: registrations.cancel(self.app.store, registration_id), self._cancelled)

        self.app.push_screen(ConfirmScreen(f"Cancel {registration.name}'s registration?", detail,
                                           yes="Cancel registration", no="Keep"), answer)

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
        self.notify("\n".join(lines), title="Cancelled", timeout=10)

    def action_promote(self) -> None:
        if self.event is None:  # not read yet
            return
        if (registration_id := self.waiting_tab.selected()) is None:
            self.notify("Nobody is waiting.", severity="warning")
            return
        registration = registrations.get_registration(self.app.store, registration_id)
        capacity = self.event.capacity
        over = f", even if that takes the event over its {capacity:,} places" if capacity is not None else ""
        detail = f"Number {registration.waitlist_position} in line. They are confirmed now{over}."

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda: registrations.promote(self.app.store, registration_id),
                            lambda promoted: self.notify(f"{promoted.name} is now confirmed.",
                                                         title="Promoted"))

        self.app.push_screen(ConfirmScreen(f"Promote {registration.name} from the waiting list?", detail,
                                           yes="Promote"), answer)

    def action_add_session(self) -> None:
        self.app.push_screen(SessionFormScreen(self.event_id), self._session_saved("added"))

    def action_edit_session(self) -> None:
        if (session_id := self.sessions_tab.selected()) is None:
            self.notify("No session selected: press a to add one.", severity="warning")
            return
        self.app.push_screen(SessionFormScreen(self.event_id, session_id), self._session_saved("saved"))

    def _session_saved(self, what: str) -> Callable[[int | None], None]:
        def done(session_id: int | None) -> None:
            if session_id is None:
                return
            self.refresh_all()
            self.sessions_tab.select(session_id)
            title = events.get_session(self.app.store, self.event_id, session_id).title
            self.notify(f"Session {what}: {title}.")
        return done

    def action_cancel_session(self) -> None:
        if (event := self.event) is None:  # not read yet
            return
        if (session_id := self.sessions_tab.selected()) is None:
            self.notify("No session selected.", severity="warning")
            return
        session = events.get_session(self.app.store, self.event_id, session_id)
        if session.cancelled:
            self.notify(f"{session.title} is already cancelled.", severity="warning")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda: events.cancel_session(self.app.store, self.event_id, session_id),
                            lambda s: self.notify(f"{s.title} is cancelled.", title="Session cancelled"))

        self.app.push_screen(ConfirmScreen(
            f"Cancel {session.title} on {event.show(session.starts_at)}?",
            "Only this occurrence. It stops counting for attendance and certificates; "
            "this cannot be undone here.", yes="Cancel session", no="Keep"), answer)
