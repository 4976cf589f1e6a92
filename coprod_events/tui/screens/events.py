"""The home screen: every event, upcoming first, with its places, waiting list and check-ins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...core import dates, events
from ..app import HELP, CoprodApp
from ..background import UsesCore
from ..dialogs.event_form import EventFormScreen
from ..messages import DatabaseChanged
from ..widgets.cells import day_span, fit, places, time_span
from ..widgets.form_parts import hidden
from ..widgets.tables import OpenTable, cursor_key

UPCOMING, PAST = "group:upcoming", "group:past"
FIXED_COLUMNS = (("When", 24), ("Booked", 9), ("Waiting", 7), ("Checked in", 10))
MIN_TITLE = 20


def is_past(event: events.Event, now: datetime) -> bool:
    return dates.from_db(event.ends_at) < now


class EventsScreen(UsesCore, Screen):
    """Upcoming and running events (soonest first), then past ones (latest first)."""

    CSS_PATH = "events.tcss"

    app = getters.app(CoprodApp)
    AUTO_FOCUS = ""  # the table takes focus only when there are events to choose from
    BINDINGS = [
        HELP,
        Binding("n", "new", "New event"),
        Binding("e", "edit", "Edit"),
        Binding("d", "duplicate", "Duplicate"),
        Binding("k", "desk", "Check-in desk"),
        Binding("o", "open", "Open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sub_title = "Events"
        self._summaries: list[events.EventSummary] = []
        self._last_row = 0
        self._select: int | None = None  # the event to put the cursor on once the list is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield hidden(Static("No events yet — press [b]n[/b] to create one.", id="events-empty"))
        yield OpenTable(id="events-table", cursor_type="row")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.refresh_events()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        self.refresh_events()

    def on_resize(self) -> None:
        if self._summaries:
            self._fill(self.selected_id())

    # Data -----------------------------------------------------------------------------------

    def refresh_events(self) -> None:
        """Read the events afresh, then show them (the cursor on `_select` if one is wanted)."""
        self.run_core(events.list_events, then=self._show_events, group="events", exclusive=True)

    def _show_events(self, summaries: list[events.EventSummary]) -> None:
        self._summaries = summaries
        select, self._select = self._select, None
        empty = not self._summaries
        self.query_one("#events-empty").display = empty
        self.query_one("#events-table").display = not empty
        self._fill(select if select is not None else self.selected_id())
        if empty:
            self.set_focus(None)
        elif not isinstance(self.focused, DataTable):
            self.query_one("#events-table").focus()
        self.refresh_bindings()

    def _fill(self, select: int | None) -> None:
        table = self.query_one("#events-table", DataTable)
        table.clear(columns=True)
        title_width = max(MIN_TITLE, self.size.width - sum(w + 2 for _, w in FIXED_COLUMNS) - 4)
        table.add_column("Event", width=title_width, key="event")
        for label, width in FIXED_COLUMNS:
            table.add_column(label, width=width, key=label)
        now = self.app.clock()
        upcoming = [s for s in self._summaries if not is_past(s.event, now)]
        past = sorted((s for s in self._summaries if is_past(s.event, now)),
                      key=lambda s: s.event.starts_at, reverse=True)
        for key, label, group in ((UPCOMING, "Upcoming and running", upcoming), (PAST, "Past events", past)):
            if not group:
                continue
            table.add_row(Text(f"{label} ({len(group)})", style="bold"), key=key)
            for summary in group:
                table.add_row(*self._cells(summary, title_width, dim=key == PAST), height=2,
                              key=str(summary.event.id))
        rows = [str(s.event.id) for s in upcoming + past]
        if rows:
            target = str(select) if select is not None and str(select) in rows else rows[0]
            self._last_row = table.get_row_index(target)
            table.move_cursor(row=self._last_row, animate=False)

    @staticmethod
    def _cells(summary: events.EventSummary, width: int, *, dim: bool) -> list[Text]:
        event = summary.event
        style = "dim" if dim else ""
        details = " · ".join(part for part in (event.kind.capitalize(), event.venue) if part)
        title = Text.assemble((fit(event.title, width), "bold"), "\n", (fit(details, width), "italic"),
                              style=style)
        sessions = f" · {summary.sessions} sessions" if summary.sessions > 1 else ""
        when = Text(f"{day_span(event)}\n{time_span(event)}{sessions}", style=style)
        numbers = (places(summary.confirmed, event.capacity), f"{summary.waitlisted:,}" if summary.waitlisted
                   else "–", f"{summary.checked_in:,}" if summary.checked_in else "–")
        return [title, when, *(Text(n, style=style, justify="right") for n in numbers)]

    def selected_id(self) -> int | None:
        key = cursor_key(self.query_one("#events-table", DataTable))
        return None if key is None or key.startswith("group:") else int(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Group headings are not events: step over them in the direction of travel."""
        table = event.data_table
        row = event.cursor_row
        if row != table.cursor_row:  # the cursor has moved on (filling the table moves it twice)
            return
        if event.row_key.value and event.row_key.value.startswith("group:"):
            step = 1 if row >= self._last_row else -1
            target = row + step if 0 <= row + step < table.row_count else row - step
            if 0 <= target < table.row_count:
                table.move_cursor(row=target, animate=False)
                return
        self._last_row = row

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # Actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that need an event are hidden until there is one."""
        if action in ("open", "edit", "duplicate", "desk"):
            return bool(self._summaries)
        return True

    def _require_selection(self) -> events.Event | None:
        """The event under the cursor, as the list shows it."""
        event_id = self.selected_id()
        if event_id is None:
            self.app.notify("Choose an event first, or press n to create one.", severity="warning")
        return next((s.event for s in self._summaries if s.event.id == event_id), None)

    def action_open(self) -> None:
        if (event := self._require_selection()) is not None:
            self.app.open_event(event.id)

    def action_desk(self) -> None:
        if (event := self._require_selection()) is not None:
            self.app.open_desk(event.id)

    def action_new(self) -> None:
        self.app.push_screen(EventFormScreen(), self._saved("Event created"))

    def action_edit(self) -> None:
        if (event := self._require_selection()) is not None:
            self.app.push_screen(EventFormScreen(event), self._saved("Event saved"))

    def action_duplicate(self) -> None:
        if (event := self._require_selection()) is not None:
            self.app.push_screen(EventFormScreen(event, duplicate=True), self._saved("Copy made"))

    def _saved(self, what: str) -> Callable[[events.Event | None], None]:
        def done(event: events.Event | None) -> None:
            if event is not None:  # the list is read again as the screen comes back: on this row
                self._select = event.id
                self.app.notify(f"{what}: {event.title}.")
        return done
