"""Row tables keyed by id, shared by the events list and the event screen's tabs."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar, cast

from textual.binding import Binding
from textual.widgets import DataTable, TabPane

from .row_list import RowList

TableT = TypeVar("TableT", DataTable, RowList)


def cursor_key(table: DataTable | RowList) -> str | None:
    """The key of the row under the cursor (None in an empty table)."""
    if isinstance(table, RowList):
        return table.cursor_key
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def restore_cursor(table: DataTable | RowList, key: str | None, row: int | None = None) -> None:
    """Put the cursor back on the row with this key, if it is still there; else, given the `row`
    it was on, on the row now in its place (not back at the top, where Enter opens another)."""
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key), animate=False)
    elif row is not None and table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1), animate=False)


class OpenTable(DataTable):
    """A row table whose Enter is shown in the Footer as "Open"."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]


class EditTable(DataTable):
    """A row table whose Enter is shown in the Footer as "Edit"."""

    BINDINGS = [Binding("enter", "select_cursor", "Edit")]


class TableTab(TabPane, Generic[TableT]):
    """A tab whose rows are keyed by a record's id; the screen asks it which row is chosen.
    Its rows are read in a worker: a tab fills its table between `cursor_to_keep()` and
    `restore_cursor(table, key)`."""

    TABLE_ID: ClassVar[str]
    _wanted: str | None = None  # the row to put the cursor on once the table is next filled

    @property
    def table(self) -> TableT:
        return cast(TableT, self.query_one(f"#{self.TABLE_ID}"))

    def selected(self) -> int | None:
        """The id of the row under the cursor (None in an empty table)."""
        key = cursor_key(self.table)
        return int(key) if key is not None else None

    def select(self, row_id: int) -> None:
        """Put the cursor on this record's row: now if it is shown, and again once the rows
        being read are shown (a record just added is only in those)."""
        self._wanted = str(row_id)
        restore_cursor(self.table, self._wanted)

    def cursor_to_keep(self) -> str | None:
        """Before filling the table afresh: the row the cursor should be on afterwards."""
        key, self._wanted = self._wanted or cursor_key(self.table), None
        return key

    def focus_table(self) -> None:
        """Focus the table at once (not after the next refresh, as `focus()` would)."""
        self.screen.set_focus(self.table)
