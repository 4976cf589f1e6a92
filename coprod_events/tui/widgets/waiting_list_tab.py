"""The event screen's waiting-list tab: who waits for a place, first in line at the top."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Label

from ...core import registrations
from ...core.errors import CoprodError
from ..app import CoprodApp
from .cells import fit, short_roles
from .tables import OpenTable, TableTab, cursor_key, restore_cursor

COLUMNS = (("#", 3), ("Name", 28), ("Email", 28), ("Roles", 16), ("Needs", 5))


class WaitingListTab(TableTab):
    """The event's waiting list in order, read in a thread: a long list takes a while."""

    app = getters.app(CoprodApp)
    TABLE_ID = "waiting"

    class Loaded(Message, bubble=False):
        """The waiting list, in order, read by the worker thread."""

        def __init__(self, waiting: tuple[registrations.Registration, ...]) -> None:
            super().__init__()
            self.waiting = waiting

    def __init__(self, title: str, event_id: int, *, id: str | None = None) -> None:
        super().__init__(title, id=id)
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        yield Label("", id="waiting-count", classes="table-caption")
        yield OpenTable(id=self.TABLE_ID, cursor_type="row")

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.table.add_column(label, width=width)

    @work(thread=True, exclusive=True, group="waiting-list")
    def reload(self) -> None:
        """Read the waiting list afresh, then show it."""
        try:
            waiting = registrations.waiting_list(self.app.store, self.event_id)
        except (CoprodError, sqlite3.Error) as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.post_message(self.Loaded(tuple(waiting)))

    def on_waiting_list_tab_loaded(self, message: Loaded) -> None:
        table = self.table
        keep = cursor_key(table)
        table.clear()
        for registration in message.waiting:
            table.add_row(
                Text(str(registration.waitlist_position), justify="right"),
                Text(fit(registration.name, 28)), Text(fit(registration.person.email, 28)),
                Text(fit(short_roles(registration.roles), 16)),
                Text(str(len(registration.access)) if registration.access else "", justify="right"),
                key=str(registration.id))
        restore_cursor(table, keep)
        self.query_one("#waiting-count", Label).update(
            "Nobody is waiting." if not message.waiting else
            f"{len(message.waiting):,} waiting, first in line at the top. A cancellation promotes the first.")
