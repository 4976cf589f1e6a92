"""Bare Textual apps: the floors the desk's DESIGN budgets are measured against.

    python bench/bare_app.py scan DB_PATH   an Input; Enter does one indexed lookup on the
                                            tickets table and shows the result (the last 5) in a Static
    python bench/bare_app.py start          a DataTable and an Input, nothing else

Only Textual and sqlite3 are imported: no coprod_events code.
"""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Static

SCAN_READY = "Bare scan ready"
START_READY = "Bare start ready"


class BareScanInput(Input):
    """An Input that ends a scan as Enter arrives, so codes sent in one burst stay apart (a
    stock Input submits through a binding, after it has taken the next code's keys)."""

    async def _on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            scanned, self.value = self.value, ""
            self.post_message(self.Submitted(self, scanned))
            return
        await super()._on_key(event)


class BareScan(App[None]):
    """Scan field + result: the least a scan-to-verdict app can do."""

    def __init__(self, db_path: str):
        super().__init__()
        self.conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self.results: list[str] = []

    def compose(self) -> ComposeResult:
        yield BareScanInput(placeholder=SCAN_READY, id="scan")
        yield Static("", id="result")

    def on_mount(self) -> None:
        self.query_one("#scan").focus()

    def on_input_submitted(self, submitted: Input.Submitted) -> None:
        row = self.conn.execute("SELECT registration_id FROM tickets WHERE code = ?",
                                [submitted.value.strip().upper()]).fetchone()
        self.results = [*self.results[-4:],  # the last 5, for bursts
                        f"FOUND reg={row[0]};" if row else f"NOT FOUND {submitted.value!r}"]
        self.query_one("#result", Static).update("\n".join(self.results))


class BareStart(App[None]):
    """A table and an input: the floor for cold start."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=START_READY, id="input")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one("#table", DataTable)
        table.add_columns("Time", "Name", "Verdict")
        table.add_row("10:00", "Someone", "admitted")
        self.query_one("#input").focus()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "scan" and len(sys.argv) == 3:
        BareScan(sys.argv[2]).run()
    elif mode == "start":
        BareStart().run()
    else:
        sys.exit(__doc__)
