"""One event: its numbers, its registrations (filtered as you type), waiting list and sessions."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (DataTable, Footer, Header, Input, Label, Select, Static, TabbedContent,
                             TabPane)

from ...core import catalogue, checkin, events, registrations, roster
from ...core.errors import CoprodError
from ..messages import DatabaseChanged
from ..widgets.typing_input import TypingInput
from .confirm import ConfirmScreen
from .event_form import SessionFormScreen
from .events import OpenTable, cursor_key, fit, full_span, places

PAGE = 100  # roster rows added to the table at a time; moving near the end adds the next page
ALL = ""  # the "All ..." choice of a filter
STATUS_LABELS = {"confirmed": "Confirmed", "waitlisted": "Waiting", "cancelled": "Cancelled"}
STATUS_FILTER = (("All statuses", ALL), ("Confirmed", "confirmed"), ("Waiting list", "waitlisted"),
                 ("Cancelled", "cancelled"))
ROLE_SHORT = {
    "expert_by_experience": "Expert by exp.", "carer": "Carer", "peer_worker": "Peer worker",
    "lived_experience_researcher": "LE researcher", "professional": "Professional",
    "academic": "Academic", "student": "Student", "community": "Community", "speaker": "Speaker",
    "pa_supporter": "PA/supporter", "staff": "Staff",
}


def _roles(codes: tuple[str, ...]) -> str:
    return ", ".join(ROLE_SHORT.get(code, code) for code in codes)


class EditTable(DataTable):
    """A row table whose Enter is shown in the Footer as "Edit"."""

    BINDINGS = [Binding("enter", "select_cursor", "Edit")]


class SearchInput(TypingInput):
    """The roster's search box: down, enter or escape go to the results (typing has narrowed
    them already); digits and letters are for the box, not the screen's keys."""

    BINDINGS = [
        Binding("escape", "screen.focus_results", "To the list"),
        Binding("down", "screen.focus_results", "To the list", show=False),
    ]


def _session_places(session: events.Session, taken: events.Places) -> str:
    """Booked against capacity (and how many wait for a place) for a session people book."""
    if not session.booking_required:
        return "everyone" if session.capacity is None else f"everyone, max {session.capacity}"
    return places(taken.booked, session.capacity) + (f" +{taken.waiting} wait" if taken.waiting else "")


class EventScreen(Screen):
    """An event's registrations, waiting list and sessions, with the keys to manage them."""

    class WaitingListLoaded(Message):
        """The waiting list, in order, read by a worker thread."""

        def __init__(self, waiting: tuple[registrations.Registration, ...]):
            super().__init__()
            self.waiting = waiting

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
        self._filter_pending = False
        self._stale: set[str] = set()
        self._waiting_shown: tuple[int, int] | None = None
        self._roster_limit = PAGE
        self._roster_total = 0
        self._roster_filters: dict = {}
        self._roster_columns: tuple[int, ...] = ()
        self._session_options: list[tuple[str, str]] = []

    # Layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="event-title")
        yield Static(id="event-when")
        yield Static(id="event-counts")
        with TabbedContent(id="event-tabs", initial="tab-registrations"):
            with TabPane("1 Registrations", id="tab-registrations"):
                yield from self._roster_panel()
            with TabPane("2 Waiting list", id="tab-waiting"):
                yield Label("", id="waiting-count", classes="table-caption")
                yield OpenTable(id="waiting", cursor_type="row")
            with TabPane("3 Sessions", id="tab-sessions"):
                yield Label("", id="sessions-count", classes="table-caption")
                yield EditTable(id="sessions", cursor_type="row")
        yield Footer()

    def _roster_panel(self) -> ComposeResult:
        with Horizontal(classes="filters", id="filters-search"):
            yield SearchInput(placeholder="Search: any part of a name or email", id="search",
                              compact=True)
            yield Select(STATUS_FILTER, value=ALL, allow_blank=False, id="status", compact=True)
        with Horizontal(classes="filters"):
            yield Select([("All roles", ALL), *((r.label, r.code) for r in catalogue.ROLES)],
                         value=ALL, allow_blank=False, id="role", compact=True)
            yield Select([("All access needs", ALL), *((n.label, n.code) for n in catalogue.ACCESS_NEEDS)],
                         value=ALL, allow_blank=False, id="access", compact=True)
            yield Select([("All sessions", ALL)], value=ALL, allow_blank=False, id="session", compact=True)
        yield Label("", id="roster-count", classes="table-caption")
        yield OpenTable(id="roster", cursor_type="row")

    def on_mount(self) -> None:
        waiting = self.query_one("#waiting", DataTable)
        for label, width in (("#", 3), ("Name", 28), ("Email", 28), ("Roles", 16), ("Needs", 5)):
            waiting.add_column(label, width=width)
        roster_table = self.query_one("#roster", DataTable)
        self.watch(roster_table, "scroll_y", self._roster_scrolled, init=False)
        roster_table.focus()

    def on_screen_resume(self) -> None:  # first shown, or back from a form: load afresh
        self.refresh_all()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        self.refresh_all()

    # Refreshing -----------------------------------------------------------------------------

    def refresh_all(self) -> None:
        store = self.app.store
        try:
            self.event = events.get_event(store, self.event_id)
        except CoprodError as error:
            self.app.report(error)
            return
        self.sessions = events.list_sessions(store, self.event_id, include_cancelled=True)
        waiting = self._show_summary()
        self._update_session_filter()
        self.refresh_roster(keep_length=True)
        self._stale.add("tab-sessions")
        if waiting != self._waiting_shown:  # a long list is slow to read: only when it changed
            self._waiting_shown = waiting
            self._stale.add("tab-waiting")
        self._refresh_active_tab()

    def _show_summary(self) -> tuple[int, int]:
        """Show the title, dates and numbers; return (confirmed, waiting)."""
        event, store = self.event, self.app.store
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

    def _session_label(self, session: events.Session, multi_day: bool) -> str:
        when = self.event.show(session.starts_at, with_date=multi_day)
        return f"{session.title} ({when}{', cancelled' if session.cancelled else ''})"

    def _update_session_filter(self) -> None:
        select = self.query_one("#session", Select)
        multi_day = events.several_days(self.event, self.sessions)
        options = [("All sessions", ALL),
                   *((self._session_label(s, multi_day), str(s.id)) for s in self.sessions)]
        if options == self._session_options:
            return
        self._session_options = options
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = current if any(value == current for _, value in options) else ALL

    def _refresh_active_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        if active in self._stale:
            self._stale.discard(active)
            {"tab-waiting": self.refresh_waiting, "tab-sessions": self.refresh_sessions}[active]()

    def on_resize(self) -> None:
        if self.event is not None and self._roster_widths() != self._roster_columns:
            self.refresh_roster(keep_length=True)
            self._stale.add("tab-sessions")
            self._refresh_active_tab()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._refresh_active_tab()
        self.refresh_bindings()

    # Registrations --------------------------------------------------------------------------

    def filters(self) -> dict:
        def value(name: str) -> str | None:
            chosen = self.query_one(f"#{name}", Select).value
            return chosen if isinstance(chosen, str) and chosen != ALL else None

        session = value("session")
        return dict(text=self.query_one("#search", Input).value, status=value("status"),
                    role=value("role"), access=value("access"),
                    session_id=int(session) if session else None)

    def refresh_roster(self, *, keep_length: bool = False) -> None:
        """Fill the roster table afresh for the filters (keep_length: as many rows as before,
        so that a refresh from another desk does not lose the place)."""
        self._roster_filters = self.filters()
        if not keep_length:
            self._roster_limit = PAGE
        try:
            found = roster.roster(self.app.store, self.event_id, limit=self._roster_limit,
                                  **self._roster_filters)
        except CoprodError as error:
            self.query_one("#roster-count", Label).update(str(error), layout=False)
            return
        table = self.query_one("#roster", DataTable)
        keep = cursor_key(table) if keep_length else None
        widths = self._roster_widths()
        table.clear(columns=widths != self._roster_columns)
        if widths != self._roster_columns:
            self._roster_columns = widths
            for label, width in zip(("Name", "Email", "Status", "Roles", "Needs", "In"), widths):
                table.add_column(label, width=width)
        self._add_roster_rows(table, found.rows)
        self._restore_cursor(table, keep)
        self._roster_total = found.total
        self._show_roster_caption(found)

    def _more_roster(self, table: DataTable) -> None:
        """The cursor is near the end of the rows shown: add the next page (up to the
        core's limit; beyond it, typing narrows)."""
        if table.row_count >= min(self._roster_total, roster.SHOWN):
            return
        self._roster_limit = min(self._roster_limit + PAGE, roster.SHOWN)
        found = roster.roster(self.app.store, self.event_id, limit=self._roster_limit,
                              **self._roster_filters)
        self._add_roster_rows(table, found.rows[table.row_count:])
        self._show_roster_caption(found)

    def _roster_widths(self) -> tuple[int, ...]:
        """Name and email share what the fixed columns leave."""
        flexible = max(self.size.width, 60) - 50
        return (max(14, flexible - flexible // 2), max(12, flexible // 2), 9, 16, 5, 2)

    def _add_roster_rows(self, table: DataTable, rows: tuple[roster.RosterRow, ...]) -> None:
        name_width, email_width, *_ = self._roster_columns
        for row in rows:
            style = "dim" if row.status == "cancelled" else ""
            name = row.name + (f" ({row.preferred_name})" if row.preferred_name else "")
            table.add_row(
                Text(fit(name, name_width), style=style), Text(fit(row.email, email_width), style=style),
                Text(STATUS_LABELS.get(row.status, row.status), style=style),
                Text(fit(_roles(row.roles), 16), style=style),
                Text(str(len(row.access)) if row.access else "", style=style, justify="right"),
                Text("✓" if row.checked_in else "", style="bold green"),
                key=str(row.registration_id))

    def _roster_scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#roster", DataTable)
        if scroll_y >= table.max_scroll_y - 5:
            self._more_roster(table)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "roster" and event.cursor_row >= event.data_table.row_count - 5:
            self._more_roster(event.data_table)

    def _show_roster_caption(self, found: roster.Roster) -> None:
        # One line, fixed size: no layout pass (that keeps a keystroke's repaint cheap).
        self.query_one("#roster-count", Label).update(self._roster_caption(found), layout=False)

    def _roster_caption(self, found: roster.Roster) -> str:
        filtered = any(value not in (None, "") for value in self._roster_filters.values())
        if found.total == 0:
            return ("Nobody matches these filters." if filtered
                    else "No registrations yet — press r to register someone.")
        if len(found.rows) < found.total:
            if len(found.rows) < roster.SHOWN:
                return (f"Showing {len(found.rows):,} of {found.total:,}; more as you move down. "
                        "Type to narrow.")
            return f"Showing {len(found.rows):,} of {found.total:,}: type a name or email to narrow."
        noun = "registration" if found.total == 1 else "registrations"
        if filtered:
            return f"{found.total:,} {noun} {'matches' if found.total == 1 else 'match'}."
        return f"{found.total:,} {noun}."

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        # One filter per burst, at once: it runs after the keys already queued, with the last text.
        if not self._filter_pending:
            self._filter_pending = True
            self.call_later(self._filter_now)

    def _filter_now(self) -> None:
        self._filter_pending = False
        self.refresh_roster()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self.action_focus_results()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("status", "role", "access", "session"):
            self.refresh_roster()

    def action_focus_results(self) -> None:
        self.query_one("#roster", DataTable).focus()

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        table = {"tab-registrations": "#roster", "tab-waiting": "#waiting", "tab-sessions": "#sessions"}[tab]
        self.set_focus(self.query_one(table))

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "tab-registrations"
        # Focus now, not later: a fast typist's next keys must land in the box.
        self.set_focus(self.query_one("#search"))

    # Waiting list and sessions --------------------------------------------------------------

    def refresh_waiting(self) -> None:
        """Load the waiting list in a thread (a long list takes a while), then show it."""
        self._load_waiting()

    @work(thread=True, exclusive=True, group="waiting-list")
    def _load_waiting(self) -> None:
        try:
            waiting = registrations.waiting_list(self.app.store, self.event_id)
        except (CoprodError, sqlite3.Error) as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.post_message(self.WaitingListLoaded(tuple(waiting)))

    def on_event_screen_waiting_list_loaded(self, message: WaitingListLoaded) -> None:
        table = self.query_one("#waiting", DataTable)
        keep = cursor_key(table)
        table.clear()
        for registration in message.waiting:
            table.add_row(
                Text(str(registration.waitlist_position), justify="right"),
                Text(fit(registration.name, 28)), Text(fit(registration.person.email, 28)),
                Text(fit(_roles(registration.roles), 16)),
                Text(str(len(registration.access)) if registration.access else "", justify="right"),
                key=str(registration.id))
        self._restore_cursor(table, keep)
        self.query_one("#waiting-count", Label).update(
            "Nobody is waiting." if not message.waiting else
            f"{len(message.waiting):,} waiting, first in line at the top. A cancellation promotes the first.")

    def refresh_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        keep = cursor_key(table)
        table.clear(columns=True)
        event = self.event
        multi_day = events.several_days(event, self.sessions)
        taken = events.session_places(self.app.store, self.event_id)
        fixed = (("When", 27 if multi_day else 11), ("Room", 16), ("Places", 15), ("Booking", 9))
        title_width = max(16, self.size.width - sum(w + 2 for _, w in fixed) - 4)
        table.add_column("Session", width=title_width)
        for label, width in fixed:
            table.add_column(label, width=width)
        for session in self.sessions:
            style = "dim strike" if session.cancelled else ""
            end = event.show(session.ends_at, with_date=False)
            table.add_row(
                Text(fit(session.title, title_width), style=style),
                Text(f"{event.show(session.starts_at, with_date=multi_day)}–{end}", style=style),
                Text(fit(session.room, 16), style=style),
                Text(_session_places(session, taken.get(session.id, events.Places(0, 0))), style=style),
                Text("Cancelled", style="bold red") if session.cancelled else
                Text("Required" if session.booking_required else "Open"),
                key=str(session.id))
        self._restore_cursor(table, keep)
        cancelled = sum(s.cancelled for s in self.sessions)
        self.query_one("#sessions-count", Label).update(
            "No sessions yet — press a to add one." if not self.sessions else
            f"{len(self.sessions) - cancelled} sessions" + (f", {cancelled} cancelled" if cancelled else "")
            + ". a adds one; enter edits; c cancels one occurrence.")

    # Selection ------------------------------------------------------------------------------

    @staticmethod
    def _restore_cursor(table: DataTable, key: str | None) -> None:
        if key is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)

    def _selected(self, table_id: str) -> int | None:
        key = cursor_key(self.query_one(f"#{table_id}", DataTable))
        return int(key) if key is not None else None

    def _selected_registration(self) -> int | None:
        active = self.query_one(TabbedContent).active
        table_id = "waiting" if active == "tab-waiting" else "roster"
        registration_id = self._selected(table_id)
        if registration_id is None:
            self.notify("Nobody is selected: choose a row first.", severity="warning")
        return registration_id

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

    def _write(self, do, done) -> None:
        """Run a core write; on success refresh and call done(result), else say what went wrong."""
        try:
            result = do()
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
        if (registration_id := self._selected("waiting")) is None:
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
        if (session_id := self._selected("sessions")) is None:
            self.notify("No session selected: press a to add one.", severity="warning")
            return
        self.app.push_screen(SessionFormScreen(self.event_id, session_id), self._session_saved("saved"))

    def _session_saved(self, what: str):
        def done(session_id: int | None) -> None:
            if session_id is None:
                return
            self.refresh_all()
            self._restore_cursor(self.query_one("#sessions", DataTable), str(session_id))
            title = events.get_session(self.app.store, self.event_id, session_id).title
            self.notify(f"Session {what}: {title}.")
        return done

    def action_cancel_session(self) -> None:
        if (session_id := self._selected("sessions")) is None:
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
            f"Cancel {session.title} on {self.event.show(session.starts_at)}?",
            "Only this occurrence. It stops counting for attendance and certificates; "
            "this cannot be undone here.", yes="Cancel session", no="Keep"), answer)
