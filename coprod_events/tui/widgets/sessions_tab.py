"""The event's sessions tab: each session's time, room and places, cancelled ones struck through."""

from __future__ import annotations

from datetime import date
from functools import partial

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from ...core import events
from ...core.dates import day
from ...core.text import plural
from ..app import CoprodApp
from ..background import UsesCore
from .cells import fit, places
from .tables import EditTable, TableTab, restore_cursor


def session_places(session: events.Session, taken: events.Places) -> str:
    """Booked against capacity (and how many wait for a place) for a session people book."""
    if not session.booking_required:
        return "everyone" if session.capacity is None else f"everyone, max {session.capacity}"
    return places(taken.booked, session.capacity) + (f" +{taken.waiting} wait" if taken.waiting else "")


class SessionsTab(UsesCore, TableTab[DataTable]):
    """The event's sessions, with their places booked and waiting."""

    app = getters.app(CoprodApp)
    TABLE_ID = "sessions"

    def compose(self) -> ComposeResult:
        yield Label("", id="sessions-count", classes="table-caption")
        yield Label("", id="sessions-not-held", classes="table-caption", markup=False)
        yield EditTable(id=self.TABLE_ID, cursor_type="row")

    def show(self, event: events.Event, sessions: list[events.Session]) -> None:
        """Read the places booked and waiting, then show these sessions with them."""
        self.run_core(events.session_places, event.id, then=partial(self._fill, event, sessions),
                      group="session-places", exclusive=True)

    def _fill(self, event: events.Event, sessions: list[events.Session],
              taken: dict[int, events.Places]) -> None:
        """Fill the table afresh; the session title takes what the other columns leave."""
        table = self.table
        keep = self.cursor_to_keep()
        table.clear(columns=True)
        multi_day = events.several_days(event, sessions)
        fixed = (("When", 27 if multi_day else 11), ("Room", 16), ("Places", 15), ("Booking", 9))
        title_width = max(16, self.screen.size.width - sum(w + 2 for _, w in fixed) - 4)
        table.add_column("Session", width=title_width)
        for label, width in fixed:
            table.add_column(label, width=width)
        for session in sessions:
            style = "dim strike" if session.cancelled else ""
            end = event.show(session.ends_at, with_date=False)
            table.add_row(
                Text(fit(session.title, title_width), style=style),
                Text(f"{event.show(session.starts_at, with_date=multi_day)}–{end}", style=style),
                Text(fit(session.room, 16), style=style),
                Text(session_places(session, taken.get(session.id, events.Places(0, 0))), style=style),
                Text("Cancelled", style="bold red") if session.cancelled else
                Text("Required" if session.booking_required else "Open"),
                key=str(session.id))
        restore_cursor(table, keep)
        cancelled = sum(s.cancelled for s in sessions)
        self.query_one("#sessions-count", Label).update(
            "No sessions yet — press a to add one." if not sessions else
            plural(len(sessions) - cancelled, "session") + (f", {cancelled} cancelled" if cancelled else "")
            + ". a adds one; enter edits; c cancels one occurrence.")
        self._show_not_held(event, sessions)

    def _show_not_held(self, event: events.Event, sessions: list[events.Session]) -> None:
        """The dates a course does not meet, named: its cancelled weeks (dates its rule skips)
        and the sessions cancelled one by one."""
        parts = [f"{day(date.fromisoformat(d))} (cancelled week)" for d in event.except_dates]
        parts += [f"{s.title}, {day(event.local_day(s.starts_at))} (cancelled)"
                  for s in sessions if s.cancelled]
        label = self.query_one("#sessions-not-held", Label)
        label.update(f"Not held: {'; '.join(parts)}." if parts else "")
        label.display = bool(parts)
