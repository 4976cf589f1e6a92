"""The event screen's waiting-list tab: who waits for a place, first in line at the top."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from ...core import registrations
from ..app import CoprodApp
from ..background import UsesCore
from .cells import fit, short_roles
from .tables import OpenTable, TableTab, restore_cursor

COLUMNS = (("#", 3), ("Name", 28), ("Email", 28), ("Roles", 16), ("Needs", 5))


class WaitingListTab(UsesCore, TableTab[DataTable]):
    """The event's waiting list in order (a long list takes a while to read)."""

    app = getters.app(CoprodApp)
    TABLE_ID = "waiting"

    def __init__(self, title: str, event_id: int, *, id: str | None = None) -> None:
        super().__init__(title, id=id)
        self.event_id = event_id

    def compose(self) -> ComposeResult:
        yield Label("", id="waiting-count", classes="table-caption")
        yield OpenTable(id=self.TABLE_ID, cursor_type="row")

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.table.add_column(label, width=width)

    def reload(self) -> None:
        """Read the waiting list afresh, then show it."""
        self.run_core(registrations.waiting_list, self.event_id, then=self._fill, group="waiting-list",
                      exclusive=True)

    def _fill(self, waiting: list[registrations.Registration]) -> None:
        table = self.table
        keep = self.cursor_to_keep()
        table.clear()
        for registration in waiting:
            table.add_row(
                Text(str(registration.waitlist_position), justify="right"),
                Text(fit(registration.name, 28)), Text(fit(registration.person.email, 28)),
                Text(fit(short_roles(registration.roles), 16)),
                Text(str(len(registration.access)) if registration.access else "", justify="right"),
                key=str(registration.id))
        restore_cursor(table, keep)
        self.query_one("#waiting-count", Label).update(
            "Nobody is waiting." if not waiting else
            f"{len(waiting):,} waiting, first in line at the top. A cancellation promotes the first.")
